package dev.pictor.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.model.ModelCard;
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
 * {@code pictor compare}: the distances between face crops and, for two crops, whether they show
 * the same person.
 *
 * <p>One instance per run; not thread-safe. The encoder is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "compare",
    description = {
      "Compares face crops: the distance between every pair, in the model's metric.",
      "For two images, also the verdict: \"same person\" when the distance is at most the"
          + " threshold (the model's default, or --threshold), else \"different people\".",
      "",
      "Each IMAGE must be a crop of one face (no face detection yet); it is resized to the"
          + " model's input size as a whole, without alignment."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:two images of the same person, or more than two images compared",
      "1:two images of different people",
      "2:usage error, or an image that cannot be read",
      "3:the model or device cannot be used, or a run failed"
    })
final class CompareCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private EncoderMixin encoding;

  @Option(
      names = "--json",
      description = "Print one JSON object (files, distance matrix, threshold, verdict).")
  private boolean json;

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description =
          "Largest distance still counted as the same person (default: the model card's).")
  private Double threshold;

  @Parameters(arity = "2..*", paramLabel = "IMAGE", description = "Two or more face crops.")
  private List<Path> images;

  @Override
  public Integer call() throws PictorException {
    if (threshold != null && !(Double.isFinite(threshold) && threshold >= 0)) {
      throw new ParameterException(
          spec.commandLine(), "--threshold must be a finite number >= 0, was " + threshold);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (FaceEncoder encoder = encoding.openEncoder()) {
      List<FaceEmbedding> embeddings = encoding.embed(encoder, images, spec.commandLine().getErr());
      ModelCard card = encoder.card();
      double[][] distances = distances(embeddings, card.metric());
      double limit = threshold != null ? threshold : card.defaultThreshold();
      String source =
          threshold != null ? "--threshold on the command line" : card.thresholdSource();
      Boolean samePerson = images.size() == 2 ? distances[0][1] <= limit : null;
      if (json) {
        printJson(out, card, distances, limit, source, samePerson);
      } else {
        printText(out, card, distances, limit, source, samePerson);
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
      double[][] d,
      double limit,
      String source,
      Boolean samePerson) {
    String metric = card.metric().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    if (samePerson != null) {
      out.printf(Locale.ROOT, "%s%n%s%n", images.get(0), images.get(1));
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
        out.printf(Locale.ROOT, "[%d] %s%n", i + 1, images.get(i));
      }
      out.printf(Locale.ROOT, "threshold  %s (%s)%n", limit, source);
    }
    out.flush();
  }

  private void printJson(
      PrintWriter out,
      ModelCard card,
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
