package dev.pictor.style.gatys.internal;

import dev.pictor.PictorException;
import dev.pictor.optimize.Adam;

/**
 * Adam ({@link Adam}, betas 0.9 / 0.999, epsilon 1e-8) on pixel values; after each step the image
 * is clamped to 0..255. Stateless.
 */
public final class PixelAdam {
  private PixelAdam() {}

  /**
   * Steps from {@code x} (evaluated as {@code first}) until the objective is done.
   *
   * @param x the start; updated in place
   * @param learningRate step size in pixel values
   */
  public static void minimize(float[] x, Evaluation first, Objective f, double learningRate)
      throws PictorException {
    Adam adam = new Adam(x.length, learningRate);
    Evaluation e = first;
    while (!f.done()) {
      adam.step(x, e.gradient());
      Planes.clamp(x);
      e = f.evaluate(x);
    }
  }
}
