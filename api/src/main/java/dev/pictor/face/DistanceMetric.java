package dev.pictor.face;

/**
 * How two embeddings are compared. Smaller is always "more alike"; a model card names the metric
 * its threshold was calibrated for.
 */
public enum DistanceMetric {
  /** Euclidean distance {@code ||a - b||}. */
  EUCLIDEAN,
  /** Squared Euclidean distance {@code ||a - b||^2} (as in the triplet loss). */
  SQUARED_EUCLIDEAN,
  /** Cosine distance {@code 1 - a.b / (||a|| ||b||)}. */
  COSINE;

  /** The distance between {@code a} and {@code b}, which must have the same length. */
  public double between(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "vectors differ in length: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double aa = 0;
    double bb = 0;
    double squared = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      squared += d * d;
      dot += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return switch (this) {
      case EUCLIDEAN -> Math.sqrt(squared);
      case SQUARED_EUCLIDEAN -> squared;
      case COSINE -> aa == 0 || bb == 0 ? 1.0 : 1.0 - dot / Math.sqrt(aa * bb);
    };
  }
}
