package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.cli.FaceReader.ChosenFace;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceSelection;
import dev.pictor.learning.PairClassifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pictor verify --pair-classifier FILE}: decides "same person" for two photos with a {@link
 * PairClassifier} (written by {@code pictor train pair-classifier}) instead of a distance
 * threshold: same person when {@code P(same) >= 0.5}. The faces are found as by {@link
 * FaceComparison}; the classifier must have been trained on embeddings of the encoder in use
 * ({@code --model}).
 *
 * <p>One instance per run; not thread-safe. The analyzer is opened and closed within {@link
 * #run()}.
 */
final class PairClassifierComparison {
  private final CommandSpec spec;
  private final AnalyzerMixin analysis;
  private final Path classifierFile;
  private final boolean json;
  private final List<Path> images;

  PairClassifierComparison(
      CommandSpec spec,
      AnalyzerMixin analysis,
      Path classifierFile,
      boolean json,
      List<Path> images) {
    this.spec = spec;
    this.analysis = analysis;
    this.classifierFile = classifierFile;
    this.json = json;
    this.images = images;
  }

  /**
   * Compares the two images.
   *
   * @return {@link PictorCli#OK} for the same person, else {@link PictorCli#NEGATIVE}
   * @throws InputException if the classifier file cannot be used or belongs to another encoder
   * @throws dev.pictor.ImageException naming an image that cannot be read or has no face
   * @throws PictorException if a model cannot be used or a run fails
   */
  int run() throws PictorException, InputException {
    PairClassifier classifier;
    try {
      classifier = PairClassifier.read(classifierFile);
    } catch (IOException e) {
      throw new InputException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    analysis.requireSingleEncoder("a pair classifier");
    try (FaceAnalyzer analyzer = analysis.openAnalyzer()) {
      String model = analyzer.encoder().card().id();
      if (!model.equals(classifier.encoderModelId())) {
        throw new InputException(
            "pair classifier "
                + classifierFile
                + " was trained on embeddings of model '"
                + classifier.encoderModelId()
                + "', the encoder in use is '"
                + model
                + "' (choose it with --model)");
      }
      int size = analyzer.encoder().card().encoder().embeddingSize();
      try {
        // A file whose weights do not match the embedding size is bad input, found before the
        // photos are analysed.
        classifier.probability(new float[size], new float[size]);
      } catch (IllegalArgumentException e) {
        throw new InputException(
            "pair classifier "
                + classifierFile
                + " does not fit model '"
                + model
                + "' ("
                + size
                + " values per embedding): "
                + e.getMessage(),
            e);
      }
      List<ChosenFace> faces = analysis.reader(analyzer).oneFaceEach(images);
      double p =
          classifier.probability(faces.get(0).face().embedding(), faces.get(1).face().embedding());
      boolean same = p >= 0.5;
      if (json) {
        ObjectNode root = Json.object();
        root.put("first", images.get(0).toString());
        root.put("second", images.get(1).toString());
        root.put("probabilitySame", p);
        root.put("pairClassifier", classifierFile.toString());
        root.put("model", model);
        root.put("samePerson", same);
        Json.print(out, root);
      } else {
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
        out.printf(
            Locale.ROOT,
            "P(same)    %.4f (pair classifier %s, model %s; same person at >= 0.5)%n",
            p,
            classifierFile,
            model);
        out.println(same ? "same person" : "different people");
      }
      return same ? PictorCli.OK : PictorCli.NEGATIVE;
    }
  }
}
