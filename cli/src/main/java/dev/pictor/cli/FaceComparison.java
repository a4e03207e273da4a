package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.cli.FaceReader.Attempt;
import dev.pictor.cli.FaceReader.ChosenFace;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceSelection;
import dev.pictor.recognition.TwoFaceVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code pictor compare} and {@code pictor verify} share: encode the most prominent face of
 * each photo (or each crop), compute the distances between them, print them, and for two images
 * decide "same person" or "different people".
 *
 * <p>One instance per run; not thread-safe. The analyzer is opened and closed within {@link
 * #run()}.
 */
final class FaceComparison {
  private final CommandSpec spec;
  private final AnalyzerMixin analysis;
  private final ThresholdOption threshold;
  private final boolean json;
  private final List<Path> images;
  private final List<String> folderProblems;
  private final boolean verdict;

  /**
   * @param spec the command being run, for its output streams
   * @param analysis the analyzer options
   * @param threshold the threshold option
   * @param json whether to print JSON rather than text
   * @param inputs the images, folders expanded, and the folders that gave none
   * @param verdict whether to decide "same person": exactly two images were named, no folder
   */
  FaceComparison(
      CommandSpec spec,
      AnalyzerMixin analysis,
      ThresholdOption threshold,
      boolean json,
      ImageArguments.Expanded inputs,
      boolean verdict) {
    if (verdict && (inputs.files().size() != 2 || !inputs.problems().isEmpty())) {
      throw new IllegalArgumentException("a verdict needs exactly two images: " + inputs);
    }
    this.spec = spec;
    this.analysis = analysis;
    this.threshold = threshold;
    this.json = json;
    this.images = inputs.files();
    this.folderProblems = inputs.problems();
    this.verdict = verdict;
  }

  /** The two images of a verdict ({@code verify}, or {@code compare} of two files). */
  static FaceComparison ofPair(
      CommandSpec spec,
      AnalyzerMixin analysis,
      ThresholdOption threshold,
      boolean json,
      List<Path> pair) {
    return new FaceComparison(
        spec, analysis, threshold, json, new ImageArguments.Expanded(pair, List.of()), true);
  }

  /**
   * Compares and prints.
   *
   * @return for a verdict, {@link PictorCli#OK} for the same person, else {@link
   *     PictorCli#NEGATIVE}; for a distance matrix, {@link PictorCli#OK} if every input was used,
   *     else {@link PictorCli#USAGE}
   * @throws dev.pictor.ImageException naming an image that cannot be read or has no face
   * @throws PictorException if a model cannot be used or a run fails
   */
  int run() throws PictorException, InputException {
    PrintWriter out = spec.commandLine().getOut();
    try (FaceAnalyzer analyzer = analysis.openAnalyzer();
        FaceAnalyzer second = analysis.openSecondAnalyzer()) {
      PrintWriter err = spec.commandLine().getErr();
      FaceReader reader = analysis.reader(analyzer, second);
      List<ChosenFace> faces;
      List<String> problems = List.of();
      if (verdict) {
        // A verdict needs both faces: the first problem is the answer.
        faces = reader.oneFaceEach(images);
      } else {
        // A distance matrix: every usable image is compared, each unusable one reported.
        FailedInputs.report(err, folderProblems);
        List<Attempt> attempts = reader.tryOneFaceEach(images, FaceSelection.MOST_PROMINENT, true);
        faces = attempts.stream().flatMap(a -> a.chosen().stream()).toList();
        problems =
            attempts.stream().filter(a -> a.chosen().isEmpty()).map(Attempt::problem).toList();
        FailedInputs.report(err, problems);
        if (faces.size() < 2) {
          throw new InputException(
              "only " + faces.size() + " of the " + images.size() + " images could be compared");
        }
      }
      List<Path> used = faces.stream().map(ChosenFace::file).toList();
      Scoring card = analysis.scoring(analyzer);
      double limit = threshold.limit(card);
      String source = threshold.source(card);
      String shortSource = threshold.shortSource(card);
      TwoFaceVerifier verifier =
          TwoFaceVerifier.withThreshold(card.modelId(), card.metric(), limit);
      double[][] distances =
          verifier.distances(faces.stream().map(f -> f.face().embedding()).toList());
      Boolean samePerson =
          verdict
              ? verifier
                  .verify(faces.get(0).face().embedding(), faces.get(1).face().embedding())
                  .samePerson()
              : null;
      if (json) {
        printJson(out, card, used, faces, distances, limit, source, samePerson);
      } else {
        printText(out, card, used, faces, distances, limit, shortSource, samePerson);
      }
      if (samePerson == null) {
        int failed = folderProblems.size() + problems.size();
        return FailedInputs.summarise(
            err, failed, images.size() + folderProblems.size(), PictorCli.OK);
      }
      return samePerson ? PictorCli.OK : PictorCli.NEGATIVE;
    }
  }

  private void printText(
      PrintWriter out,
      Scoring card,
      List<Path> images,
      List<ChosenFace> faces,
      double[][] d,
      double limit,
      String source,
      Boolean samePerson) {
    String metric = card.metric().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    if (samePerson != null) {
      out.printf(
          Locale.ROOT,
          "%s%s%n",
          images.get(0),
          faces.get(0).location(FaceSelection.MOST_PROMINENT));
      out.printf(
          Locale.ROOT,
          "%s%s%n",
          images.get(1),
          faces.get(1).location(FaceSelection.MOST_PROMINENT));
      out.printf(Locale.ROOT, "distance   %.4f (%s, model %s)%n", d[0][1], metric, card.modelId());
      out.printf(Locale.ROOT, "threshold  %s (%s)%n", limit, source);
      out.println(samePerson ? "same person" : "different people");
    } else {
      out.printf(
          Locale.ROOT,
          "%s distances (model %s); * marks pairs within the threshold%n",
          metric,
          card.modelId());
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
        out.printf(
            Locale.ROOT,
            "[%d] %s%s%n",
            i + 1,
            images.get(i),
            faces.get(i).location(FaceSelection.MOST_PROMINENT));
      }
      out.printf(Locale.ROOT, "threshold  %s (%s)%n", limit, source);
    }
    out.flush();
  }

  private void printJson(
      PrintWriter out,
      Scoring card,
      List<Path> images,
      List<ChosenFace> faces,
      double[][] d,
      double limit,
      String source,
      Boolean samePerson) {
    ObjectNode root = Json.object();
    root.put("model", card.modelId());
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
      root.put("distance", d[0][1]);
      root.put("samePerson", samePerson);
    }
    Json.print(out, root);
  }
}
