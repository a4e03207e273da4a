package dev.pictor.style.gatys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.forge.VggLayers;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VggLayerTest {
  @Test
  void theEnumIsTheWeightReadersLayerListInNetworkOrder() {
    assertThat(Arrays.stream(VggLayer.values()).map(VggLayer::label).toList())
        .containsExactlyElementsOf(VggLayers.names());
  }

  @Test
  void labelsBlocksAndParsing() {
    assertThat(VggLayer.CONV3_2.label()).isEqualTo("conv3_2");
    assertThat(VggLayer.CONV3_2).hasToString("conv3_2");
    assertThat(VggLayer.CONV3_2.block()).isEqualTo(3);
    assertThat(VggLayer.of(" Conv4_2 ")).isEqualTo(VggLayer.CONV4_2);
    assertThat(GatysOptions.BLOCKS_1_TO_3)
        .hasSize(8)
        .allSatisfy(l -> assertThat(l.block()).isLessThanOrEqualTo(3));
  }
}
