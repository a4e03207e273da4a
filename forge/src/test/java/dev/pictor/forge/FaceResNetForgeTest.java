package dev.pictor.forge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ModelException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaceResNetForgeTest {

  @Test
  void missingTensorsAreNamed() {
    assertThatThrownBy(() -> FaceResNetForge.build(Map.of(), Map.of()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("conv32_down/conv/filters");
  }

  @Test
  void wronglyShapedTensorsAreRejected() {
    Map<String, TfjsWeights.Tensor> weights =
        Map.of(
            "conv32_down/conv/filters",
            new TfjsWeights.Tensor(
                "conv32_down/conv/filters", new int[] {7, 7, 3}, new float[147]));
    assertThatThrownBy(() -> FaceResNetForge.build(weights, Map.of()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("rank 3");
  }
}
