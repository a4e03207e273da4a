package dev.pictor.recognition;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Two verification pipelines compared on the same pairs, pair by pair: is the difference in their
 * accuracy larger than chance would make it?
 *
 * <p>Two tests, both on the per-pair correctness of the two pipelines:
 *
 * <ul>
 *   <li><b>Exact McNemar</b>: only the discordant pairs count ({@code onlyFirstRight = b}, {@code
 *       onlySecondRight = c}). Under "both are equally good", each discordant pair is a fair coin,
 *       so the two-sided p-value is {@code min(1, 2 P(X <= min(b, c)))} for {@code X ~ Binomial(b +
 *       c, 1/2)}; {@code 1} when there are no discordant pairs.
 *   <li><b>Paired bootstrap</b> of the accuracy difference (first minus second), resampling whole
 *       <em>groups</em> of pairs with replacement (the {@linkplain IdentityFolds#group groups of
 *       linked people}, so that pairs sharing a person are resampled together); the interval is the
 *       2.5% and 97.5% percentiles of the resampled differences. The random generator is seeded, so
 *       the interval is reproducible.
 * </ul>
 *
 * <p>Both tests treat the pairs (or groups) as independent draws; an image used by several pairs
 * makes them somewhat dependent, which the group bootstrap allows for and McNemar does not.
 *
 * @param pairs number of pairs compared
 * @param bothRight pairs both pipelines got right
 * @param onlyFirstRight pairs only the first pipeline got right (McNemar's {@code b})
 * @param onlySecondRight pairs only the second pipeline got right (McNemar's {@code c})
 * @param bothWrong pairs both got wrong
 * @param mcNemarP the exact two-sided McNemar p-value
 * @param differenceLow lower end of the 95% bootstrap interval of first minus second accuracy
 * @param differenceHigh upper end of that interval
 * @param bootstrapSamples number of bootstrap resamples
 */
public record PairedComparison(
    int pairs,
    int bothRight,
    int onlyFirstRight,
    int onlySecondRight,
    int bothWrong,
    double mcNemarP,
    double differenceLow,
    double differenceHigh,
    int bootstrapSamples) {

  /** The default number of bootstrap resamples. */
  public static final int DEFAULT_SAMPLES = 10_000;

  /** The default seed of the bootstrap's random generator. */
  public static final long DEFAULT_SEED = 20_061_115L;

  /** Accuracy of the first pipeline. */
  public double firstAccuracy() {
    return (bothRight + onlyFirstRight) / (double) pairs;
  }

  /** Accuracy of the second pipeline. */
  public double secondAccuracy() {
    return (bothRight + onlySecondRight) / (double) pairs;
  }

  /** First minus second accuracy. */
  public double difference() {
    return (onlyFirstRight - onlySecondRight) / (double) pairs;
  }

  /**
   * Compares per-pair correctness with the {@linkplain #DEFAULT_SAMPLES default} bootstrap.
   *
   * @see #of(boolean[], boolean[], int[], int, long)
   */
  public static PairedComparison of(boolean[] firstRight, boolean[] secondRight, int[] groups) {
    return of(firstRight, secondRight, groups, DEFAULT_SAMPLES, DEFAULT_SEED);
  }

  /**
   * Compares per-pair correctness.
   *
   * @param firstRight whether the first pipeline got pair {@code k} right
   * @param secondRight whether the second pipeline got pair {@code k} right
   * @param groups the resampling group of pair {@code k} (any non-negative ints; pairs with equal
   *     values are resampled together)
   * @param samples number of bootstrap resamples, at least 100
   * @param seed seed of the bootstrap's random generator
   * @throws IllegalArgumentException if the arrays are empty or differ in length, a group is
   *     negative, or {@code samples < 100}
   */
  public static PairedComparison of(
      boolean[] firstRight, boolean[] secondRight, int[] groups, int samples, long seed) {
    Objects.requireNonNull(firstRight, "firstRight");
    Objects.requireNonNull(secondRight, "secondRight");
    Objects.requireNonNull(groups, "groups");
    int n = firstRight.length;
    if (n == 0 || secondRight.length != n || groups.length != n) {
      throw new IllegalArgumentException(
          "paired comparison needs the same, non-zero number of outcomes and groups, got "
              + firstRight.length
              + ", "
              + secondRight.length
              + " and "
              + groups.length);
    }
    if (samples < 100) {
      throw new IllegalArgumentException("bootstrap needs at least 100 samples, got " + samples);
    }
    int both = 0;
    int onlyFirst = 0;
    int onlySecond = 0;
    int neither = 0;
    int groupCount = 0;
    for (int k = 0; k < n; k++) {
      if (groups[k] < 0) {
        throw new IllegalArgumentException("group of pair " + k + " is negative: " + groups[k]);
      }
      groupCount = Math.max(groupCount, groups[k] + 1);
      if (firstRight[k] && secondRight[k]) {
        both++;
      } else if (firstRight[k]) {
        onlyFirst++;
      } else if (secondRight[k]) {
        onlySecond++;
      } else {
        neither++;
      }
    }
    // Per group: number of pairs and (first right - second right); empty group ids are skipped.
    int[] pairsOf = new int[groupCount];
    int[] leadOf = new int[groupCount];
    for (int k = 0; k < n; k++) {
      pairsOf[groups[k]]++;
      leadOf[groups[k]] += (firstRight[k] ? 1 : 0) - (secondRight[k] ? 1 : 0);
    }
    int used = 0;
    for (int g = 0; g < groupCount; g++) {
      if (pairsOf[g] > 0) {
        pairsOf[used] = pairsOf[g];
        leadOf[used] = leadOf[g];
        used++;
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] differences = new double[samples];
    for (int s = 0; s < samples; s++) {
      long drawnPairs = 0;
      long drawnLead = 0;
      for (int draw = 0; draw < used; draw++) {
        int g = random.nextInt(used);
        drawnPairs += pairsOf[g];
        drawnLead += leadOf[g];
      }
      differences[s] = drawnLead / (double) drawnPairs;
    }
    Arrays.sort(differences);
    return new PairedComparison(
        n,
        both,
        onlyFirst,
        onlySecond,
        neither,
        exactMcNemar(onlyFirst, onlySecond),
        percentile(differences, 0.025),
        percentile(differences, 0.975),
        samples);
  }

  /**
   * The exact two-sided McNemar p-value for {@code b} and {@code c} discordant pairs: {@code min(1,
   * 2 P(X <= min(b, c)))}, {@code X ~ Binomial(b + c, 1/2)}; 1 if {@code b + c == 0}. Computed in
   * log space, so it is accurate for any count.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public static double exactMcNemar(int b, int c) {
    if (b < 0 || c < 0) {
      throw new IllegalArgumentException("discordant counts must be >= 0, got " + b + ", " + c);
    }
    int n = b + c;
    if (n == 0) {
      return 1.0;
    }
    int low = Math.min(b, c);
    double logHalfToN = -n * Math.log(2.0);
    double logChoose = 0.0; // log C(n, 0)
    double tail = Math.exp(logHalfToN);
    for (int i = 1; i <= low; i++) {
      logChoose += Math.log(n - i + 1) - Math.log(i);
      tail += Math.exp(logChoose + logHalfToN);
    }
    return Math.min(1.0, 2.0 * tail);
  }

  /** Linear interpolation between order statistics (the "type 7" sample quantile). */
  private static double percentile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    double fraction = position - below;
    return sorted[below] + fraction * (sorted[above] - sorted[below]);
  }
}
