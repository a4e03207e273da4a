package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Score-level fusion of two encoders for verification, chosen and measured by cross-validation.
 *
 * <p>Each encoder's distance is first turned into the squared Euclidean distance of its
 * L2-normalised embeddings ({@code q = d^2} for {@link DistanceMetric#EUCLIDEAN}, {@code q = d} for
 * {@link DistanceMetric#SQUARED_EUCLIDEAN}, {@code q = 2 d} for {@link DistanceMetric#COSINE}), so
 * that both lie in [0, 4]. The fused distance is {@code sqrt(w q1 + (1 - w) q2)}: exactly the
 * Euclidean distance between the concatenated embeddings {@code [sqrt(w) e1, sqrt(1 - w) e2]},
 * which are again of unit length, so a fused pair of encoders can live in any gallery or index of
 * unit vectors.
 *
 * <p>{@link #crossValidate}: for each fold, the weight {@code w} (a grid of step {@value #STEP}
 * from 0 to 1) and then the threshold are chosen on the other folds only (the most accurate weight
 * at its most accurate threshold; ties go to the smaller {@code w}); the fold is tested with both.
 * So the weight is fitted inside the cross-validation, never on the pairs it is tested on. The
 * weight and threshold for use are then fitted on all pairs.
 *
 * <p>Stateless and safe to call from several threads.
 */
public final class ScoreFusion {

  /** Step of the weight grid. */
  public static final double STEP = 0.05;

  private ScoreFusion() {}

  /**
   * The outcome of a cross-validated fusion.
   *
   * @param accuracy mean of the fold accuracies, failures counted wrong
   * @param std sample standard deviation of the fold accuracies
   * @param foldAccuracies accuracy of each fold
   * @param foldWeights the weight {@code w} of the first encoder chosen for each fold
   * @param foldThresholds the fused threshold chosen for each fold
   * @param weight the weight fitted on all pairs
   * @param threshold the fused threshold fitted on all pairs with that weight
   * @param correct whether each pair was answered right in its fold
   */
  public record Result(
      double accuracy,
      double std,
      List<Double> foldAccuracies,
      List<Double> foldWeights,
      List<Double> foldThresholds,
      double weight,
      double threshold,
      boolean[] correct) {

    /** Copies the lists and the array. */
    public Result {
      foldAccuracies = List.copyOf(foldAccuracies);
      foldWeights = List.copyOf(foldWeights);
      foldThresholds = List.copyOf(foldThresholds);
      correct = correct.clone();
    }

    /** Whether each pair was answered right in its fold; a copy. */
    @Override
    public boolean[] correct() {
      return correct.clone();
    }
  }

  /** {@code d} as the squared Euclidean distance of unit vectors; NaN stays NaN. */
  static double squared(double d, DistanceMetric metric) {
    return switch (metric) {
      case EUCLIDEAN -> d * d;
      case SQUARED_EUCLIDEAN -> d;
      case COSINE -> 2 * d;
    };
  }

  /**
   * Cross-validates the fusion of two encoders' distances on the same pairs and folds.
   *
   * @param first the first encoder's distance of each pair (NaN where it has none)
   * @param firstMetric the metric of {@code first}
   * @param second the second encoder's distance of each pair (NaN where it has none)
   * @param secondMetric the metric of {@code second}
   * @param same whether each pair shows one person
   * @param fold the 0-based fold of each pair
   * @param folds number of folds, at least 2
   * @throws IllegalArgumentException if the arrays differ in length, a fold is out of range or
   *     empty, or a fold's complement has too few scored pairs to choose a threshold
   */
  public static Result crossValidate(
      double[] first,
      DistanceMetric firstMetric,
      double[] second,
      DistanceMetric secondMetric,
      boolean[] same,
      int[] fold,
      int folds) {
    Objects.requireNonNull(firstMetric, "firstMetric");
    Objects.requireNonNull(secondMetric, "secondMetric");
    int n = first.length;
    if (second.length != n || same.length != n || fold.length != n || n == 0) {
      throw new IllegalArgumentException(
          "fusion needs the same non-zero number of distances, labels and folds, got "
              + n
              + ", "
              + second.length
              + ", "
              + same.length
              + " and "
              + fold.length);
    }
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
    }
    for (int f : fold) {
      if (f < 0 || f >= folds) {
        throw new IllegalArgumentException("fold " + f + " out of range 0.." + (folds - 1));
      }
    }
    double[] q1 = new double[n];
    double[] q2 = new double[n];
    for (int k = 0; k < n; k++) {
      q1[k] = squared(first[k], firstMetric);
      q2[k] = squared(second[k], secondMetric);
    }
    int steps = (int) Math.round(1.0 / STEP);
    List<Double> accuracies = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<Double> thresholds = new ArrayList<>();
    boolean[] correct = new boolean[n];
    for (int f = 0; f < folds; f++) {
      double bestAccuracy = -1;
      double bestWeight = 0;
      double bestThreshold = 0;
      for (int s = 0; s <= steps; s++) {
        double w = s / (double) steps;
        Calibration training = calibrate(q1, q2, same, fold, f, w, true);
        double threshold = training.accuracyOptimalThreshold();
        double accuracy = training.accuracyAt(threshold);
        if (accuracy > bestAccuracy) {
          bestAccuracy = accuracy;
          bestWeight = w;
          bestThreshold = threshold;
        }
      }
      int total = 0;
      int right = 0;
      for (int k = 0; k < n; k++) {
        if (fold[k] != f) {
          continue;
        }
        total++;
        double d = fused(q1[k], q2[k], bestWeight);
        correct[k] = !Double.isNaN(d) && (d <= bestThreshold) == same[k];
        right += correct[k] ? 1 : 0;
      }
      if (total == 0) {
        throw new IllegalArgumentException("fold " + (f + 1) + " has no pairs");
      }
      accuracies.add(right / (double) total);
      weights.add(bestWeight);
      thresholds.add(bestThreshold);
    }
    double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double sum = 0;
    for (double a : accuracies) {
      sum += (a - mean) * (a - mean);
    }
    double std = Math.sqrt(sum / (folds - 1));

    double bestAccuracy = -1;
    double weight = 0;
    double threshold = 0;
    for (int s = 0; s <= steps; s++) {
      double w = s / (double) steps;
      Calibration all = calibrate(q1, q2, same, fold, -1, w, false);
      double t = all.accuracyOptimalThreshold();
      double accuracy = all.accuracyAt(t);
      if (accuracy > bestAccuracy) {
        bestAccuracy = accuracy;
        weight = w;
        threshold = t;
      }
    }
    return new Result(mean, std, accuracies, weights, thresholds, weight, threshold, correct);
  }

  /** The fused distance; NaN when either distance is missing. */
  static double fused(double q1, double q2, double w) {
    if (Double.isNaN(q1) || Double.isNaN(q2)) {
      return Double.NaN;
    }
    return Math.sqrt(Math.max(0.0, w * q1 + (1 - w) * q2));
  }

  /** Calibration of the scored pairs outside fold {@code f} (or, if not {@code outside}, all). */
  private static Calibration calibrate(
      double[] q1, double[] q2, boolean[] same, int[] fold, int f, double w, boolean outside) {
    double[] d = new double[q1.length];
    boolean[] s = new boolean[q1.length];
    int m = 0;
    for (int k = 0; k < q1.length; k++) {
      double fusedDistance = fused(q1[k], q2[k], w);
      if ((!outside || fold[k] != f) && !Double.isNaN(fusedDistance)) {
        d[m] = fusedDistance;
        s[m] = same[k];
        m++;
      }
    }
    return Calibration.of(Arrays.copyOf(d, m), Arrays.copyOf(s, m));
  }
}
