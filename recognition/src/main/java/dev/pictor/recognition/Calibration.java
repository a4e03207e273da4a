package dev.pictor.recognition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a distance threshold does on a set of labelled pairs: ROC curve, area under it, equal error
 * rate, the threshold for a target false accept rate and the threshold that maximises accuracy.
 *
 * <p>Each pair is a distance and a label ("same person" or "different people"); a smaller distance
 * means more alike, and a threshold {@code t} accepts every pair with {@code distance <= t} as
 * "same person". Everything is computed once, in {@code O(n log n)}, when the calibration is built.
 *
 * <p>Conventions, chosen so that every number is exact and reproducible:
 *
 * <ul>
 *   <li>{@link #rocPoints()} has one point per distinct distance, plus a first "accept nothing"
 *       point (FAR = TAR = 0) whose threshold is the largest double below the smallest distance.
 *   <li>{@link #auc()} is the probability that a random same-person pair is strictly closer than a
 *       random different-people pair, a tie counting one half (the Mann-Whitney statistic). It
 *       equals the trapezoidal area under the ROC points.
 *   <li>{@link #equalErrorRate()} interpolates linearly between the two neighbouring ROC points
 *       where {@code FAR - FRR} changes sign; {@link #equalErrorThreshold()} is interpolated the
 *       same way.
 *   <li>{@link #accuracyOptimalThreshold()} lies midway between the last accepted and the first
 *       rejected distance; ties go to the smallest threshold.
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Calibration {

  /**
   * One labelled pair.
   *
   * @param distance the distance between the two faces (smaller = more alike)
   * @param same whether the two faces belong to the same person
   */
  public record ScoredPair(double distance, boolean same) {}

  private final double[] sameSorted;
  private final double[] differentSorted;
  private final List<RocPoint> rocPoints;
  private final double auc;
  private final double equalErrorRate;
  private final double equalErrorThreshold;
  private final double optimalThreshold;

  private Calibration(double[] sameSorted, double[] differentSorted) {
    this.sameSorted = sameSorted;
    this.differentSorted = differentSorted;
    long positives = sameSorted.length;
    long negatives = differentSorted.length;

    // One pass over the distinct distances in increasing order. acceptedSame[k] and
    // acceptedDifferent[k] are the counts at or below the threshold of ROC point k.
    List<Double> thresholds = new ArrayList<>();
    List<long[]> accepted = new ArrayList<>();
    double smallest = Math.min(sameSorted[0], differentSorted[0]);
    thresholds.add(Math.nextDown(smallest));
    accepted.add(new long[] {0, 0});
    long twiceAucNumerator = 0;
    long bestCorrect = negatives; // "accept nothing" gets every different pair right
    double bestThreshold = Math.nextDown(smallest);
    int i = 0;
    int j = 0;
    while (i < sameSorted.length || j < differentSorted.length) {
      double value =
          Math.min(
              i < sameSorted.length ? sameSorted[i] : Double.POSITIVE_INFINITY,
              j < differentSorted.length ? differentSorted[j] : Double.POSITIVE_INFINITY);
      int sameStart = i;
      int differentStart = j;
      while (i < sameSorted.length && sameSorted[i] == value) {
        i++;
      }
      while (j < differentSorted.length && differentSorted[j] == value) {
        j++;
      }
      long sameHere = i - sameStart;
      long differentHere = j - differentStart;
      long differentAbove = negatives - j;
      twiceAucNumerator += sameHere * (2 * differentAbove + differentHere);
      thresholds.add(value);
      accepted.add(new long[] {i, j});

      long correct = i + (negatives - j);
      if (correct > bestCorrect) {
        bestCorrect = correct;
        bestThreshold = midpointAfter(value, i, j);
      }
    }
    this.optimalThreshold = bestThreshold;
    this.auc = twiceAucNumerator / (2.0 * positives * negatives);

    List<RocPoint> points = new ArrayList<>(thresholds.size());
    for (int k = 0; k < thresholds.size(); k++) {
      long[] counts = accepted.get(k);
      points.add(
          new RocPoint(
              thresholds.get(k), counts[1] / (double) negatives, counts[0] / (double) positives));
    }
    this.rocPoints = Collections.unmodifiableList(points);

    // FAR - FRR at point k, scaled by P * N so that its sign is exact:
    // acceptedDifferent * P + acceptedSame * N - P * N. It is -P*N at the first point and +P*N
    // at the last one, so a crossing always exists.
    double[] eer = new double[2];
    for (int k = 1; k < points.size(); k++) {
      long[] counts = accepted.get(k);
      long gap = counts[1] * positives + counts[0] * negatives - positives * negatives;
      if (gap == 0) {
        eer[0] = points.get(k).falseAcceptRate();
        eer[1] = points.get(k).threshold();
        break;
      }
      if (gap > 0) {
        long[] before = accepted.get(k - 1);
        long gapBefore = before[1] * positives + before[0] * negatives - positives * negatives;
        double alpha = (double) -gapBefore / (double) (gap - gapBefore);
        RocPoint a = points.get(k - 1);
        RocPoint b = points.get(k);
        eer[0] = a.falseAcceptRate() + alpha * (b.falseAcceptRate() - a.falseAcceptRate());
        eer[1] = a.threshold() + alpha * (b.threshold() - a.threshold());
        break;
      }
    }
    this.equalErrorRate = eer[0];
    this.equalErrorThreshold = eer[1];
  }

  /** The threshold midway between {@code value} and the next larger distance, if any. */
  private double midpointAfter(double value, int sameIndex, int differentIndex) {
    double next =
        Math.min(
            sameIndex < sameSorted.length ? sameSorted[sameIndex] : Double.POSITIVE_INFINITY,
            differentIndex < differentSorted.length
                ? differentSorted[differentIndex]
                : Double.POSITIVE_INFINITY);
    if (next == Double.POSITIVE_INFINITY) {
      return value; // everything accepted: the smallest threshold that does it
    }
    double mid = value + (next - value) / 2.0;
    if (!Double.isFinite(mid)) {
      mid = value / 2.0 + next / 2.0;
    }
    // Neighbouring doubles can round the midpoint up onto the next distance.
    return mid >= value && mid < next ? mid : value;
  }

  /**
   * A calibration of parallel arrays of distances and labels.
   *
   * @param distances the distance of each pair; finite
   * @param same {@code same[i]} says whether pair {@code i} shows one person
   * @throws IllegalArgumentException if the arrays are null or differ in length, a distance is NaN
   *     or infinite, or there is not at least one same-person and one different-people pair
   */
  public static Calibration of(double[] distances, boolean[] same) {
    Objects.requireNonNull(distances, "distances");
    Objects.requireNonNull(same, "same");
    if (distances.length != same.length) {
      throw new IllegalArgumentException(
          "distances and labels differ in length: "
              + distances.length
              + " distances, "
              + same.length
              + " labels");
    }
    int positives = 0;
    for (int k = 0; k < distances.length; k++) {
      if (!Double.isFinite(distances[k])) {
        throw new IllegalArgumentException(
            "distance of pair " + k + " is not a finite number: " + distances[k]);
      }
      if (same[k]) {
        positives++;
      }
    }
    int negatives = distances.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "calibration needs at least one same-person and one different-people pair, got "
              + positives
              + " same and "
              + negatives
              + " different");
    }
    double[] sameDistances = new double[positives];
    double[] differentDistances = new double[negatives];
    int p = 0;
    int n = 0;
    for (int k = 0; k < distances.length; k++) {
      // +0.0 for -0.0, so that the two zeros form one tie group.
      double d = distances[k] + 0.0;
      if (same[k]) {
        sameDistances[p++] = d;
      } else {
        differentDistances[n++] = d;
      }
    }
    Arrays.sort(sameDistances);
    Arrays.sort(differentDistances);
    return new Calibration(sameDistances, differentDistances);
  }

  /**
   * A calibration of labelled pairs.
   *
   * @throws IllegalArgumentException as {@link #of(double[], boolean[])}, or if a pair is null
   */
  public static Calibration of(List<ScoredPair> pairs) {
    Objects.requireNonNull(pairs, "pairs");
    double[] distances = new double[pairs.size()];
    boolean[] same = new boolean[pairs.size()];
    for (int k = 0; k < distances.length; k++) {
      ScoredPair pair = pairs.get(k);
      if (pair == null) {
        throw new IllegalArgumentException("pair " + k + " is null");
      }
      distances[k] = pair.distance();
      same[k] = pair.same();
    }
    return of(distances, same);
  }

  /** Number of pairs. */
  public int size() {
    return sameSorted.length + differentSorted.length;
  }

  /** Number of same-person pairs. */
  public int sameCount() {
    return sameSorted.length;
  }

  /** Number of different-people pairs. */
  public int differentCount() {
    return differentSorted.length;
  }

  /**
   * The ROC curve, sorted by increasing threshold: an "accept nothing" point, then one point per
   * distinct distance. Unmodifiable.
   */
  public List<RocPoint> rocPoints() {
    return rocPoints;
  }

  /**
   * Area under the ROC curve: the probability that a random same-person pair is closer than a
   * random different-people pair, ties counting one half.
   */
  public double auc() {
    return auc;
  }

  /**
   * The equal error rate: where the false accept rate equals the false reject rate, interpolated
   * linearly between the two ROC points on either side of the crossing.
   */
  public double equalErrorRate() {
    return equalErrorRate;
  }

  /** The threshold at the equal error rate, interpolated like {@link #equalErrorRate()}. */
  public double equalErrorThreshold() {
    return equalErrorThreshold;
  }

  /**
   * The largest ROC point threshold whose false accept rate is at most {@code falseAcceptRate}:
   * among the thresholds that keep FAR within the target it is the one with the highest true accept
   * rate. When even the smallest distance is a different-people pair that breaks the target, this
   * is the "accept nothing" threshold just below the smallest distance.
   *
   * @param falseAcceptRate the target, in [0, 1]
   * @throws IllegalArgumentException if the target lies outside [0, 1]
   */
  public double thresholdAtFalseAcceptRate(double falseAcceptRate) {
    if (!(falseAcceptRate >= 0.0 && falseAcceptRate <= 1.0)) {
      throw new IllegalArgumentException(
          "false accept rate must lie in [0, 1], got " + falseAcceptRate);
    }
    double threshold = rocPoints.get(0).threshold();
    for (RocPoint point : rocPoints) {
      if (point.falseAcceptRate() > falseAcceptRate) {
        break;
      }
      threshold = point.threshold();
    }
    return threshold;
  }

  /**
   * The threshold that classifies the most pairs correctly. It lies midway between the largest
   * accepted and the smallest rejected distance; when accepting everything is best it is the
   * largest distance, when accepting nothing is best it is the largest double below the smallest
   * distance. Among equally accurate thresholds the smallest wins.
   */
  public double accuracyOptimalThreshold() {
    return optimalThreshold;
  }

  /**
   * Fraction of pairs classified correctly when pairs with {@code distance <= threshold} are
   * declared "same person".
   *
   * @throws IllegalArgumentException if the threshold is NaN
   */
  public double accuracyAt(double threshold) {
    checkThreshold(threshold);
    long sameAccepted = countAtOrBelow(sameSorted, threshold);
    long differentRejected = differentSorted.length - countAtOrBelow(differentSorted, threshold);
    return (sameAccepted + differentRejected) / (double) size();
  }

  /**
   * Fraction of different-people pairs with {@code distance <= threshold}.
   *
   * @throws IllegalArgumentException if the threshold is NaN
   */
  public double falseAcceptRateAt(double threshold) {
    checkThreshold(threshold);
    return countAtOrBelow(differentSorted, threshold) / (double) differentSorted.length;
  }

  /**
   * Fraction of same-person pairs with {@code distance <= threshold}.
   *
   * @throws IllegalArgumentException if the threshold is NaN
   */
  public double trueAcceptRateAt(double threshold) {
    checkThreshold(threshold);
    return countAtOrBelow(sameSorted, threshold) / (double) sameSorted.length;
  }

  private static void checkThreshold(double threshold) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must not be NaN");
    }
  }

  /** Number of entries of the sorted array that are {@code <= value}. */
  private static int countAtOrBelow(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @Override
  public String toString() {
    return "Calibration[same="
        + sameSorted.length
        + ", different="
        + differentSorted.length
        + ", auc="
        + auc
        + ", eer="
        + equalErrorRate
        + "]";
  }
}
