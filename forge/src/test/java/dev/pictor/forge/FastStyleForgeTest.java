package dev.pictor.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.onnx.store.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast style graph with random weights of the real shapes: any input size gives an output of
 * the same size in 0..255; missing or misshapen variables are named. Parity with the original
 * network on the real weights is {@code FastStyleParityIT} in {@code pictor-style}.
 */
class FastStyleForgeTest {

  /** Variable shapes of the ml5 checkpoints, by id. */
  static int[] shape(int id) {
    if (id == 0) {
      return new int[] {9, 9, 3, 32};
    }
    if (id == 3) {
      return new int[] {3, 3, 32, 64};
    }
    if (id == 6) {
      return new int[] {3, 3, 64, 128};
    }
    if (id >= 9 && id <= 36 && id % 3 == 0) {
      return new int[] {3, 3, 128, 128};
    }
    if (id == 39) {
      return new int[] {3, 3, 64, 128};
    }
    if (id == 42) {
      return new int[] {3, 3, 32, 64};
    }
    if (id == 45) {
      return new int[] {9, 9, 32, 3};
    }
    int conv = id - (id % 3);
    int[] s = shape(conv);
    // Norm parameters: as many as the layer's output channels.
    return new int[] {conv == 39 || conv == 42 ? s[2] : s[3]};
  }

  static Map<String, Tensor> randomWeights(long seed) {
    Random random = new Random(seed);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    for (int id = 0; id < FastStyleForge.VARIABLE_COUNT; id++) {
      int[] shape = shape(id);
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) (random.nextGaussian() * (shape.length == 4 ? 0.05 : 0.5));
      }
      weights.put(
          FastStyleForge.variableName(id), new Tensor(FastStyleForge.variableName(id), shape, v));
    }
    return weights;
  }

  @Test
  void anyInputSizeGivesTheSameOutputSize() throws Exception {
    byte[] onnx = FastStyleForge.build(randomWeights(1), Map.of("k", "v")).toByteArray();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Random random = new Random(2);
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
      for (int[] hw : new int[][] {{16, 16}, {17, 23}, {30, 9}, {33, 34}}) {
        float[] x = new float[3 * hw[0] * hw[1]];
        for (int i = 0; i < x.length; i++) {
          x[i] = random.nextInt(256);
        }
        try (OnnxTensor in =
                OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 3, hw[0], hw[1]});
            OrtSession.Result r = session.run(Map.of(FastStyleForge.INPUT, in))) {
          OnnxTensor out = (OnnxTensor) r.get(0);
          assertThat(out.getInfo().getShape()).containsExactly(1, 3, hw[0], hw[1]);
          FloatBuffer y = out.getFloatBuffer();
          float min = Float.MAX_VALUE;
          float max = -Float.MAX_VALUE;
          while (y.hasRemaining()) {
            float v = y.get();
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
          assertThat(min).isGreaterThanOrEqualTo(0f);
          assertThat(max).isLessThanOrEqualTo(255f);
          assertThat(max - min).as("output varies").isGreaterThan(1f);
        }
      }
    }
  }

  @Test
  void missingOrMisshapenVariablesAreNamed() {
    Map<String, Tensor> missing = new HashMap<>(randomWeights(3));
    missing.remove("Variable_20");
    missing.put("Other", new Tensor("Other", new int[] {1}, new float[1]));
    assertThatThrownBy(() -> FastStyleForge.build(missing, Map.of()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("Variable_20");
    Map<String, Tensor> wrong = new HashMap<>(randomWeights(3));
    wrong.put("Variable_3", new Tensor("Variable_3", new int[] {3, 3, 16, 64}, new float[9216]));
    assertThatThrownBy(() -> FastStyleForge.build(wrong, Map.of()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("Variable_3");
  }

  @Test
  void weightsAreReadOnlyWhenTheirDigestsMatch(@TempDir Path dir) throws Exception {
    String manifest =
        "{\"Variable\": {\"filename\": \"Variable\", \"shape\": [2, 2]},"
            + " \"Variable_1\": {\"filename\": \"Variable_1\", \"shape\": [3]}}";
    Files.writeString(dir.resolve("manifest.json"), manifest);
    Files.write(dir.resolve("Variable"), floats(1, 2, 3, 4));
    Files.write(dir.resolve("Variable_1"), floats(5, 6, 7));
    Map<String, String> sha = new HashMap<>();
    for (String f : new String[] {"manifest.json", "Variable", "Variable_1"}) {
      sha.put(f, Sha256.of(dir.resolve(f)));
    }
    Map<String, Tensor> read = FastStyleWeights.read(dir, sha, "https://example.org/w");
    assertThat(read.keySet()).containsExactly("Variable", "Variable_1");
    assertThat(read.get("Variable").values()).containsExactly(1, 2, 3, 4);
    assertThat(read.get("Variable_1").shape()).containsExactly(3);

    Files.write(dir.resolve("Variable_1"), floats(5, 6, 8));
    assertThatThrownBy(() -> FastStyleWeights.read(dir, sha, "https://example.org/w"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(dir.resolve("Variable_1").toString())
        .hasMessageContaining(sha.get("Variable_1"))
        .hasMessageContaining("https://example.org/w");

    Files.delete(dir.resolve("Variable"));
    assertThatThrownBy(() -> FastStyleWeights.read(dir, sha, "https://example.org/w"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(dir.resolve("Variable").toString());
  }

  static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }
}
