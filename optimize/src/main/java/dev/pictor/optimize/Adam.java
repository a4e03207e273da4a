package dev.pictor.optimize;

/**
 * The Adam optimiser (Kingma and Ba, 2015) over one flat parameter vector, with bias correction:
 * {@code params -= lr * mHat / (sqrt(vHat) + eps)}. The moments are kept in double precision for
 * float and double parameters alike. Mutable state (moments, step count); not thread-safe.
 */
public final class Adam {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[] m;
  private final double[] v;
  private int t;
  private double c1;
  private double c2;

  /**
   * Adam with the paper's defaults: betas 0.9 / 0.999, epsilon 1e-8.
   *
   * @param size number of parameters
   * @param learningRate step size, positive
   */
  public Adam(int size, double learningRate) {
    this(size, learningRate, 0.9, 0.999, 1e-8);
  }

  /** Adam with explicit moment decay rates (each in [0, 1)) and epsilon (positive). */
  public Adam(int size, double learningRate, double beta1, double beta2, double epsilon) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, was " + size);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be positive, was " + learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas must lie in [0, 1), were " + beta1 + ", " + beta2);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be positive, was " + epsilon);
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

  /** One step on double parameters, in place. */
  public void step(double[] params, double[] gradient) {
    begin(params.length, gradient.length);
    for (int i = 0; i < params.length; i++) {
      params[i] -= delta(i, gradient[i]);
    }
  }

  /** One step on float parameters, in place (the update is computed in double). */
  public void step(float[] params, float[] gradient) {
    begin(params.length, gradient.length);
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) (params[i] - delta(i, gradient[i]));
    }
  }

  private void begin(int params, int gradient) {
    if (params != m.length || gradient != m.length) {
      throw new IllegalArgumentException(
          "Adam over " + m.length + " parameters got " + params + " / " + gradient);
    }
    t++;
    c1 = 1 - Math.pow(beta1, t);
    c2 = 1 - Math.pow(beta2, t);
  }

  /** Updates the moments of parameter {@code i} with gradient {@code g}; returns its step. */
  private double delta(int i, double g) {
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    return learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
  }
}
