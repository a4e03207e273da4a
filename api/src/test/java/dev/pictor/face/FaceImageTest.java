package dev.pictor.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaceImageTest {

  @Test
  void copiesPixelsInAndOut() {
    float[] rgb = new float[2 * 1 * 3];
    FaceImage image = new FaceImage(2, 1, rgb);
    rgb[0] = 200;
    assertThat(image.value(0, 0, 0)).isZero();
    image.rgb()[0] = 100;
    assertThat(image.value(0, 0, 0)).isZero();
  }

  @Test
  void readsBytesAsUnsigned() {
    FaceImage image = FaceImage.ofRgbBytes(1, 1, new byte[] {(byte) 255, 0, (byte) 128});
    assertThat(image.value(0, 0, 0)).isEqualTo(255f);
    assertThat(image.value(0, 0, 2)).isEqualTo(128f);
  }

  @Test
  void rejectsNanAndOutOfRangePixelsNamingThePosition() {
    float[] rgb = new float[3 * 2 * 3];
    rgb[3 * 3 + 1] = Float.NaN;
    assertThatThrownBy(() -> new FaceImage(3, 2, rgb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x=0, y=1")
        .hasMessageContaining("NaN");
    rgb[3 * 3 + 1] = 256f;
    assertThatThrownBy(() -> new FaceImage(3, 2, rgb)).hasMessageContaining("256.0");
  }

  @Test
  void rejectsWrongLengthAndSize() {
    assertThatThrownBy(() -> new FaceImage(2, 2, new float[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 12");
    assertThatThrownBy(() -> new FaceImage(0, 2, new float[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copiesOneChannelRowByRow() {
    float[] rgb = {1, 2, 3, 4, 5, 6};
    FaceImage image = new FaceImage(2, 1, rgb);
    float[] green = new float[3];
    image.copyChannel(1, green, 1);
    assertThat(green).containsExactly(0f, 2f, 5f);
    assertThatThrownBy(() -> image.copyChannel(3, green, 0)).hasMessageContaining("channel");
  }

  @Test
  void mirroringSwapsColumnsAndKeepsChannelOrder() {
    FaceImage image = new FaceImage(3, 1, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    FaceImage mirrored = image.mirrored();
    assertThat(mirrored.rgb()).containsExactly(7, 8, 9, 4, 5, 6, 1, 2, 3);
    assertThat(mirrored.mirrored()).isEqualTo(image);
  }
}
