package dev.pictor.learning.internal;

/**
 * The Adam optimiser (Kingma and Ba, 2015) over one flat parameter vector, with bias correction.
 * Mutable state (moments, step count); not thread-safe.
 */
public final class Adam {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[] m;
  private final double[] v;
  private int t;

  /**
   * @param size number of parameters
   * @param learningRate step size, positive
   */
  public Adam(int size, double learningRate) {
    this(size, learningRate, 0.9, 0.999, 1e-8);
  }

  /** Adam with explicit moment decay rates and epsilon. */
  public Adam(int size, double learningRate, double beta1, double beta2, double epsilon) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be positive, was " + learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas must lie in [0, 1), were " + beta1 + ", " + beta2);
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = new double[size];
    this.v = new double[size];
  }

  /** Number of steps taken. */
  public int steps() {
    return t;
  }

  /** One step: {@code params -= lr * mHat / (sqrt(vHat) + eps)}. */
  public void step(double[] params, double[] gradient) {
    if (params.length != m.length || gradient.length != m.length) {
      throw new IllegalArgumentException(
          "Adam over " + m.length + " parameters got " + params.length + " / " + gradient.length);
    }
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    for (int i = 0; i < params.length; i++) {
      double g = gradient[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      params[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
    }
  }
}
