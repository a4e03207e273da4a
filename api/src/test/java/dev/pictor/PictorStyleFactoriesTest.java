package dev.pictor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.image.RgbImage;
import org.junit.jupiter.api.Test;

/** Without pictor-style on the class path (as here), the style factories say what to add. */
class PictorStyleFactoriesTest {

  @Test
  void theErrorNamesTheMissingArtifact() {
    assertThatThrownBy(() -> Pictor.fastStyle("udnie"))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("dev.pictor:pictor-style");
    assertThatThrownBy(Pictor::styles)
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("dev.pictor:pictor-style");
    RgbImage painting = new RgbImage(32, 32, new byte[32 * 32 * 3]);
    assertThatThrownBy(() -> Pictor.gatysStyle(painting, RuntimeSettings.defaults()))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("pictor-style-models");
  }
}
