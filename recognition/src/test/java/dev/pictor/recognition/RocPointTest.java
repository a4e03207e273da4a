package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RocPointTest {

  @Test
  void falseRejectRateIsTheComplementOfTheTrueAcceptRate() {
    RocPoint point = new RocPoint(0.7, 0.1, 0.75);

    assertThat(point.falseRejectRate()).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void rejectsRatesOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new RocPoint(0.5, 1.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("falseAcceptRate")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> new RocPoint(0.5, 0.5, -0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trueAcceptRate");
    assertThatThrownBy(() -> new RocPoint(0.5, Double.NaN, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("falseAcceptRate");
  }

  @Test
  void rejectsANanThreshold() {
    assertThatThrownBy(() -> new RocPoint(Double.NaN, 0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
  }
}
