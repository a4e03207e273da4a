package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.cli.FaceReader.EncodedFace;
import dev.pictor.cli.FaceReader.ImageFaces;
import dev.pictor.face.Candidate;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.Gallery;
import dev.pictor.face.Identification;
import dev.pictor.face.Recognizer;
import dev.pictor.recognition.FusedRecognizer;
import dev.pictor.recognition.FusionPreset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pictor identify}: who of the enrolled people is in each photo, if anyone (open-set 1:K
 * identification).
 *
 * <p>One instance per run; not thread-safe. The gallery and the analyzer are opened and closed
 * within {@link #call()}.
 */
@Command(
    name = "identify",
    description = {
      "Recognises the people in photos: every face found in each photo (a group photo identifies"
          + " everyone in it) is compared with every enrolled face, and named after the nearest"
          + " enrolled person if their distance is at most the threshold (the model's default, or"
          + " --threshold), else UNKNOWN.",
      "",
      "Text: one line per face with the file, the face's number (highest detection score first)"
          + " and box, the name or UNKNOWN, its distance, the margin (the second candidate's"
          + " distance minus the first's: how clear the decision is) and the --top nearest people"
          + " with their distances. A photo without a face prints \"no face\".",
      "With --json, one object: {\"gallery\":..,\"people\":..,\"model\":..,\"threshold\":..,"
          + "\"images\":[{"
          + "\"file\":..,\"faces\":[{\"box\":..,\"score\":..,\"landmarks\":..,\"name\":\"..\"|null,"
          + "\"distance\":..|null,\"margin\":..|null,\"candidates\":[{\"name\":..,\"distance\":..}]}]}]}",
      "With --aligned, each IMAGE is one face crop, without detection.",
      "Use the --flip setting the gallery was enrolled with: it changes the embeddings."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every face found was recognised",
      "1:some face is UNKNOWN (no enrolled person within the threshold)",
      "2:usage error, an image that cannot be read, a photo without a face (the other photos are"
          + " still identified), or a gallery that is missing, unusable or made by another model",
      "3:the model or device cannot be used, or a run failed"
    })
final class IdentifyCommand implements Callable<Integer> {
  private static final String UNKNOWN = ReservedName.UNKNOWN;

  @Spec private CommandSpec spec;

  @Mixin private AnalyzerMixin analysis;

  @Mixin private GalleryOption galleryOption;

  @Mixin private ThresholdOption threshold;

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "3",
      description = "How many of the nearest enrolled people to list per face (default: 3).")
  private int top;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  @Parameters(
      arity = "1..*",
      paramLabel = "IMAGE",
      description = {
        "Photos (face crops with --aligned); a folder stands for the .jpg, .jpeg and .png files"
            + " under it, at any depth, in sorted order (hidden ones left out)."
      })
  private List<Path> images;

  /** One face and who it is. */
  private record Answer(EncodedFace face, Identification identification) {}

  /** One photo and the answers for its faces. */
  private record PhotoAnswers(Path file, List<Answer> answers) {}

  @Override
  public Integer call() throws PictorException, InputException {
    if (top < 1) {
      throw new ParameterException(spec.commandLine(), "--top must be at least 1, was " + top);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // The gallery first: a wrong file fails at once, before the models are loaded.
    Optional<FusionPreset> fusion = analysis.fusion();
    try (Gallery gallery = galleryOption.openForReading();
        Gallery secondGallery =
            fusion.isPresent() ? galleryOption.openSecondForReading(fusion.get()) : null;
        FaceAnalyzer analyzer = analysis.openAnalyzer();
        FaceAnalyzer second = analysis.openSecondAnalyzer()) {
      galleryOption.requireModel(gallery, analyzer.encoder().card());
      Scoring card = analysis.scoring(analyzer);
      int people = gallery.count();
      if (people == 0) {
        err.println(
            "pictor: gallery " + galleryOption.label() + " is empty: every face is UNKNOWN");
      }
      Recognizer recognizer =
          fusion.isPresent()
              ? new FusedRecognizer(gallery, secondGallery, fusion.get(), threshold.limit(card))
              : Galleries.recognizer(gallery, card.metric(), threshold.limit(card));
      List<PhotoAnswers> photos = new ArrayList<>();
      ImageArguments.Expanded inputs = ImageArguments.expand(images);
      FailedInputs.report(err, inputs.problems());
      List<String> problems = new ArrayList<>();
      for (ImageFaces image : analysis.reader(analyzer, second).everyFace(inputs.files())) {
        if (!image.readable()) {
          problems.add(image.problem());
          continue;
        }
        List<Answer> answers = new ArrayList<>();
        for (EncodedFace face : image.faces()) {
          answers.add(new Answer(face, recognizer.identify(face.embedding(), top)));
        }
        photos.add(new PhotoAnswers(image.file(), answers));
      }
      FailedInputs.report(err, problems);
      if (json) {
        printJson(out, card, people, photos);
      } else {
        printText(out, photos);
      }
      int code = exitCode(photos, err);
      int failed = inputs.problems().size() + problems.size();
      return FailedInputs.summarise(err, failed, inputs.inputs(), code);
    }
  }

  /** 2 if a photo had no face, else 1 if some face is unknown, else 0. */
  private static int exitCode(List<PhotoAnswers> photos, PrintWriter err) {
    long faceless = photos.stream().filter(p -> p.answers().isEmpty()).count();
    if (faceless > 0) {
      err.printf(Locale.ROOT, "pictor: %d photo(s) without a face (see above)%n", faceless);
      err.flush();
      return PictorCli.USAGE;
    }
    boolean allKnown =
        photos.stream()
            .flatMap(p -> p.answers().stream())
            .allMatch(a -> a.identification().recognised());
    return allKnown ? PictorCli.OK : PictorCli.NEGATIVE;
  }

  private void printText(PrintWriter out, List<PhotoAnswers> photos) {
    for (PhotoAnswers photo : photos) {
      if (photo.answers().isEmpty()) {
        out.printf(Locale.ROOT, "%s  no face%n", photo.file());
      }
      for (int i = 0; i < photo.answers().size(); i++) {
        Answer answer = photo.answers().get(i);
        int number = i + 1;
        Identification id = answer.identification();
        StringBuilder line = new StringBuilder(photo.file().toString());
        answer
            .face()
            .detection()
            .ifPresent(
                d ->
                    line.append(
                        String.format(
                            Locale.ROOT,
                            "  face %d at %d,%d size %dx%d",
                            number,
                            Math.round(d.box().x()),
                            Math.round(d.box().y()),
                            Math.round(d.box().width()),
                            Math.round(d.box().height()))));
        line.append("  ").append(id.name().orElse(UNKNOWN));
        if (id.candidates().isEmpty()) {
          line.append("  (nobody enrolled)");
        } else {
          line.append(String.format(Locale.ROOT, "  distance %.4f", nearest(id)));
          if (id.candidates().size() > 1) {
            line.append(String.format(Locale.ROOT, "  margin %.4f", id.margin()));
          }
          line.append("  nearest:");
          for (Candidate c : id.candidates()) {
            line.append(String.format(Locale.ROOT, " %s %.4f", c.name(), c.distance()));
          }
        }
        out.println(line);
      }
    }
    out.flush();
  }

  private void printJson(PrintWriter out, Scoring card, int people, List<PhotoAnswers> photos) {
    ObjectNode root = Json.object();
    root.put("gallery", galleryOption.label().toString());
    root.put("people", people);
    root.put("model", card.modelId());
    root.put("metric", card.metric().name());
    root.put("threshold", threshold.limit(card));
    root.put("thresholdSource", threshold.source(card));
    root.put("flip", analysis.options().flipAugmentation());
    ArrayNode list = root.putArray("images");
    for (PhotoAnswers photo : photos) {
      ObjectNode entry = list.addObject();
      entry.put("file", photo.file().toString());
      ArrayNode faces = entry.putArray("faces");
      for (Answer answer : photo.answers()) {
        ObjectNode node = faces.addObject();
        answer.face().detection().ifPresent(d -> Json.putDetection(node, d));
        Identification id = answer.identification();
        if (id.recognised()) {
          node.put("name", id.name().get());
        } else {
          node.putNull("name");
        }
        if (id.candidates().isEmpty()) {
          node.putNull("distance");
        } else {
          node.put("distance", nearest(id));
        }
        // No JSON number is infinite: no margin with fewer than two candidates.
        if (id.candidates().size() > 1) {
          node.put("margin", id.margin());
        } else {
          node.putNull("margin");
        }
        ArrayNode candidates = node.putArray("candidates");
        for (Candidate c : id.candidates()) {
          candidates.addObject().put("name", c.name()).put("distance", c.distance());
        }
      }
    }
    Json.print(out, root);
  }

  private static double nearest(Identification id) {
    return id.candidates().get(0).distance();
  }
}
