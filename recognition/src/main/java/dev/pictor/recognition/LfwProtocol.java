package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LFW verification protocol: how well a distance threshold separates matched from mismatched
 * pairs it was not chosen on.
 *
 * <p>Three variants:
 *
 * <ul>
 *   <li><b>identity-disjoint k-fold</b> ({@link #crossValidate}): the pairs of one or more files
 *       are pooled and dealt into {@link IdentityFolds} (no person in two folds); each fold is
 *       tested with the threshold that is most accurate on the other folds. This is how defaults
 *       are chosen: on LFW View 1, {@code pairsDevTrain.txt} + {@code pairsDevTest.txt}, 3,200
 *       pairs in 10 folds.
 *   <li><b>the file's k folds</b> ({@link #evaluate}, {@code pairs.txt}, header {@code 10 300}):
 *       for each fold, the threshold is the {@linkplain Calibration#accuracyOptimalThreshold()
 *       accuracy-optimal} one on the other folds, and accuracy is measured on that fold. The
 *       reported accuracy is the mean of the fold accuracies, {@code std} their <em>sample</em>
 *       standard deviation (divisor {@code k - 1}), and the threshold the mean of the fold
 *       thresholds. No train pairs file may be given.
 *   <li><b>train/test</b> ({@link #evaluate}, View 1, header {@code 1100} / {@code 500}): the
 *       threshold is the accuracy-optimal one on the train pairs ({@code pairsDevTrain.txt},
 *       required), accuracy is measured on the test pairs; {@code std} is 0.
 * </ul>
 *
 * <p>Strict failure accounting: a test pair where either image has no embedding counts as a wrong
 * answer and is listed in {@link Result#failures()}. Such pairs have no distance, so they are left
 * out of the pooled ROC, AUC and EER, and out of threshold selection (where, being wrong for every
 * threshold, they would not change the choice). Train pairs without embeddings are left out of
 * threshold selection and reported in the log at WARN.
 *
 * <p>Every result lists the {@linkplain Result#outcomes() outcome of each pair} (its fold, group of
 * linked people, distance and whether it was answered right), so that two pipelines can be {@link
 * #compare compared} pair by pair on the same folds.
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
   * @param outcomes the outcome of each test pair, in the order of the files and their lines
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
      Calibration calibration,
      List<Outcome> outcomes) {

    /** Copies the lists. */
    public Result {
      failures = List.copyOf(failures);
      outcomes = List.copyOf(outcomes);
      imagesWithoutEmbedding = List.copyOf(imagesWithoutEmbedding);
      foldAccuracies = List.copyOf(foldAccuracies);
      foldThresholds = List.copyOf(foldThresholds);
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(calibration, "calibration");
    }
  }

  /**
   * What became of one test pair.
   *
   * @param source the pairs file it was read from
   * @param pair the pair
   * @param fold the 0-based fold it was tested in (0 for train/test)
   * @param group its group of linked people ({@link IdentityFolds#group}), for resampling
   * @param distance the distance of its two faces; NaN when an image has no embedding
   * @param correct whether the threshold of its fold answered it right (false without a distance)
   */
  public record Outcome(
      Path source, LfwPairs.Pair pair, int fold, int group, double distance, boolean correct) {

    /** Checks for nulls. */
    public Outcome {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(pair, "pair");
    }

    /** Whether {@code other} is the same pair (images, label, line, file name) in the same fold. */
    public boolean samePairAs(Outcome other) {
      return pair.equals(other.pair)
          && fold == other.fold
          && String.valueOf(source.getFileName())
              .equals(String.valueOf(other.source.getFileName()));
    }

    @Override
    public String toString() {
      return source.getFileName() + ":" + pair.line() + " fold " + (fold + 1);
    }
  }

  /**
   * Runs the protocol on one pairs file: k-fold on the file's own folds, or train/test.
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
              + " to choose the threshold, or use crossValidate");
    }
    Embeddings embeddings = new Embeddings(embeddingOfImage);
    List<Scored> scored = embeddings.score(List.of(pairs), metric);
    if (crossValidation) {
      int[] fold = new int[scored.size()];
      for (int k = 0; k < fold.length; k++) {
        fold[k] = scored.get(k).pair().fold();
      }
      return crossValidated(
          scored, fold, pairs.folds(), IdentityFolds.groups(pairs.pairs()), embeddings, metric);
    }
    List<Scored> train = embeddings.score(List.of(trainPairs), metric);
    List<Calibration.ScoredPair> training = new ArrayList<>();
    int trainFailures = 0;
    for (Scored pair : train) {
      if (Double.isNaN(pair.distance())) {
        trainFailures++;
      } else {
        training.add(new Calibration.ScoredPair(pair.distance(), pair.pair().same()));
      }
    }
    if (trainFailures > 0) {
      LOG.warn(
          "{} of {} train pairs in {} have an image without embedding; they are left out of"
              + " threshold selection",
          trainFailures,
          train.size(),
          trainPairs.source());
    }
    double threshold;
    try {
      threshold = Calibration.of(training).accuracyOptimalThreshold();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot choose a threshold from " + trainPairs.source() + ": " + e.getMessage(), e);
    }
    int[] fold = new int[scored.size()];
    return summarise(
        scored,
        fold,
        new double[] {threshold},
        IdentityFolds.groups(pairs.pairs()),
        embeddings,
        metric);
  }

  /**
   * Cross-validation over the pooled pairs of one or more files, in {@link IdentityFolds
   * identity-disjoint folds}: for each fold, the threshold is the accuracy-optimal one on the other
   * folds, and accuracy is measured on that fold; the files' own folds, if any, are ignored. For
   * LFW View 1, pool {@code pairsDevTrain.txt} and {@code pairsDevTest.txt} (3,200 pairs).
   *
   * @param files the pairs files, pooled in this order
   * @param folds the number of folds, at least 2
   * @param embeddingOfImage the embedding of an image named by its path relative to the LFW root,
   *     or empty when no face was found; must not return null
   * @param metric how to compare embeddings
   * @return the mean accuracy over the folds and its sample std, pooled AUC and EER, the fold
   *     thresholds, failures and the {@linkplain Result#outcomes() outcome of every pair}
   * @throws IllegalArgumentException if no file is given, the pairs cannot be split into {@code
   *     folds} identity-disjoint folds, or a fold's complement has too few scored pairs to choose a
   *     threshold (the message says which)
   */
  public static Result crossValidate(
      List<LfwPairs> files,
      int folds,
      Function<String, Optional<FaceEmbedding>> embeddingOfImage,
      DistanceMetric metric) {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(embeddingOfImage, "embeddingOfImage");
    Objects.requireNonNull(metric, "metric");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("cross-validation needs at least one pairs file");
    }
    Embeddings embeddings = new Embeddings(embeddingOfImage);
    List<Scored> scored = embeddings.score(files, metric);
    List<LfwPairs.Pair> pooled = scored.stream().map(Scored::pair).toList();
    IdentityFolds assignment = IdentityFolds.assign(pooled, folds);
    int[] fold = new int[pooled.size()];
    int[] group = new int[pooled.size()];
    for (int k = 0; k < fold.length; k++) {
      fold[k] = assignment.fold(k);
      group[k] = assignment.group(k);
    }
    return crossValidated(scored, fold, folds, group, embeddings, metric);
  }

  /**
   * Compares two results on the same pairs, pair by pair ({@link PairedComparison}: exact McNemar
   * and a bootstrap over groups of linked people).
   *
   * @throws IllegalArgumentException if the two results are not on the same pairs in the same folds
   */
  public static PairedComparison compare(Result first, Result second) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    List<Outcome> a = first.outcomes();
    List<Outcome> b = second.outcomes();
    if (a.size() != b.size()) {
      throw new IllegalArgumentException(
          "results are on different pairs: " + a.size() + " and " + b.size() + " pairs");
    }
    boolean[] firstRight = new boolean[a.size()];
    boolean[] secondRight = new boolean[a.size()];
    int[] groups = new int[a.size()];
    for (int k = 0; k < a.size(); k++) {
      if (!a.get(k).samePairAs(b.get(k))) {
        throw new IllegalArgumentException(
            "results differ at pair " + (k + 1) + ": " + a.get(k) + " vs " + b.get(k));
      }
      firstRight[k] = a.get(k).correct();
      secondRight[k] = b.get(k).correct();
      groups[k] = a.get(k).group();
    }
    return PairedComparison.of(firstRight, secondRight, groups);
  }

  /** Thresholds chosen fold by fold on the other folds, then the summary. */
  private static Result crossValidated(
      List<Scored> scored,
      int[] fold,
      int folds,
      int[] group,
      Embeddings embeddings,
      DistanceMetric metric) {
    double[] thresholds = new double[folds];
    for (int f = 0; f < folds; f++) {
      List<Calibration.ScoredPair> training = new ArrayList<>();
      for (int k = 0; k < fold.length; k++) {
        if (fold[k] != f && !Double.isNaN(scored.get(k).distance())) {
          training.add(
              new Calibration.ScoredPair(scored.get(k).distance(), scored.get(k).pair().same()));
        }
      }
      try {
        thresholds[f] = Calibration.of(training).accuracyOptimalThreshold();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot choose a threshold for fold "
                + (f + 1)
                + " of "
                + describe(scored)
                + " from the other folds: "
                + e.getMessage(),
            e);
      }
    }
    return summarise(scored, fold, thresholds, group, embeddings, metric);
  }

  /** Per-pair outcomes, fold accuracies, pooled ROC; a pair without distance is wrong. */
  private static Result summarise(
      List<Scored> scored,
      int[] fold,
      double[] thresholds,
      int[] group,
      Embeddings embeddings,
      DistanceMetric metric) {
    int folds = thresholds.length;
    int[] total = new int[folds];
    int[] correct = new int[folds];
    List<Outcome> outcomes = new ArrayList<>(scored.size());
    List<Calibration.ScoredPair> pooled = new ArrayList<>();
    List<LfwPairs.Pair> failures = new ArrayList<>();
    TreeSet<String> missing = new TreeSet<>();
    for (int k = 0; k < scored.size(); k++) {
      Scored pair = scored.get(k);
      double distance = pair.distance();
      boolean right =
          !Double.isNaN(distance) && (distance <= thresholds[fold[k]]) == pair.pair().same();
      total[fold[k]]++;
      if (right) {
        correct[fold[k]]++;
      }
      outcomes.add(new Outcome(pair.source(), pair.pair(), fold[k], group[k], distance, right));
      if (Double.isNaN(distance)) {
        failures.add(pair.pair());
        for (String image : List.of(pair.pair().firstImage(), pair.pair().secondImage())) {
          if (embeddings.of(image).isEmpty()) {
            missing.add(image);
          }
        }
      } else {
        pooled.add(new Calibration.ScoredPair(distance, pair.pair().same()));
      }
    }
    if (!failures.isEmpty()) {
      LOG.warn(
          "{} of {} pairs in {} have an image without embedding; they count as wrong answers",
          failures.size(),
          scored.size(),
          describe(scored));
    }
    Calibration calibration;
    try {
      calibration = Calibration.of(pooled);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot draw a ROC for " + describe(scored) + ": " + e.getMessage(), e);
    }
    List<Double> foldAccuracies = new ArrayList<>(folds);
    List<Double> foldThresholds = new ArrayList<>(folds);
    for (int f = 0; f < folds; f++) {
      if (total[f] == 0) {
        throw new IllegalArgumentException(
            "fold " + (f + 1) + " of " + describe(scored) + " is empty");
      }
      foldAccuracies.add(correct[f] / (double) total[f]);
      foldThresholds.add(thresholds[f]);
    }
    double mean = foldAccuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double std = 0.0;
    if (folds > 1) {
      double sum = 0.0;
      for (double a : foldAccuracies) {
        sum += (a - mean) * (a - mean);
      }
      std = Math.sqrt(sum / (folds - 1));
    }
    double threshold = Arrays.stream(thresholds).average().orElseThrow();
    LOG.debug(
        "LFW {} ({} folds, {} pairs, {} failures): accuracy {} +- {}, threshold {}",
        describe(scored),
        folds,
        scored.size(),
        failures.size(),
        mean,
        std,
        threshold);
    return new Result(
        mean,
        std,
        calibration.auc(),
        calibration.equalErrorRate(),
        threshold,
        scored.size(),
        failures,
        new ArrayList<>(missing),
        foldAccuracies,
        foldThresholds,
        metric,
        calibration,
        outcomes);
  }

  /** The files the pairs come from, for messages. */
  private static String describe(List<Scored> scored) {
    return scored.stream()
        .map(Scored::source)
        .distinct()
        .map(String::valueOf)
        .collect(Collectors.joining(" + "));
  }

  /** A pair, the file it came from, and its distance (NaN where an image has no embedding). */
  private record Scored(Path source, LfwPairs.Pair pair, double distance) {}

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

    /** The distance of each pair of the files, in order; NaN where an image has no embedding. */
    List<Scored> score(List<LfwPairs> files, DistanceMetric metric) {
      List<Scored> scored = new ArrayList<>();
      for (LfwPairs file : files) {
        for (LfwPairs.Pair pair : file.pairs()) {
          Optional<FaceEmbedding> first = of(pair.firstImage());
          Optional<FaceEmbedding> second = of(pair.secondImage());
          double distance =
              first.isPresent() && second.isPresent()
                  ? first.get().distanceTo(second.get(), metric)
                  : Double.NaN;
          scored.add(new Scored(file.source(), pair, distance));
        }
      }
      return scored;
    }
  }
}
