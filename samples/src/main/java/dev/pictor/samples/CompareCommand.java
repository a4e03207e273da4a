package dev.pictor.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.model.ModelCard;
import dev.pictor.samples.FaceReader.ChosenFace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pictor compare}: the distances between the most prominent faces of photos (or between face
 * crops) and, for two images, whether they show the same person.
 *
 * <p>One instance per run; not thread-safe. The analyzer is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "compare",
    description = {
      "Compares the faces in photos: the distance between every pair, in the model's metric.",
      "For two images, also the verdict: \"same person\" when the distance is at most the"
          + " threshold (the model's default, or --threshold), else \"different people\".",
      "",
      "Each IMAGE is a photo of the person: its faces are detected and the most prominent one is"
          + " compared, that is the face with the largest box (on equal areas, the higher"
          + " detection score); it is aligned to the model's template before encoding. A photo"
          + " in which no face is found is an input error (exit 2) naming the file.",
      "With --aligned, each IMAGE is a face crop instead, resized whole to the model's input"
          + " size without detection."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:two images of the same person, or more than two images compared",
      "1:two images of different people",
      "2:usage error, an image that cannot be read, or a photo without a face",
      "3:the model or device cannot be used, or a run failed"
    })
final class CompareCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private AnalyzerMixin analysis;

  @Option(
      names = "--json",
      description =
          "Print one JSON object (files, the faces compared, distance matrix, threshold,"
              + " verdict).")
  private boolean json;

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description =
          "Largest distance still counted as the same person (default: the model card's).")
  private Double threshold;

  @Parameters(
      arity = "2..*",
      paramLabel = "IMAGE",
      description = "Two or more photos, or face crops with --aligned.")
  private List<Path> images;

  @Override
  public Integer call() throws PictorException {
    if (threshold != null && !(Double.isFinite(threshold) && threshold >= 0)) {
      throw new ParameterException(
          spec.commandLine(), "--threshold must be a finite number >= 0, was " + threshold);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (FaceAnalyzer analyzer = analysis.openAnalyzer()) {
      List<ChosenFace> faces =
          analysis.reader(analyzer, spec.commandLine().getErr()).oneFaceEach(images);
      ModelCard card = analyzer.encoder().card();
      double[][] distances =
          distances(faces.stream().map(f -> f.face().embedding()).toList(), card.metric());
      double limit = threshold != null ? threshold : card.defaultThreshold();
      String source =
          threshold != null ? "--threshold on the command line" : card.thresholdSource();
      Boolean samePerson = images.size() == 2 ? distances[0][1] <= limit : null;
      if (json) {
        printJson(out, card, faces, distances, limit, source, samePerson);
      } else {
        printText(out, card, faces, distances, limit, source, samePerson);
      }
      if (samePerson == null) {
        return PictorCli.OK;
      }
      return samePerson ? PictorCli.OK : PictorCli.NEGATIVE;
    }
  }

  private static double[][] distances(List<FaceEmbedding> embeddings, DistanceMetric metric) {
    int n = embeddings.size();
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        d[i][j] = embeddings.get(i).distanceTo(embeddings.get(j), metric);
        d[j][i] = d[i][j];
      }
    }
    return d;
  }

  private void printText(
      PrintWriter out,
      ModelCard card,
      List<ChosenFace> faces,
      double[][] d,
      double limit,
      String source,
      Boolean samePerson) {
    String metric = card.metric().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    if (samePerson != null) {
      out.printf(Locale.ROOT, "%s%s%n", images.get(0), where(faces.get(0)));
      out.printf(Locale.ROOT, "%s%s%n", images.get(1), where(faces.get(1)));
      out.printf(Locale.ROOT, "distance   %.4f (%s, model %s)%n", d[0][1], metric, card.id());
      out.printf(Locale.ROOT, "threshold  %s (%s)%n", limit, source);
      out.println(samePerson ? "same person" : "different people");
    } else {
      out.printf(
          Locale.ROOT,
          "%s distances (model %s); * marks pairs within the threshold%n",
          metric,
          card.id());
      out.print("     ");
      for (int j = 0; j < d.length; j++) {
        out.printf(Locale.ROOT, " %8s", "[" + (j + 1) + "]");
      }
      out.println();
      for (int i = 0; i < d.length; i++) {
        StringBuilder row =
            new StringBuilder(String.format(Locale.ROOT, "%-5s", "[" + (i + 1) + "]"));
        for (int j = 0; j < d.length; j++) {
          String mark = i != j && d[i][j] <= limit ? "*" : " ";
          row.append(String.format(Locale.ROOT, " %7.4f%s", d[i][j], mark));
        }
        out.println(row.toString().stripTrailing());
      }
      for (int i = 0; i < images.size(); i++) {
        out.printf(Locale.ROOT, "[%d] %s%s%n", i + 1, images.get(i), where(faces.get(i)));
      }
      out.printf(Locale.ROOT, "threshold  %s (%s)%n", limit, source);
    }
    out.flush();
  }

  /** Which face of a photo was compared, in whole pixels; nothing for a crop. */
  private static String where(ChosenFace chosen) {
    return chosen
        .face()
        .detection()
        .map(
            d ->
                String.format(
                    Locale.ROOT,
                    "  (face at %d,%d size %dx%d, %s)",
                    Math.round(d.box().x()),
                    Math.round(d.box().y()),
                    Math.round(d.box().width()),
                    Math.round(d.box().height()),
                    chosen.facesFound() == 1
                        ? "the only face"
                        : "the largest of " + chosen.facesFound() + " faces"))
        .orElse("");
  }

  private void printJson(
      PrintWriter out,
      ModelCard card,
      List<ChosenFace> faces,
      double[][] d,
      double limit,
      String source,
      Boolean samePerson) {
    ObjectNode root = Json.object();
    root.put("model", card.id());
    root.put("metric", card.metric().name());
    root.put("threshold", limit);
    root.put("thresholdSource", source);
    ArrayNode files = root.putArray("files");
    images.forEach(image -> files.add(image.toString()));
    if (!analysis.aligned()) {
      ArrayNode compared = root.putArray("faces");
      for (ChosenFace chosen : faces) {
        ObjectNode face = compared.addObject();
        chosen.face().detection().ifPresent(detection -> Json.putDetection(face, detection));
        face.put("facesFound", chosen.facesFound());
      }
    }
    ArrayNode rows = root.putArray("distances");
    for (double[] row : d) {
      ArrayNode values = rows.addArray();
      for (double value : row) {
        values.add(value);
      }
    }
    if (samePerson != null) {
      root.put("samePerson", samePerson);
    }
    Json.print(out, root);
  }
}
