package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceSelection;
import dev.pictor.recognition.IdentificationEvaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pictor evaluate identify}: open-set identification accuracy over a folder of people
 * ({@link IdentificationEvaluator}).
 *
 * <p>One instance per run; not thread-safe. The analyzer is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "identify",
    description = {
      "Measures open-set identification (1:K) on a folder with one sub-folder of photos per"
          + " person (DIR/<Name>/<photo>.jpg|.jpeg|.png), such as the LFW image folder.",
      "",
      "Everyone with two or more photos is enrolled with their first photo (in name order): the"
          + " gallery. Their other photos are genuine probes; the photo of each person with a"
          + " single photo is an impostor probe, someone the gallery does not know. Each probe is"
          + " matched to its nearest enrolled person.",
      "Reported: rank-1 accuracy (genuine probes whose nearest person is right); the threshold"
          + " that accepts at most --far of the impostors; and the detection-and-identification"
          + " rate (DIR) at that threshold: genuine probes both right and within it.",
      "Each photo's face is its most prominent one (the largest box, ties broken by detection"
          + " score), as in enroll and verify. A photo without a face is a failure: a genuine"
          + " probe without a face is a miss; a person whose first photo has none is left out.",
      "With --json: rank1Accuracy, dir, threshold, falseAcceptRate, targetFalseAcceptRate"
          + " (dir, threshold and falseAcceptRate are null without impostor probes),"
          + " galleryPeople, genuineProbes, impostorProbes, failures (a count), imagesWithoutFace,"
          + " skippedPeople, metric and the pipeline."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the evaluation ran (whatever the accuracy)",
      "2:usage error, a folder that cannot be listed, an image that cannot be read, or nobody"
          + " who can be enrolled",
      "3:the model or device cannot be used, or a run failed"
    })
final class EvaluateIdentifyCommand implements Callable<Integer> {
  /** Names listed in the text output; the JSON lists them all. */
  private static final int LISTED = 10;

  @Spec private CommandSpec spec;

  @Mixin private AnalyzerMixin analysis;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      required = true,
      description = "A folder with one sub-folder of photos per person.")
  private Path images;

  @Option(
      names = "--far",
      paramLabel = "F",
      defaultValue = "0.01",
      description =
          "The fraction of impostor probes the threshold may accept, in 0..1 (default:"
              + " ${DEFAULT-VALUE}, i.e. 1%%).")
  private double far;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  @Override
  public Integer call() throws PictorException, InputException {
    if (!(far >= 0 && far <= 1)) {
      throw new ParameterException(spec.commandLine(), "--far must be within 0..1, was " + far);
    }
    Map<String, List<String>> people;
    try {
      people = IdentificationEvaluator.listPeople(images);
    } catch (IOException e) {
      throw new InputException("cannot list the people in " + images + ": " + e, e);
    }
    List<String> names = people.values().stream().flatMap(List::stream).toList();
    try (FaceAnalyzer analyzer = analysis.openAnalyzer();
        FaceAnalyzer second = analysis.openSecondAnalyzer()) {
      Map<String, Optional<FaceEmbedding>> embeddings =
          analysis
              .reader(analyzer, second)
              .embeddingsByName(images, names, FaceSelection.MOST_PROMINENT);
      IdentificationEvaluator.Result result;
      try {
        result =
            IdentificationEvaluator.evaluate(
                people, embeddings::get, analysis.scoring(analyzer).metric(), far);
      } catch (IllegalArgumentException e) {
        throw new InputException("cannot evaluate " + images + ": " + e.getMessage(), e);
      }
      Pipeline pipeline =
          Pipeline.of(analysis, analyzer, second, FaceSelection.MOST_PROMINENT, false);
      if (json) {
        printJson(result, pipeline);
      } else {
        printText(result, pipeline);
      }
    }
    return PictorCli.OK;
  }

  private void printText(IdentificationEvaluator.Result r, Pipeline pipeline) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "identification: %s, %d people enrolled (first photo each), %d genuine probes, %d"
            + " impostor probes%n",
        images,
        r.galleryPeople(),
        r.genuineProbes(),
        r.impostorProbes());
    out.printf(Locale.ROOT, "rank-1     %.2f%%%n", 100 * r.rank1Accuracy());
    String target = percent(r.targetFalseAcceptRate());
    if (r.threshold().isPresent()) {
      out.printf(
          Locale.ROOT,
          "DIR        %.2f%% at FAR %s (right and within the threshold)%n",
          100 * r.detectionAndIdentificationRate().getAsDouble(),
          target);
      out.printf(
          Locale.ROOT,
          "threshold  %.4f (accepts %s of the impostors, target %s)%n",
          r.threshold().getAsDouble(),
          percent(r.falseAcceptRate().getAsDouble()),
          target);
    } else {
      out.println("DIR        n/a: no impostor probes (nobody with a single photo)");
    }
    out.printf(
        Locale.ROOT,
        "failures   %d photos without a face%s; %d people left out (first photo without a"
            + " face)%s%n",
        r.failures().size(),
        listed(r.failures()),
        r.skippedPeople().size(),
        listed(r.skippedPeople()));
    pipeline.printText(out);
    out.flush();
  }

  /** The first few names, in brackets with a leading space; nothing for none. */
  private static String listed(List<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    return " ("
        + String.join(", ", names.subList(0, Math.min(LISTED, names.size())))
        + (names.size() > LISTED ? ", ..." : "")
        + ")";
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private void printJson(IdentificationEvaluator.Result r, Pipeline pipeline) {
    ObjectNode root = Json.object();
    root.put("rank1Accuracy", r.rank1Accuracy());
    put(root, "dir", r.detectionAndIdentificationRate());
    put(root, "threshold", r.threshold());
    put(root, "falseAcceptRate", r.falseAcceptRate());
    root.put("targetFalseAcceptRate", r.targetFalseAcceptRate());
    root.put("galleryPeople", r.galleryPeople());
    root.put("genuineProbes", r.genuineProbes());
    root.put("impostorProbes", r.impostorProbes());
    root.put("failures", r.failures().size());
    ArrayNode faceless = root.putArray("imagesWithoutFace");
    r.failures().forEach(faceless::add);
    ArrayNode skipped = root.putArray("skippedPeople");
    r.skippedPeople().forEach(skipped::add);
    root.put("metric", r.metric().name());
    root.put("images", images.toString());
    pipeline.putJson(root);
    Json.print(spec.commandLine().getOut(), root);
  }

  private static void put(ObjectNode node, String key, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(key, value.getAsDouble());
    } else {
      node.putNull(key);
    }
  }
}
