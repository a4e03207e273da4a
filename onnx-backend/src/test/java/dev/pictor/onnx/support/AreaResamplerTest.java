package dev.pictor.onnx.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AreaResamplerTest {

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
    byte[] out = AreaResampler.shrink(rgb, 4, 2, 2, 1);
    assertThat(out[0] & 0xFF).isEqualTo(45); // (0 + 100 + 20 + 60) / 4
    assertThat(out[3] & 0xFF).isEqualTo(80); // (200 + 40 + 0 + 80) / 4
    assertThat(out[1] & 0xFF).isEqualTo(10);
    assertThat(out[5] & 0xFF).isEqualTo(255);
  }

  @Test
  void fractionalShrinkKeepsAUniformImageUniform() {
    byte[] rgb = new byte[7 * 5 * 3];
    java.util.Arrays.fill(rgb, (byte) 173);
    byte[] out = AreaResampler.shrink(rgb, 7, 5, 3, 2);
    assertThat(out).hasSize(3 * 2 * 3);
    for (byte b : out) {
      assertThat(b & 0xFF).isEqualTo(173);
    }
  }

  @Test
  void refusesToEnlarge() {
    assertThatThrownBy(() -> AreaResampler.shrink(new byte[12], 2, 2, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2x2 to 3x2");
  }

  @Test
  void planesMatchTheShrunkImageInEitherChannelOrder() {
    java.util.Random random = new java.util.Random(7);
    byte[] rgb = new byte[9 * 6 * 3];
    random.nextBytes(rgb);
    byte[] shrunk = AreaResampler.shrink(rgb, 9, 6, 4, 3);
    float[] planes = new float[3 * 5 * 4];
    java.util.Arrays.fill(planes, -1f);
    AreaResampler.toPlanes(rgb, 9, 6, 4, 3, planes, 5, 4, true);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        for (int c = 0; c < 3; c++) {
          float v = planes[c * 20 + y * 5 + x];
          if (x < 4 && y < 3) {
            // BGR planes: plane 0 is blue, the third byte of an RGB pixel
            int want = shrunk[(y * 4 + x) * 3 + 2 - c] & 0xFF;
            assertThat((double) v).as("plane %d at %d,%d", c, x, y).isCloseTo(want, within(0.5));
          } else {
            assertThat(v).as("padding at %d,%d", x, y).isEqualTo(-1f);
          }
        }
      }
    }
  }

  @Test
  void sameSizeCopiesThePixels() {
    byte[] rgb = {1, 2, 3, (byte) 200, 5, 6};
    float[] planes = new float[6];
    AreaResampler.toPlanes(rgb, 2, 1, 2, 1, planes, 2, 1, false);
    assertThat(planes).containsExactly(1f, 200f, 2f, 5f, 3f, 6f);
  }
}
