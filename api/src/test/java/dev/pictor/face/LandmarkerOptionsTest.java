package dev.pictor.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LandmarkerOptionsTest {

  @Test
  void cropIsTheBoxScaledAboutItsCentreAndShiftedDown() {
    LandmarkerOptions options = LandmarkerOptions.builder().boxScale(1.5).boxShiftDown(0.1).build();
    Box crop = options.cropFor(new Box(100, 200, 40, 60));
    // centre (120, 230) moves down by 6 to (120, 236); size 60 x 90
    assertThat((double) crop.width()).isCloseTo(60, within(1e-4));
    assertThat((double) crop.height()).isCloseTo(90, within(1e-4));
    assertThat((double) crop.x()).isCloseTo(90, within(1e-4));
    assertThat((double) crop.y()).isCloseTo(191, within(1e-4));
  }

  @Test
  void defaultsAreTheStockModelWithTheYuNetCrop() {
    LandmarkerOptions options = LandmarkerOptions.defaults();
    assertThat(options.modelId()).isEqualTo("face-landmark68");
    assertThat(options.boxScale()).isEqualTo(1.2);
    assertThat(options.boxShiftDown()).isEqualTo(0.05);
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> LandmarkerOptions.builder().boxScale(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("boxScale");
    assertThatThrownBy(() -> LandmarkerOptions.builder().boxShiftDown(Double.NaN).build())
        .hasMessageContaining("boxShiftDown");
    assertThatThrownBy(() -> LandmarkerOptions.builder().maxBatchSize(0).build())
        .hasMessageContaining("maxBatchSize");
  }
}
