package dev.pictor.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VggOnnxWeightsTest {
  private static Map<String, Tensor> tfjs;

  @TempDir Path dir;

  @BeforeAll
  static void readWeights() throws Exception {
    tfjs =
        TfjsWeights.readPresentGroups(
            Path.of(System.getProperty("pictor.shared.dir", "../../shared"))
                .resolve("models/vgg19-tfjs/model.json"));
  }

  /**
   * A torchvision-style export of the first {@code convs} layers: initializers {@code
   * features.N.weight} in ONNX layout, Conv + Relu, MaxPool between blocks.
   */
  static byte[] torchvisionStyle(Map<String, Tensor> weights, int convs) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("torch_jit");
    String x = g.input("input", 1, 3, "H", "W");
    int index = 0;
    for (int k = 0; k < convs; k++) {
      String layer = VggLayers.names().get(k);
      if (k > 0 && layer.endsWith("_1")) {
        x =
            g.node(
                "MaxPool",
                "features." + index++,
                List.of(x),
                Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}));
      }
      Tensor kernel = weights.get(VggLayers.kerasName(layer) + "/kernel");
      int in = kernel.dim(2);
      int out = kernel.dim(3);
      float[] onnx = new float[kernel.values().length];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          for (int y = 0; y < 3; y++) {
            for (int xx = 0; xx < 3; xx++) {
              onnx[((o * in + i) * 3 + y) * 3 + xx] =
                  kernel.values()[((y * 3 + xx) * in + i) * out + o];
            }
          }
        }
      }
      String w = g.initializer("features." + index + ".weight", onnx, out, in, 3, 3);
      String b =
          g.initializer(
              "features." + index + ".bias",
              weights.get(VggLayers.kerasName(layer) + "/bias").values(),
              out);
      x =
          g.node(
              "Conv",
              "conv_" + index++,
              List.of(x, w, b),
              Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1}));
      x = g.node("Relu", "features." + index++, x);
    }
    g.output(x, 1, 512, "h", "w");
    return g.build("pytorch", Map.of()).toByteArray();
  }

  @Test
  void readsTheConvolutionsBackInTfjsLayout() throws Exception {
    Path file = dir.resolve("vgg.onnx");
    Files.write(file, torchvisionStyle(tfjs, 8));
    Map<String, Tensor> read = VggOnnxWeights.read(file);
    assertThat(read).hasSize(16).containsOnlyKeys(tfjs.keySet());
    for (Map.Entry<String, Tensor> e : tfjs.entrySet()) {
      assertThat(read.get(e.getKey()).shape()).as(e.getKey()).isEqualTo(e.getValue().shape());
      assertThat(read.get(e.getKey()).values()).as(e.getKey()).isEqualTo(e.getValue().values());
    }
  }

  @Test
  void refusesFilesThatAreNotVgg() throws Exception {
    Path garbage = dir.resolve("garbage.onnx");
    Files.write(garbage, new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(() -> VggOnnxWeights.read(garbage))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("garbage.onnx");
    Path tooShort = dir.resolve("short.onnx");
    Files.write(tooShort, torchvisionStyle(tfjs, 4));
    assertThatThrownBy(() -> VggOnnxWeights.read(tooShort))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("4 convolutions");
    assertThatThrownBy(() -> VggOnnxWeights.read(dir.resolve("none.onnx")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("none.onnx");
  }
}
