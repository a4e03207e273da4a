package dev.pictor.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DetectorOptionsTest {

  @Test
  void capsTheFacesPerImageByDefault() {
    assertThat(DetectorOptions.defaults().maxFaces()).isEqualTo(DetectorOptions.DEFAULT_MAX_FACES);
    assertThat(DetectorOptions.builder().maxFaces(5000).build().maxFaces()).isEqualTo(5000);
  }

  @Test
  void refusesUnboundedWork() {
    assertThatThrownBy(() -> DetectorOptions.builder().maxFaces(0).build())
        .hasMessageContaining("maxFaces");
    assertThatThrownBy(
            () -> DetectorOptions.builder().maxFaces(DetectorOptions.MAX_FACES + 1).build())
        .hasMessageContaining("maxFaces must be within 1..10000");
    assertThatThrownBy(() -> DetectorOptions.builder().intraOpThreads(100_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intraOpThreads must be within 0..256");
  }
}
