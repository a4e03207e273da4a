package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReadOptionsTest {

  @Test
  void defaultsAreSixtyFourMegapixelsAndTwoHundredFiftySixMebibytes() {
    ImageReadOptions defaults = ImageReadOptions.defaults();

    assertThat(defaults.maxPixels()).isEqualTo(64_000_000L);
    assertThat(defaults.maxEncodedBytes()).isEqualTo(256L * 1024 * 1024);
    assertThat(defaults).isEqualTo(ImageReadOptions.builder().build());
  }

  @Test
  void theBuilderSetsEachLimit() {
    ImageReadOptions options =
        ImageReadOptions.builder().maxPixels(1_000).maxEncodedBytes(2_000).build();

    assertThat(options).isEqualTo(new ImageReadOptions(1_000, 2_000));
  }

  @Test
  void limitsMustBePositiveAndFitInAJavaArray() {
    assertThatThrownBy(() -> ImageReadOptions.builder().maxPixels(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPixels")
        .hasMessageContaining("was 0");
    assertThatThrownBy(
            () ->
                ImageReadOptions.builder().maxPixels(ImageReadOptions.MAX_PIXELS_LIMIT + 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPixels");
    assertThatThrownBy(() -> ImageReadOptions.builder().maxEncodedBytes(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEncodedBytes")
        .hasMessageContaining("was -1");
    assertThatThrownBy(() -> new ImageReadOptions(1, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEncodedBytes");
    assertThat(ImageReadOptions.MAX_PIXELS_LIMIT * 3).isLessThanOrEqualTo(Integer.MAX_VALUE - 8);
    assertThat(
            new ImageReadOptions(
                ImageReadOptions.MAX_PIXELS_LIMIT, ImageReadOptions.MAX_ENCODED_BYTES_LIMIT))
        .isNotNull();
  }
}
