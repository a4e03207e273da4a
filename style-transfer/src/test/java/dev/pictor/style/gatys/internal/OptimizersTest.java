package dev.pictor.style.gatys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Adam and L-BFGS on an ill-conditioned quadratic with a target partly outside 0..255. */
class OptimizersTest {
  private static final float[] TARGET = {10, 200, 128, 300, -40, 90};
  private static final double[] WEIGHT = {1, 50, 0.5, 3, 2, 10};

  private static final class Quadratic implements Objective {
    final int budget;
    int evaluations;

    Quadratic(int budget) {
      this.budget = budget;
    }

    @Override
    public Evaluation evaluate(float[] x) {
      evaluations++;
      return at(x);
    }

    static Evaluation at(float[] x) {
      double f = 0;
      float[] g = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - TARGET[i];
        f += WEIGHT[i] * d * d;
        g[i] = (float) (2 * WEIGHT[i] * d);
      }
      return new Evaluation(f, f, 0, 0, g);
    }

    @Override
    public boolean done() {
      return evaluations >= budget;
    }
  }

  private static void assertAtProjectedTarget(float[] x, double tolerance) {
    for (int i = 0; i < x.length; i++) {
      assertThat((double) x[i])
          .as("x[%d]", i)
          .isCloseTo(Math.min(255, Math.max(0, TARGET[i])), within(tolerance));
    }
  }

  @Test
  void adamReachesTheProjectedMinimum() throws Exception {
    float[] x = {128, 128, 128, 128, 128, 128};
    Quadratic f = new Quadratic(3000);
    PixelAdam.minimize(x, Quadratic.at(x), f, 2.0);
    assertThat(f.evaluations).isEqualTo(3000);
    assertAtProjectedTarget(x, 0.5);
  }

  @Test
  void lbfgsReachesTheProjectedMinimumInFewEvaluations() throws Exception {
    float[] x = {128, 128, 128, 128, 128, 128};
    Quadratic f = new Quadratic(200);
    Lbfgs.minimize(x, Quadratic.at(x), f, 10);
    assertAtProjectedTarget(x, 1e-2);
  }
}
