package dev.pictor.cli;

import dev.pictor.Pictor;
import dev.pictor.PictorException;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.learning.CentralFaceEmbedder;
import dev.pictor.learning.PairClassifier;
import dev.pictor.recognition.Calibration;
import dev.pictor.recognition.LfwPairs;
import dev.pictor.recognition.LfwProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pictor train pair-classifier}: trains a {@link PairClassifier} (logistic regression on
 * {@code |f1 - f2|}) on the labelled pairs of an LFW pairs file and writes it as JSON, stamped with
 * the encoder's model id; optionally reports its accuracy and AUC on test pairs next to the
 * threshold verifier.
 *
 * <p>One instance per run; not thread-safe. The detector and encoder are opened and closed within
 * {@link #call()}.
 */
@Command(
    name = "pair-classifier",
    description = {
      "Trains a pair classifier, P(same) = sigmoid(sum_k w_k |f1_k - f2_k| + b), by L2-regularised"
          + " logistic regression on the pairs of --pairs (faces found as in pictor evaluate lfw),"
          + " and writes it to --out as JSON with the encoder's model id.",
      "With --test-pairs, reports accuracy (P >= 0.5) and AUC on those pairs next to the distance"
          + " threshold chosen on --pairs."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the classifier was trained and written",
      "2:usage error, or input that cannot be used",
      "3:the model or device cannot be used, or a run failed"
    })
final class TrainPairClassifierCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "LFW image root.")
  private Path images;

  @Option(
      names = "--pairs",
      required = true,
      paramLabel = "FILE",
      description = "Labelled training pairs (e.g. pairsDevTrain.txt).")
  private Path pairsFile;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the classifier (JSON).")
  private Path out;

  @Option(
      names = "--test-pairs",
      paramLabel = "FILE",
      description = "Pairs to report accuracy and AUC on (e.g. pairsDevTest.txt).")
  private Path testPairsFile;

  @Option(
      names = "--model",
      defaultValue = EncoderOptions.DEFAULT_MODEL_ID,
      paramLabel = "ID",
      description = "Encoder whose embeddings are classified (default: ${DEFAULT-VALUE}).")
  private String model;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description = "Look for models (a trained encoder, the YuNet detector) in DIR first.")
  private Path modelDirectory;

  @Option(
      names = "--lambda",
      paramLabel = "L",
      defaultValue = "1e-4",
      description = "L2 regularisation strength (default: ${DEFAULT-VALUE}).")
  private double lambda;

  @Override
  public Integer call() throws PictorException, InputException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    WritableOutput.check("--out", out);
    TrainData.imageRoot(images);
    LfwPairs train = TrainData.pairs(pairsFile);
    LfwPairs test = testPairsFile == null ? null : TrainData.pairs(testPairsFile);
    List<String> names = new ArrayList<>(TrainData.images(train));
    if (test != null) {
      names.addAll(TrainData.images(test));
    }
    EncoderOptions.Builder encoderOptions = EncoderOptions.builder().modelId(model);
    DetectorOptions.Builder detectorOptions = DetectorOptions.builder();
    if (modelDirectory != null) {
      encoderOptions.modelDirectory(modelDirectory);
      detectorOptions.modelDirectory(modelDirectory);
    }
    Map<String, FaceEmbedding> embeddings;
    AnalyzerOptions analyzerOptions =
        AnalyzerOptions.defaults()
            .withDetector(detectorOptions.build())
            .withEncoder(encoderOptions.build());
    try (FaceAnalyzer analyzer = Pictor.faceAnalyzer(analyzerOptions);
        ProgressBar progress = Progress.of(spec).items("embedding", names.size())) {
      int[] last = {0};
      embeddings =
          new CentralFaceEmbedder(analyzer)
              .embed(
                  images,
                  names,
                  n -> {
                    progress.advance(n - last[0]);
                    last[0] = n;
                  });
    }
    List<PairClassifier.LabelledPair> labelled = labelled(train, embeddings);
    if (labelled.isEmpty()) {
      throw new InputException("no pair of " + pairsFile + " has a face in both images");
    }
    PairClassifier classifier;
    try (ProgressBar progress = Progress.of(spec).steps("newton iterations (at most 100)", 100)) {
      classifier =
          PairClassifier.train(
              labelled,
              PairClassifier.Feature.ABS_DIFF,
              lambda,
              "LFW " + pairsFile.getFileName() + " (" + labelled.size() + " pairs)",
              i -> progress.advance(1));
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    }
    err.printf(Locale.ROOT, "training log-loss %.5f%n", classifier.trainLogLoss());
    try {
      classifier.write(out);
    } catch (IOException e) {
      throw new InputException("cannot write " + out + ": " + e.getMessage(), e);
    }
    if (test != null) {
      List<PairClassifier.LabelledPair> testPairs = labelled(test, embeddings);
      double[] scores = new double[testPairs.size()];
      boolean[] same = new boolean[testPairs.size()];
      int correct = 0;
      for (int i = 0; i < scores.length; i++) {
        PairClassifier.LabelledPair p = testPairs.get(i);
        double prob = classifier.probability(p.first(), p.second());
        scores[i] = 1 - prob;
        same[i] = p.same();
        correct += (prob >= 0.5) == p.same() ? 1 : 0;
      }
      Calibration c = Calibration.of(scores, same);
      LfwProtocol.Result threshold =
          LfwProtocol.evaluate(
              test, train, n -> Optional.ofNullable(embeddings.get(n)), DistanceMetric.EUCLIDEAN);
      outWriter.printf(
          Locale.ROOT,
          "%s: pair classifier accuracy %.2f%% AUC %.5f; threshold %.4f accuracy %.2f%% AUC %.5f"
              + " (%d of %d pairs scored)%n",
          testPairsFile.getFileName(),
          100.0 * correct / test.size(),
          c.auc(),
          threshold.threshold(),
          100 * threshold.accuracy(),
          threshold.auc(),
          scores.length,
          test.size());
    }
    outWriter.printf(Locale.ROOT, "wrote %s for model %s%n", out.toAbsolutePath(), model);
    return PictorCli.OK;
  }

  private static List<PairClassifier.LabelledPair> labelled(
      LfwPairs pairs, Map<String, FaceEmbedding> embeddings) {
    List<PairClassifier.LabelledPair> out = new ArrayList<>();
    Map<String, FaceEmbedding> m = new HashMap<>(embeddings);
    for (LfwPairs.Pair p : pairs.pairs()) {
      FaceEmbedding a = m.get(p.firstImage());
      FaceEmbedding b = m.get(p.secondImage());
      if (a != null && b != null) {
        out.add(new PairClassifier.LabelledPair(a, b, p.same()));
      }
    }
    return out;
  }
}
