package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.cli.FaceReader.EncodedFace;
import dev.pictor.cli.FaceReader.ImageFaces;
import dev.pictor.face.Box;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Point;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pictor embed}: finds the faces in photos (or takes face crops) and prints their
 * embeddings.
 *
 * <p>One instance per run; not thread-safe. The analyzer is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "embed",
    description = {
      "Finds every face in each photo, aligns it to the model's template and prints its"
          + " L2-normalised embedding: this is how to export embeddings to another system.",
      "",
      "Text: one line per face with the file, the face's number (highest detection score first),"
          + " its box (x,y,width,height in pixels), detection score, the 5 landmarks (x,y: eye,"
          + " eye, nose tip, mouth corner, mouth corner, left and right as seen in the image),"
          + " the model id and the first 4 values of the embedding. A photo without a face prints"
          + " \"no face\".",
      "With --json, one JSON object with every value:",
      "  {\"model\":\"face-resnet128\",\"detector\":\"yunet-s\",\"flip\":false,",
      "   \"images\":[{\"file\":\"...\",\"faces\":[{",
      "     \"box\":{\"x\":..,\"y\":..,\"width\":..,\"height\":..},\"score\":..,",
      "     \"landmarks\":[[x,y],[x,y],[x,y],[x,y],[x,y]],\"embedding\":[...]}]}]}",
      "Coordinates are in pixels of the upright image (EXIF orientation applied); a box may"
          + " reach past the image's edge.",
      "With --aligned, each IMAGE is one face crop: no detection, one face per image without"
          + " box, score or landmarks, and no \"detector\" in the JSON.",
      "",
      "Embeddings are comparable only with embeddings of the same model (and the same --flip"
          + " setting); they are biometric data: store and share them as carefully as the photos."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every image was read (photos without a face included: they print \"no face\")",
      "2:usage error, or some inputs failed: an image that cannot be read (each is reported on"
          + " stderr; the other images are still embedded)",
      "3:the model or device cannot be used, or a run failed"
    })
final class EmbedCommand implements Callable<Integer> {
  private static final int SHOWN_VALUES = 4;

  @Spec private CommandSpec spec;

  @Mixin private AnalyzerMixin analysis;

  @Option(
      names = "--json",
      description = "Print one JSON object with the full embeddings instead of text.")
  private boolean json;

  @Parameters(
      arity = "1..*",
      paramLabel = "IMAGE",
      description = {
        "Photos (JPEG, PNG, BMP, WebP), or face crops with --aligned; a folder stands for the"
            + " .jpg, .jpeg and .png files under it, at any depth, in sorted order (hidden ones"
            + " left out)."
      })
  private List<Path> images;

  @Override
  public Integer call() throws PictorException {
    PrintWriter out = spec.commandLine().getOut();
    analysis.requireSingleEncoder("pictor embed");
    try (FaceAnalyzer analyzer = analysis.openAnalyzer()) {
      PrintWriter err = spec.commandLine().getErr();
      ImageArguments.Expanded inputs = ImageArguments.expand(images);
      FailedInputs.report(err, inputs.problems());
      List<ImageFaces> all = analysis.reader(analyzer).everyFace(inputs.files());
      List<String> problems =
          all.stream().filter(i -> !i.readable()).map(ImageFaces::problem).toList();
      FailedInputs.report(err, problems);
      if (json) {
        printJson(out, analyzer, all);
      } else {
        printText(out, all);
      }
      int failed = inputs.problems().size() + problems.size();
      return FailedInputs.summarise(err, failed, inputs.inputs(), PictorCli.OK);
    }
  }

  private static void printText(PrintWriter out, List<ImageFaces> all) {
    for (ImageFaces image : all) {
      if (!image.readable()) {
        out.printf(Locale.ROOT, "%s  not read%n", image.file());
      } else if (image.faces().isEmpty()) {
        out.printf(Locale.ROOT, "%s  no face%n", image.file());
      }
      for (int i = 0; i < image.faces().size(); i++) {
        EncodedFace face = image.faces().get(i);
        StringBuilder line = new StringBuilder(image.file().toString());
        if (face.detection().isPresent()) {
          line.append("  face ").append(i + 1).append(describe(face.detection().get()));
        }
        line.append("  ").append(shortly(face.embedding()));
        out.println(line);
      }
    }
    out.flush();
  }

  /** Box, score and landmarks, rounded to whole pixels. */
  private static String describe(DetectedFace d) {
    Box b = d.box();
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "  box %d,%d,%d,%d  score %.3f  landmarks",
                Math.round(b.x()),
                Math.round(b.y()),
                Math.round(b.width()),
                Math.round(b.height()),
                d.score()));
    for (Point p : d.landmarks().points()) {
      text.append(String.format(Locale.ROOT, " %d,%d", Math.round(p.x()), Math.round(p.y())));
    }
    return text.toString();
  }

  /** The model id and the first few values. */
  private static String shortly(FaceEmbedding embedding) {
    float[] values = embedding.values();
    StringBuilder first = new StringBuilder();
    for (int v = 0; v < Math.min(SHOWN_VALUES, values.length); v++) {
      first.append(v == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", values[v]));
    }
    return String.format(
        Locale.ROOT, "%s  [%s, ...] (%d values)", embedding.modelId(), first, values.length);
  }

  private void printJson(PrintWriter out, FaceAnalyzer analyzer, List<ImageFaces> all) {
    ObjectNode root = Json.object();
    root.put("model", analyzer.encoder().card().id());
    if (!analysis.aligned()) {
      root.put("detector", analyzer.detectorCard().id());
    }
    root.put("flip", analysis.options().flipAugmentation());
    ArrayNode list = root.putArray("images");
    for (ImageFaces image : all) {
      ObjectNode entry = list.addObject();
      entry.put("file", image.file().toString());
      if (!image.readable()) {
        entry.put("error", image.problem());
        continue;
      }
      ArrayNode faces = entry.putArray("faces");
      for (EncodedFace face : image.faces()) {
        ObjectNode node = faces.addObject();
        face.detection().ifPresent(d -> Json.putDetection(node, d));
        ArrayNode values = node.putArray("embedding");
        for (float value : face.embedding().values()) {
          values.add(value);
        }
      }
    }
    Json.print(out, root);
  }
}
