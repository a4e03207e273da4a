package dev.pictor.style.gatys.internal;

import dev.pictor.PictorException;

/**
 * Adam (Kingma and Ba 2015) on pixel values with betas 0.9 / 0.999 and epsilon 1e-8; after each
 * step the image is clamped to 0..255. Stateless.
 */
public final class Adam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private Adam() {}

  /**
   * Steps from {@code x} (evaluated as {@code first}) until the objective is done.
   *
   * @param x the start; updated in place
   * @param learningRate step size in pixel values
   */
  public static void minimize(float[] x, Evaluation first, Objective f, double learningRate)
      throws PictorException {
    float[] m = new float[x.length];
    float[] v = new float[x.length];
    Evaluation e = first;
    int t = 0;
    while (!f.done()) {
      t++;
      float[] g = e.gradient();
      double c1 = 1 - Math.pow(BETA1, t);
      double c2 = 1 - Math.pow(BETA2, t);
      for (int i = 0; i < x.length; i++) {
        m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * g[i]);
        v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * (double) g[i] * g[i]);
        double step = learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
        x[i] = (float) Math.min(255, Math.max(0, x[i] - step));
      }
      e = f.evaluate(x);
    }
  }
}
