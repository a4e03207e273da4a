package dev.pictor.style.gatys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatysOptionsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    GatysOptions o = GatysOptions.defaults();
    assertThat(o.sizes()).containsExactly(256);
    assertThat(o.contentLayer()).isEqualTo(VggLayer.CONV3_2);
    assertThat(o.styleLayers())
        .containsOnlyKeys(VggLayer.CONV1_1, VggLayer.CONV2_1, VggLayer.CONV3_1);
    assertThat(o.styleLayers().values()).allSatisfy(v -> assertThat(v).isEqualTo(1.0 / 3));
    assertThat(o.optimizer()).isEqualTo(GatysOptions.Optimizer.ADAM);
    assertThat(o.learningRate()).isEqualTo(2.0);
    assertThat(o.totalSteps()).isEqualTo(o.iterations());
    assertThat(o.timeBudget()).isEmpty();
  }

  @Test
  void courseWeightsAreReachable() {
    GatysOptions o = GatysOptions.builder().alpha(10).beta(40).build();
    assertThat(o.alpha()).isEqualTo(10);
    assertThat(o.beta()).isEqualTo(40);
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> GatysOptions.builder().size(100_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100000");
    assertThatThrownBy(() -> GatysOptions.builder().size(8).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8");
    assertThatThrownBy(() -> GatysOptions.builder().sizes(List.of(256, 128)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("increase");
    assertThatThrownBy(() -> VggLayer.of("relu9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relu9")
        .hasMessageContaining("conv5_4");
    assertThatThrownBy(() -> GatysOptions.builder().contentLayer(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contentLayer");
    assertThatThrownBy(
            () -> GatysOptions.builder().styleLayers(Map.of(VggLayer.CONV1_1, -1.0)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conv1_1");
    assertThatThrownBy(() -> GatysOptions.builder().beta(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beta");
    assertThatThrownBy(() -> GatysOptions.builder().iterations(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> GatysOptions.builder().timeBudget(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeBudget");
  }

  @Test
  void toBuilderKeepsEverything() {
    GatysOptions o =
        GatysOptions.builder()
            .sizes(List.of(64, 128))
            .iterations(7)
            .styleLayers(VggLayer.CONV1_2, VggLayer.CONV2_2)
            .tvWeight(3)
            .preserveColors(true)
            .timeBudget(Duration.ofSeconds(5))
            .build();
    assertThat(o.toBuilder().build()).isEqualTo(o);
    assertThat(o.totalSteps()).isEqualTo(14);
  }
}
