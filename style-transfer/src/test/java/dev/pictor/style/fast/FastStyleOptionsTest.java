package dev.pictor.style.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ExecutionDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FastStyleOptionsTest {

  @Test
  void defaults() {
    FastStyleOptions o = FastStyleOptions.of("wave");
    assertThat(o.style()).isEqualTo("wave");
    assertThat(o.device()).isEqualTo(ExecutionDevice.cpu());
    assertThat(o.maxSide()).isZero();
    assertThat(o.strength()).isEqualTo(1.0);
    assertThat(o.tileSize()).isEqualTo(FastStyleOptions.DEFAULT_TILE_SIZE);
    assertThat(o.tileOverlap()).isEqualTo(FastStyleOptions.DEFAULT_TILE_OVERLAP);
    assertThat(o.modelDirectory()).isEmpty();
  }

  @Test
  void builderRoundTrips() {
    FastStyleOptions o =
        FastStyleOptions.builder("udnie")
            .device(ExecutionDevice.cuda(0))
            .intraOpThreads(2)
            .maxSide(512)
            .strength(0.25)
            .tileSize(256)
            .tileOverlap(32)
            .modelDirectory(Path.of("/models"))
            .build();
    assertThat(o.toBuilder().build()).isEqualTo(o);
    assertThat(o.toBuilder().style("scream").build().style()).isEqualTo("scream");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> FastStyleOptions.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("style");
    assertThatThrownBy(() -> FastStyleOptions.builder("udnie").strength(1.5).build())
        .hasMessageContaining("strength must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> FastStyleOptions.builder("udnie").strength(Double.NaN).build())
        .hasMessageContaining("strength");
    assertThatThrownBy(() -> FastStyleOptions.builder("udnie").maxSide(-1).build())
        .hasMessageContaining("maxSide");
    assertThatThrownBy(() -> FastStyleOptions.builder("udnie").tileSize(130).build())
        .hasMessageContaining("tileSize must be a multiple of 4");
    assertThatThrownBy(() -> FastStyleOptions.builder("udnie").tileSize(32).build())
        .hasMessageContaining("from 64 to 8192, was 32");
    assertThatThrownBy(() -> FastStyleOptions.builder("udnie").tileSize(8196).build())
        .hasMessageContaining("was 8196");
    assertThatThrownBy(() -> FastStyleOptions.builder("udnie").tileOverlap(600).build())
        .hasMessageContaining("tileOverlap must be in [0, tileSize / 2 = 512], was 600");
    assertThatThrownBy(() -> FastStyleOptions.builder("udnie").intraOpThreads(-2).build())
        .hasMessageContaining("intraOpThreads");
  }
}
