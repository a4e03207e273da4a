package dev.pictor.style.fast.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AreaShrinkTest {

  @Test
  void halvingAveragesBlocksOfFour() {
    // 4x2 image: red channel 0, 100, 200, 40 / 20, 60, 0, 80; green = 10, blue = 255.
    int[] red = {0, 100, 200, 40, 20, 60, 0, 80};
    byte[] rgb = new byte[8 * 3];
    for (int i = 0; i < 8; i++) {
      rgb[i * 3] = (byte) red[i];
      rgb[i * 3 + 1] = 10;
      rgb[i * 3 + 2] = (byte) 255;
    }
    byte[] out = AreaShrink.shrink(rgb, 4, 2, 2, 1);
    assertThat(out[0] & 0xFF).isEqualTo(45); // (0 + 100 + 20 + 60) / 4
    assertThat(out[3] & 0xFF).isEqualTo(80); // (200 + 40 + 0 + 80) / 4
    assertThat(out[1] & 0xFF).isEqualTo(10);
    assertThat(out[5] & 0xFF).isEqualTo(255);
  }

  @Test
  void fractionalShrinkKeepsAUniformImageUniform() {
    byte[] rgb = new byte[7 * 5 * 3];
    java.util.Arrays.fill(rgb, (byte) 173);
    byte[] out = AreaShrink.shrink(rgb, 7, 5, 3, 2);
    assertThat(out).hasSize(3 * 2 * 3);
    for (byte b : out) {
      assertThat(b & 0xFF).isEqualTo(173);
    }
  }

  @Test
  void refusesToEnlarge() {
    assertThatThrownBy(() -> AreaShrink.shrink(new byte[12], 2, 2, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2x2 to 3x2");
  }
}
