package dev.pictor.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pictor.ModelException;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MobileFaceNetModelsTest {
  private static final int C = 16;
  private static final int SIDE = 6;

  /** PRelu(Conv1x1(x)) then PRelu of a residual sum, slopes of both signs and magnitudes. */
  static ModelProto preluModel(Random random, long... slopeDims) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("prelu");
    String x = g.input("x", "N", C, SIDE, SIDE);
    float[] w = new float[C * C];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextFloat() - 0.5f;
    }
    float[] a1 = new float[C];
    float[] a2 = new float[C];
    for (int c = 0; c < C; c++) {
      a1[c] = random.nextFloat() * 3 - 1.5f;
      a2[c] = c == 0 ? 0f : c == 1 ? 1f : random.nextFloat() * 0.5f;
    }
    String conv =
        g.node(
            "Conv",
            "conv",
            List.of(x, g.initializer("w", w, C, C, 1, 1)),
            Map.of("kernel_shape", new long[] {1, 1}));
    String p1 = g.node("PRelu", "p1", conv, g.initializer("a1", a1, slopeDims));
    String sum = g.node("Add", "sum", p1, x);
    String p2 = g.node("PRelu", "p2", sum, g.initializer("a2", a2, C, 1, 1));
    g.output(p2, "N", C, SIDE, SIDE);
    return g.build("test", Map.of());
  }

  static float[] run(ModelProto model, float[] x, OrtSession.SessionOptions.OptLevel level)
      throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(level);
      try (OrtSession s = env.createSession(model.toByteArray(), options);
          OnnxTensor in =
              OnnxTensor.createTensor(
                  env,
                  FloatBuffer.wrap(x),
                  new long[] {x.length / (C * SIDE * SIDE), C, SIDE, SIDE});
          OrtSession.Result r = s.run(Map.of("x", in))) {
        FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] values = new float[out.remaining()];
        out.get(values);
        return values;
      }
    }
  }

  @Test
  void convolutionalPreluComputesThePrelu() throws Exception {
    Random random = new Random(11);
    ModelProto published = preluModel(random, C, 1, 1);
    ModelProto rewritten = MobileFaceNetModels.withConvolutionalPrelu(published);

    assertThat(rewritten.getGraph().getNodeList())
        .extracting(NodeProto::getOpType)
        .doesNotContain("PRelu")
        .containsExactly(
            "Conv", "Conv", "Relu", "Conv", "Add", "Add", "Conv", "Relu", "Conv", "Add");
    assertThat(rewritten.getGraph().getInitializerList())
        .extracting(TensorProto::getName)
        .doesNotContain("a1", "a2")
        .contains("w");
    assertThat(rewritten.getGraph().getOutput(0).getName())
        .isEqualTo(published.getGraph().getOutput(0).getName());

    float[] x = new float[3 * C * SIDE * SIDE];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() * 4 - 2;
    }
    // reference: ONNX Runtime's own PRelu on the unoptimised published graph
    float[] expected = run(published, x, OrtSession.SessionOptions.OptLevel.NO_OPT);
    for (OrtSession.SessionOptions.OptLevel level :
        List.of(
            OrtSession.SessionOptions.OptLevel.NO_OPT,
            OrtSession.SessionOptions.OptLevel.ALL_OPT)) {
      float[] actual = run(rewritten, x, level);
      assertThat(actual).hasSameSizeAs(expected);
      int negative = 0;
      for (int i = 0; i < expected.length; i++) {
        double tolerance = 1e-6 * Math.max(1, Math.abs(expected[i]));
        assertThat((double) actual[i])
            .as("element %d at %s", i, level)
            .isCloseTo(expected[i], within(tolerance));
        negative += expected[i] < 0 ? 1 : 0;
      }
      // the negative side (the slopes) was exercised, not only the identity
      assertThat(negative).isGreaterThan(expected.length / 10);
    }
  }

  @Test
  void aSlopeThatIsNotPerChannelIsRefused() {
    ModelProto wrong = preluModel(new Random(3), 1, C, 1, 1);
    assertThatThrownBy(() -> MobileFaceNetModels.withConvolutionalPrelu(wrong))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("a1")
        .hasMessageContaining("[C, 1, 1]");
  }
}
