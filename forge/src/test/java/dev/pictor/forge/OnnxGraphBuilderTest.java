package dev.pictor.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnnxGraphBuilderTest {

  /**
   * Relu(Conv3x3(x, w, b) + x) on a [N,2,5,5] input, written with the builder, run by ONNX Runtime.
   */
  static byte[] residualModel(float[] w, float[] b) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("test");
    String x = g.input("x", "N", 2, 5, 5);
    String conv =
        g.node(
            "Conv",
            "conv",
            List.of(x, g.initializer("w", w, 2, 2, 3, 3), g.initializer("b", b, 2)),
            Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1}));
    String y = g.node("Relu", "y", g.node("Add", "sum", conv, x));
    g.output(y, "N", 2, 5, 5);
    return g.build("test", Map.of("k", "v")).toByteArray();
  }

  @Test
  void convolutionGraphMatchesADirectComputation() throws Exception {
    Random random = new Random(7);
    float[] w = new float[2 * 2 * 9];
    float[] b = {0.1f, -0.2f};
    float[] x = new float[2 * 2 * 25];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextFloat() - 0.5f;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() * 2 - 1;
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(residualModel(w, b), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {2, 2, 5, 5});
        OrtSession.Result r = s.run(Map.of("x", in))) {
      float[][][][] y = (float[][][][]) r.get(0).getValue();
      for (int n = 0; n < 2; n++) {
        for (int o = 0; o < 2; o++) {
          for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
              double sum = b[o] + x[((n * 2 + o) * 5 + i) * 5 + j];
              for (int c = 0; c < 2; c++) {
                for (int di = -1; di <= 1; di++) {
                  for (int dj = -1; dj <= 1; dj++) {
                    if (i + di >= 0 && i + di < 5 && j + dj >= 0 && j + dj < 5) {
                      sum +=
                          w[((o * 2 + c) * 3 + di + 1) * 3 + dj + 1]
                              * x[((n * 2 + c) * 5 + i + di) * 5 + j + dj];
                    }
                  }
                }
              }
              assertThat((double) y[n][o][i][j]).isCloseTo(Math.max(0, sum), within(1e-5));
            }
          }
        }
      }
    }
  }

  @Test
  void rejectsDuplicateNamesAndMismatchedInitializers() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("t");
    g.input("x", 1);
    assertThatThrownBy(() -> g.initializer("x", new float[1], 1)).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> g.initializer("w", new float[3], 2, 2))
        .hasMessageContaining("3 values");
  }

  @Test
  void outputNamesAreMadeUnique() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("t");
    String x = g.input("x", 1);
    assertThat(g.node("Relu", "r", x)).isEqualTo("r");
    assertThat(g.node("Relu", "r", x)).isNotEqualTo("r");
  }
}
