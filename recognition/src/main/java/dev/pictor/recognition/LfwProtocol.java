package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LFW verification protocol: how well a distance threshold separates matched from mismatched
 * pairs it was not chosen on.
 *
 * <p>Two variants, picked by the test pairs file:
 *
 * <ul>
 *   <li><b>k-fold</b> ({@code pairs.txt}, header {@code 10 300}): for each fold, the threshold is
 *       the {@linkplain Calibration#accuracyOptimalThreshold() accuracy-optimal} one on the other
 *       folds, and accuracy is measured on that fold. The reported accuracy is the mean of the fold
 *       accuracies, {@code std} their <em>sample</em> standard deviation (divisor {@code k - 1}),
 *       and the threshold the mean of the fold thresholds. No train pairs file may be given.
 *   <li><b>train/test</b> (View 1, header {@code 1100} / {@code 500}): the threshold is the
 *       accuracy-optimal one on the train pairs ({@code pairsDevTrain.txt}, required), accuracy is
 *       measured on the test pairs; {@code std} is 0.
 * </ul>
 *
 * <p>Strict failure accounting: a test pair where either image has no embedding counts as a wrong
 * answer and is listed in {@link Result#failures()}. Such pairs have no distance, so they are left
 * out of the pooled ROC, AUC and EER, and out of threshold selection (where, being wrong for every
 * threshold, they would not change the choice). Train pairs without embeddings are left out of
 * threshold selection and reported in the log at WARN.
 *
 * <p>Each image's embedding is asked for once per call. Stateless and safe to call from several
 * threads, provided the embedding function is.
 */
public final class LfwProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(LfwProtocol.class);

  private LfwProtocol() {}

  /**
   * The outcome of one evaluation.
   *
   * @param accuracy mean accuracy over the folds (the test accuracy for train/test), failures
   *     counted as wrong
   * @param std sample standard deviation of the fold accuracies; 0 for train/test
   * @param auc area under the ROC of all scored test pairs, pooled
   * @param eer equal error rate of all scored test pairs, pooled
   * @param threshold the mean of the fold thresholds, or the threshold chosen on the train pairs
   * @param pairs number of test pairs, failures included
   * @param failures the test pairs where at least one image has no embedding, in file order
   * @param imagesWithoutEmbedding the test images that have no embedding, sorted
   * @param foldAccuracies accuracy of each fold, in fold order (one entry for train/test)
   * @param foldThresholds threshold used on each fold, in fold order (one entry for train/test)
   * @param metric the distance metric
   * @param calibration the pooled calibration of the scored test pairs, e.g. for a ROC plot
   */
  public record Result(
      double accuracy,
      double std,
      double auc,
      double eer,
      double threshold,
      int pairs,
      List<LfwPairs.Pair> failures,
      List<String> imagesWithoutEmbedding,
      List<Double> foldAccuracies,
      List<Double> foldThresholds,
      DistanceMetric metric,
      Calibration calibration) {

    /** Copies the lists. */
    public Result {
      failures = List.copyOf(failures);
      imagesWithoutEmbedding = List.copyOf(imagesWithoutEmbedding);
      foldAccuracies = List.copyOf(foldAccuracies);
      foldThresholds = List.copyOf(foldThresholds);
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(calibration, "calibration");
    }
  }

  /**
   * Runs the protocol.
   *
   * @param pairs the test pairs: a k-fold file ({@code folds() >= 2}) or a single set
   * @param trainPairs the pairs to choose the threshold on for a single-set test file; must be null
   *     for a k-fold file
   * @param embeddingOfImage the embedding of an image named by its path relative to the LFW root
   *     (as in {@link LfwPairs.Pair}), or empty when no face was found; must not return null
   * @param metric how to compare embeddings
   * @return the accuracy, its spread, AUC, EER, thresholds and failures
   * @throws IllegalArgumentException if train pairs are missing for a single-set file or given for
   *     a k-fold file, or too few pairs can be scored to choose a threshold or draw a ROC (the
   *     message says which)
   */
  public static Result evaluate(
      LfwPairs pairs,
      LfwPairs trainPairs,
      Function<String, Optional<FaceEmbedding>> embeddingOfImage,
      DistanceMetric metric) {
    Objects.requireNonNull(pairs, "pairs");
    Objects.requireNonNull(embeddingOfImage, "embeddingOfImage");
    Objects.requireNonNull(metric, "metric");
    boolean crossValidation = pairs.folds() >= 2;
    if (crossValidation && trainPairs != null) {
      throw new IllegalArgumentException(
          pairs.source()
              + " has "
              + pairs.folds()
              + " folds, so thresholds come from the other folds; do not pass a train pairs file ("
              + trainPairs.source()
              + ")");
    }
    if (!crossValidation && trainPairs == null) {
      throw new IllegalArgumentException(
          pairs.source()
              + " is a single set of pairs: a train pairs file (such as pairsDevTrain.txt) is needed"
              + " to choose the threshold");
    }

    Embeddings embeddings = new Embeddings(embeddingOfImage);
    double[] distances = embeddings.distances(pairs.pairs(), metric);

    List<Double> foldAccuracies = new ArrayList<>();
    List<Double> foldThresholds = new ArrayList<>();
    if (crossValidation) {
      for (int fold = 0; fold < pairs.folds(); fold++) {
        List<Calibration.ScoredPair> training = new ArrayList<>();
        for (int k = 0; k < distances.length; k++) {
          if (pairs.pairs().get(k).fold() != fold && !Double.isNaN(distances[k])) {
            training.add(new Calibration.ScoredPair(distances[k], pairs.pairs().get(k).same()));
          }
        }
        double threshold;
        try {
          threshold = Calibration.of(training).accuracyOptimalThreshold();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "cannot choose a threshold for fold "
                  + (fold + 1)
                  + " of "
                  + pairs.source()
                  + " from the other folds: "
                  + e.getMessage(),
              e);
        }
        foldThresholds.add(threshold);
        foldAccuracies.add(accuracy(pairs.pairs(), distances, fold, threshold));
      }
    } else {
      double[] trainDistances = embeddings.distances(trainPairs.pairs(), metric);
      List<Calibration.ScoredPair> training = new ArrayList<>();
      int trainFailures = 0;
      for (int k = 0; k < trainDistances.length; k++) {
        if (Double.isNaN(trainDistances[k])) {
          trainFailures++;
        } else {
          training.add(
              new Calibration.ScoredPair(trainDistances[k], trainPairs.pairs().get(k).same()));
        }
      }
      if (trainFailures > 0) {
        LOG.warn(
            "{} of {} train pairs in {} have an image without embedding; they are left out of"
                + " threshold selection",
            trainFailures,
            trainDistances.length,
            trainPairs.source());
      }
      double threshold;
      try {
        threshold = Calibration.of(training).accuracyOptimalThreshold();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot choose a threshold from " + trainPairs.source() + ": " + e.getMessage(), e);
      }
      foldThresholds.add(threshold);
      foldAccuracies.add(accuracy(pairs.pairs(), distances, -1, threshold));
    }

    List<Calibration.ScoredPair> scored = new ArrayList<>();
    List<LfwPairs.Pair> failures = new ArrayList<>();
    TreeSet<String> missing = new TreeSet<>();
    for (int k = 0; k < distances.length; k++) {
      LfwPairs.Pair pair = pairs.pairs().get(k);
      if (Double.isNaN(distances[k])) {
        failures.add(pair);
        for (String image : List.of(pair.firstImage(), pair.secondImage())) {
          if (embeddings.of(image).isEmpty()) {
            missing.add(image);
          }
        }
      } else {
        scored.add(new Calibration.ScoredPair(distances[k], pair.same()));
      }
    }
    if (!failures.isEmpty()) {
      LOG.warn(
          "{} of {} pairs in {} have an image without embedding; they count as wrong answers",
          failures.size(),
          distances.length,
          pairs.source());
    }
    Calibration pooled;
    try {
      pooled = Calibration.of(scored);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot draw a ROC for " + pairs.source() + ": " + e.getMessage(), e);
    }

    double mean = foldAccuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double std = 0.0;
    if (foldAccuracies.size() > 1) {
      double sum = 0.0;
      for (double a : foldAccuracies) {
        sum += (a - mean) * (a - mean);
      }
      std = Math.sqrt(sum / (foldAccuracies.size() - 1));
    }
    double threshold =
        foldThresholds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    LOG.debug(
        "LFW {} ({} folds, {} pairs, {} failures): accuracy {} +- {}, threshold {}",
        pairs.source(),
        pairs.folds(),
        distances.length,
        failures.size(),
        mean,
        std,
        threshold);
    return new Result(
        mean,
        std,
        pooled.auc(),
        pooled.equalErrorRate(),
        threshold,
        distances.length,
        failures,
        new ArrayList<>(missing),
        foldAccuracies,
        foldThresholds,
        metric,
        pooled);
  }

  /**
   * Accuracy on the pairs of {@code fold} (every pair if {@code fold < 0}); a pair without distance
   * is wrong.
   */
  private static double accuracy(
      List<LfwPairs.Pair> pairs, double[] distances, int fold, double threshold) {
    int total = 0;
    int correct = 0;
    for (int k = 0; k < distances.length; k++) {
      LfwPairs.Pair pair = pairs.get(k);
      if (fold >= 0 && pair.fold() != fold) {
        continue;
      }
      total++;
      if (!Double.isNaN(distances[k]) && (distances[k] <= threshold) == pair.same()) {
        correct++;
      }
    }
    return correct / (double) total;
  }

  /** Embeddings looked up once per image within one evaluation. */
  private static final class Embeddings {
    private final Function<String, Optional<FaceEmbedding>> source;
    private final Map<String, Optional<FaceEmbedding>> cache = new HashMap<>();

    Embeddings(Function<String, Optional<FaceEmbedding>> source) {
      this.source = source;
    }

    Optional<FaceEmbedding> of(String image) {
      Optional<FaceEmbedding> known = cache.get(image);
      if (known == null) {
        known =
            Objects.requireNonNull(
                source.apply(image),
                () ->
                    "embedding function returned null for " + image + "; return Optional.empty()");
        cache.put(image, known);
      }
      return known;
    }

    /** The distance of each pair, NaN where an image has no embedding. */
    double[] distances(List<LfwPairs.Pair> pairs, DistanceMetric metric) {
      double[] distances = new double[pairs.size()];
      for (int k = 0; k < distances.length; k++) {
        LfwPairs.Pair pair = pairs.get(k);
        Optional<FaceEmbedding> first = of(pair.firstImage());
        Optional<FaceEmbedding> second = of(pair.secondImage());
        distances[k] =
            first.isPresent() && second.isPresent()
                ? first.get().distanceTo(second.get(), metric)
                : Double.NaN;
      }
      return distances;
    }
  }
}
