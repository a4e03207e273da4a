package dev.pictor.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdamTest {
  private static final double[] TARGET = {3, -2, 0.5, 40};
  private static final double[] WEIGHT = {1, 20, 0.1, 2};

  @Test
  void firstStepMovesEachParameterByTheLearningRateAgainstItsGradient() {
    // bias-corrected, the first step is lr * g / (|g| + eps): the size of g does not matter
    Adam adam = new Adam(3, 0.5);
    double[] x = {1, 1, 1};
    adam.step(x, new double[] {1000, -0.001, 0});
    assertThat(x[0]).isCloseTo(0.5, within(1e-9));
    assertThat(x[1]).isCloseTo(1.5, within(1e-5));
    assertThat(x[2]).isEqualTo(1);
    assertThat(adam.steps()).isEqualTo(1);
  }

  @Test
  void reachesTheMinimumOfAnIllConditionedQuadraticInDoubleAndFloat() {
    Adam forDoubles = new Adam(4, 0.1);
    Adam forFloats = new Adam(4, 0.1);
    double[] x = new double[4];
    float[] y = new float[4];
    for (int t = 0; t < 3000; t++) {
      forDoubles.step(x, gradient(x));
      double[] wide = new double[4];
      for (int i = 0; i < 4; i++) {
        wide[i] = y[i];
      }
      double[] g = gradient(wide);
      float[] narrow = new float[4];
      for (int i = 0; i < 4; i++) {
        narrow[i] = (float) g[i];
      }
      forFloats.step(y, narrow);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(x[i]).as("double x[%d]", i).isCloseTo(TARGET[i], within(1e-3));
      assertThat((double) y[i]).as("float y[%d]", i).isCloseTo(TARGET[i], within(1e-3));
    }
  }

  @Test
  void refusesMismatchedLengthsAndBadSettings() {
    Adam adam = new Adam(2, 0.1);
    assertThatThrownBy(() -> adam.step(new double[3], new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Adam over 2 parameters got 3 / 3");
    assertThatThrownBy(() -> new Adam(2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learning rate");
    assertThatThrownBy(() -> new Adam(2, 0.1, 1, 0.999, 1e-8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("betas");
    assertThatThrownBy(() -> new Adam(2, 0.1, 0.9, 0.999, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epsilon");
    assertThat(adam.steps()).isZero();
  }

  private static double[] gradient(double[] x) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      g[i] = 2 * WEIGHT[i] * (x[i] - TARGET[i]);
    }
    return g;
  }
}
