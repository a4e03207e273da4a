package dev.pictor.recognition;

/**
 * One operating point of a verifier: what happens when every pair with {@code distance <=
 * threshold} is declared "same person".
 *
 * <p>An immutable value, safe to share between threads.
 *
 * @param threshold the distance threshold (pairs at or below it are accepted)
 * @param falseAcceptRate fraction of different-person pairs accepted, in [0, 1]
 * @param trueAcceptRate fraction of same-person pairs accepted, in [0, 1]
 */
public record RocPoint(double threshold, double falseAcceptRate, double trueAcceptRate) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if the threshold is NaN or a rate lies outside [0, 1]
   */
  public RocPoint {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("ROC threshold must not be NaN");
    }
    checkRate("falseAcceptRate", falseAcceptRate);
    checkRate("trueAcceptRate", trueAcceptRate);
  }

  /** Fraction of same-person pairs rejected: {@code 1 - trueAcceptRate}. */
  public double falseRejectRate() {
    return 1.0 - trueAcceptRate;
  }

  private static void checkRate(String name, double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException(name + " must lie in [0, 1], got " + rate);
    }
  }
}
