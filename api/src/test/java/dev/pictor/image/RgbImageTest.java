package dev.pictor.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RgbImageTest {

  /** A 2x2 image whose pixel (x, y) is (10x + y, 100 + x, 200 + y), with values above 127. */
  private static byte[] pixels() {
    byte[] rgb = new byte[2 * 2 * 3];
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        int i = (y * 2 + x) * 3;
        rgb[i] = (byte) (10 * x + y);
        rgb[i + 1] = (byte) (100 + x);
        rgb[i + 2] = (byte) (200 + y);
      }
    }
    return rgb;
  }

  @Test
  void readsInterleavedRowMajorSamplesAsUnsignedValues() {
    RgbImage image = new RgbImage(2, 2, pixels());

    assertThat(image.value(1, 0, 0)).isEqualTo(10);
    assertThat(image.value(0, 1, 0)).isEqualTo(1);
    assertThat(image.value(1, 1, 1)).isEqualTo(101);
    assertThat(image.value(0, 1, 2)).isEqualTo(201);
  }

  @Test
  void copiesThePixelsInAndOut() {
    byte[] source = pixels();
    RgbImage image = new RgbImage(2, 2, source);

    source[0] = 99;
    byte[] out = image.rgb();
    out[1] = 42;

    assertThat(image.value(0, 0, 0)).isZero();
    assertThat(image.value(0, 0, 1)).isEqualTo(100);
    assertThat(image.rgb()).isEqualTo(pixels()).isNotSameAs(image.rgb());
  }

  @Test
  void rejectsInvalidSizesAndArrays() {
    assertThatThrownBy(() -> new RgbImage(0, 2, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x2");
    assertThatThrownBy(() -> new RgbImage(2, -1, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2x-1");
    assertThatThrownBy(() -> new RgbImage(2, 2, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
    assertThatThrownBy(() -> new RgbImage(2, 2, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("11 bytes")
        .hasMessageContaining("needs 12");
  }

  @Test
  void rejectsSizesWhoseProductOverflowsAnInt() {
    assertThatThrownBy(() -> new RgbImage(65536, 65536, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 12884901888");
  }

  @Test
  void rejectsReadsOutsideTheImage() {
    RgbImage image = new RgbImage(2, 2, pixels());

    assertThatThrownBy(() -> image.value(2, 0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> image.value(0, -1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> image.value(0, 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void equalityFollowsSizeAndPixelContent() {
    RgbImage image = new RgbImage(2, 2, pixels());
    byte[] other = pixels();
    other[5] = 7;

    assertThat(image).isEqualTo(new RgbImage(2, 2, pixels()));
    assertThat(image).hasSameHashCodeAs(new RgbImage(2, 2, pixels()));
    assertThat(image).isNotEqualTo(new RgbImage(2, 2, other));
    assertThat(new RgbImage(4, 1, pixels())).isNotEqualTo(image);
  }

  @Test
  void toStringShowsTheSizeButNoPixels() {
    RgbImage image = new RgbImage(2, 2, pixels());

    assertThat(image.toString()).isEqualTo("RgbImage[2x2]");
  }

  @Test
  void mirroringSwapsColumnsOfEveryRow() {
    RgbImage image = new RgbImage(2, 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    RgbImage mirrored = image.mirrored();
    assertThat(mirrored.rgb()).containsExactly(4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9);
    assertThat(mirrored.mirrored()).isEqualTo(image);
  }
}
