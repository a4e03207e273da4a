package dev.pictor.learning;

import java.util.List;

/**
 * The triplet loss of FaceNet (Schroff et al., 2015) on squared Euclidean distances:
 *
 * <pre>
 *   L(A, P, N) = max(||f(A) - f(P)||^2 - ||f(A) - f(N)||^2 + alpha, 0)
 *   J = sum of L over the triplets
 * </pre>
 *
 * <p>A triplet <em>violates the margin</em> when its loss is positive, i.e. when {@code d(A,P) +
 * alpha > d(A,N)}. The gradient is the exact derivative of {@code J} with respect to the
 * embeddings; at the kink ({@code L} exactly 0 with the hinge argument exactly 0) the zero
 * subgradient is used.
 *
 * <p>Immutable and thread-safe.
 */
public final class TripletLoss {

  /** FaceNet's margin for unit-length embeddings. */
  public static final double DEFAULT_MARGIN = 0.2;

  private final double margin;

  /**
   * @param margin alpha, finite and {@code >= 0}
   * @throws IllegalArgumentException if the margin is negative, NaN or infinite
   */
  public TripletLoss(double margin) {
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException("margin must be finite and >= 0, was " + margin);
    }
    this.margin = margin;
  }

  /** The loss with margin {@value #DEFAULT_MARGIN}. */
  public static TripletLoss withDefaultMargin() {
    return new TripletLoss(DEFAULT_MARGIN);
  }

  /** The margin alpha. */
  public double margin() {
    return margin;
  }

  /**
   * The value of the loss over some triplets.
   *
   * @param total {@code J}, the sum of the per-triplet losses
   * @param triplets number of triplets
   * @param violations number of triplets with a positive loss ({@code d(A,P) + alpha > d(A,N)})
   */
  public record Value(double total, int triplets, int violations) {
    /** {@code J / triplets}, or 0 without triplets. */
    public double mean() {
      return triplets == 0 ? 0 : total / triplets;
    }

    /** {@code violations / triplets}, or 0 without triplets. */
    public double violationFraction() {
      return triplets == 0 ? 0 : violations / (double) triplets;
    }
  }

  /**
   * The loss of one triplet given its two squared distances.
   *
   * @param anchorPositive {@code ||f(A) - f(P)||^2}
   * @param anchorNegative {@code ||f(A) - f(N)||^2}
   */
  public double of(double anchorPositive, double anchorNegative) {
    return Math.max(anchorPositive - anchorNegative + margin, 0);
  }

  /**
   * {@code J} over {@code triplets} of rows of {@code embeddings}.
   *
   * @throws IllegalArgumentException if a triplet names a row that does not exist, or rows differ
   *     in length
   */
  public Value evaluate(double[][] embeddings, List<Triplet> triplets) {
    return lossAndGradient(embeddings, triplets, null);
  }

  /**
   * {@code J} over {@code triplets}, adding {@code dJ/d embeddings} to {@code gradient} (same shape
   * as {@code embeddings}) unless it is null.
   *
   * @throws IllegalArgumentException if a triplet names a row that does not exist, rows differ in
   *     length, or the gradient's shape differs from the embeddings'
   */
  public Value lossAndGradient(double[][] embeddings, List<Triplet> triplets, double[][] gradient) {
    int rows = embeddings.length;
    if (gradient != null && gradient.length != rows) {
      throw new IllegalArgumentException(
          "gradient has " + gradient.length + " rows, embeddings " + rows);
    }
    double total = 0;
    int violations = 0;
    for (Triplet t : triplets) {
      if (t.anchor() >= rows || t.positive() >= rows || t.negative() >= rows) {
        throw new IllegalArgumentException(t + " names a row beyond the " + rows + " embeddings");
      }
      double[] a = embeddings[t.anchor()];
      double[] p = embeddings[t.positive()];
      double[] n = embeddings[t.negative()];
      if (p.length != a.length || n.length != a.length) {
        throw new IllegalArgumentException("embedding rows differ in length in " + t);
      }
      double dap = 0;
      double dan = 0;
      for (int k = 0; k < a.length; k++) {
        double x = a[k] - p[k];
        double y = a[k] - n[k];
        dap += x * x;
        dan += y * y;
      }
      double hinge = dap - dan + margin;
      if (hinge > 0) {
        total += hinge;
        violations++;
        if (gradient != null) {
          // d/da = 2(a - p) - 2(a - n) = 2(n - p); d/dp = -2(a - p); d/dn = 2(a - n).
          double[] ga = gradient[t.anchor()];
          double[] gp = gradient[t.positive()];
          double[] gn = gradient[t.negative()];
          if (ga.length != a.length || gp.length != a.length || gn.length != a.length) {
            throw new IllegalArgumentException("gradient rows differ in length from embeddings");
          }
          for (int k = 0; k < a.length; k++) {
            ga[k] += 2 * (n[k] - p[k]);
            gp[k] -= 2 * (a[k] - p[k]);
            gn[k] += 2 * (a[k] - n[k]);
          }
        }
      }
    }
    return new Value(total, triplets.size(), violations);
  }

  @Override
  public String toString() {
    return "TripletLoss[margin=" + margin + "]";
  }
}
