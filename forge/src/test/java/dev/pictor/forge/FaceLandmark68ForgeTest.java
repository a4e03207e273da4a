package dev.pictor.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaceLandmark68ForgeTest {
  private static final int[] WIDTHS = {32, 64, 128, 256};

  @Test
  void tfSamePaddingPutsTheOddRowAtTheEnd() {
    assertThat(FaceLandmark68Forge.samePadding(112, 3, 2)).containsExactly(0, 1);
    assertThat(FaceLandmark68Forge.samePadding(14, 3, 2)).containsExactly(0, 1);
    assertThat(FaceLandmark68Forge.samePadding(7, 3, 2)).containsExactly(1, 1);
    assertThat(FaceLandmark68Forge.samePadding(56, 3, 1)).containsExactly(1, 1);
    assertThat(FaceLandmark68Forge.samePadding(56, 1, 1)).containsExactly(0, 0);
  }

  @Test
  void missingTensorsAreNamed() {
    assertThatThrownBy(() -> FaceLandmark68Forge.build(Map.of(), Map.of()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("dense0/conv0/filters");
  }

  @Test
  void wronglyShapedTensorsAreRejected() {
    Map<String, Tensor> weights = randomWeights(new Random(1));
    weights.put(
        "dense2/conv1/pointwise_filter",
        new Tensor("dense2/conv1/pointwise_filter", new int[] {1, 1, 64, 128}, new float[8192]));
    assertThatThrownBy(() -> FaceLandmark68Forge.build(weights, Map.of()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("dense2/conv1");
  }

  /**
   * The ONNX graph, run by ONNX Runtime, against a direct NHWC implementation of face-api.js's
   * forward pass (TF "same" padding, separable convolutions, dense blocks, pooling, fully connected
   * layer) with random weights of the real shapes, on a batch of two random inputs.
   */
  @Test
  void graphMatchesADirectImplementationOfTheTfjsNetwork() throws Exception {
    Random random = new Random(42);
    Map<String, Tensor> weights = randomWeights(random);
    byte[] onnx = FaceLandmark68Forge.build(weights, Map.of("k", "v")).toByteArray();
    int side = FaceLandmark68Forge.INPUT_SIZE;
    int batch = 2;
    float[][] nhwc = new float[batch][side * side * 3];
    float[] nchw = new float[batch * 3 * side * side];
    for (int n = 0; n < batch; n++) {
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          for (int c = 0; c < 3; c++) {
            float v = random.nextFloat() - 0.5f;
            nhwc[n][(y * side + x) * 3 + c] = v;
            nchw[((n * 3 + c) * side + y) * side + x] = v;
          }
        }
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor in =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(nchw), new long[] {batch, 3, side, side});
        OrtSession.Result r = s.run(Map.of(FaceLandmark68Forge.INPUT, in))) {
      float[][] out = (float[][]) r.get(0).getValue();
      assertThat(out).hasNumberOfRows(batch);
      for (int n = 0; n < batch; n++) {
        float[] expected = Reference.forward(weights, nhwc[n], side);
        assertThat(out[n]).hasSize(136);
        for (int i = 0; i < 136; i++) {
          assertThat((double) out[n][i])
              .as("output %d of image %d", i, n)
              .isCloseTo(expected[i], within(1e-4 * (1 + Math.abs(expected[i]))));
        }
      }
      double difference = 0;
      for (int i = 0; i < 136; i++) {
        difference = Math.max(difference, Math.abs(out[0][i] - out[1][i]));
      }
      assertThat(difference).as("the output depends on the input").isGreaterThan(1e-3);
    }
  }

  private static Map<String, Tensor> randomWeights(Random random) {
    Map<String, Tensor> w = new HashMap<>();
    int in = 3;
    for (int b = 0; b < 4; b++) {
      int out = WIDTHS[b];
      String p = "dense" + b;
      if (b == 0) {
        put(w, random, p + "/conv0/filters", 0.3f, 3, 3, in, out);
        put(w, random, p + "/conv0/bias", 0.1f, out);
      } else {
        separable(w, random, p + "/conv0", in, out);
      }
      for (int c = 1; c < 4; c++) {
        separable(w, random, p + "/conv" + c, out, out);
      }
      in = out;
    }
    put(w, random, "fc/weights", 0.1f, 256, 136);
    put(w, random, "fc/bias", 0.5f, 136);
    return w;
  }

  private static void separable(
      Map<String, Tensor> w, Random random, String prefix, int in, int out) {
    put(w, random, prefix + "/depthwise_filter", 0.4f, 3, 3, in, 1);
    put(w, random, prefix + "/pointwise_filter", (float) (1.0 / Math.sqrt(in)), 1, 1, in, out);
    put(w, random, prefix + "/bias", 0.05f, out);
  }

  private static void put(Map<String, Tensor> w, Random random, String name, float amp, int... s) {
    int n = 1;
    for (int d : s) {
      n *= d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (random.nextFloat() * 2 - 1) * amp;
    }
    w.put(name, new Tensor(name, s, v));
  }

  /** face-api.js's forward pass on one NHWC image, in doubles, written out directly. */
  private static final class Reference {
    static float[] forward(Map<String, Tensor> w, float[] image, int side) {
      Map3 x = new Map3(side, 3, toDouble(image));
      for (int b = 0; b < 4; b++) {
        String p = "dense" + b;
        Map3 out1 =
            relu(
                b == 0
                    ? addBias(conv(x, w.get(p + "/conv0/filters"), 2), w.get(p + "/conv0/bias"))
                    : separable(x, w, p + "/conv0", 2));
        Map3 out2 = separable(out1, w, p + "/conv1", 1);
        Map3 out3 = separable(relu(add(out1, out2)), w, p + "/conv2", 1);
        Map3 out4 = separable(relu(add(out1, add(out2, out3))), w, p + "/conv3", 1);
        x = relu(add(out1, add(out2, add(out3, out4))));
      }
      // 7x7 average pool, then the fully connected layer
      double[] pooled = new double[x.channels];
      for (int p = 0; p < x.side * x.side; p++) {
        for (int c = 0; c < x.channels; c++) {
          pooled[c] += x.v[p * x.channels + c] / (x.side * x.side);
        }
      }
      Tensor fw = w.get("fc/weights");
      Tensor fb = w.get("fc/bias");
      float[] out = new float[136];
      for (int o = 0; o < 136; o++) {
        double sum = fb.values()[o];
        for (int c = 0; c < pooled.length; c++) {
          sum += pooled[c] * fw.values()[c * 136 + o];
        }
        out[o] = (float) sum;
      }
      return out;
    }

    static Map3 separable(Map3 x, Map<String, Tensor> w, String prefix, int stride) {
      Tensor dw = w.get(prefix + "/depthwise_filter");
      int outSide = (x.side + stride - 1) / stride;
      int before = Math.max((outSide - 1) * stride + 3 - x.side, 0) / 2;
      Map3 depth = new Map3(outSide, x.channels, new double[outSide * outSide * x.channels]);
      for (int i = 0; i < outSide; i++) {
        for (int j = 0; j < outSide; j++) {
          for (int c = 0; c < x.channels; c++) {
            double sum = 0;
            for (int di = 0; di < 3; di++) {
              for (int dj = 0; dj < 3; dj++) {
                int si = i * stride + di - before;
                int sj = j * stride + dj - before;
                if (si >= 0 && si < x.side && sj >= 0 && sj < x.side) {
                  sum +=
                      x.v[(si * x.side + sj) * x.channels + c]
                          * dw.values()[(di * 3 + dj) * x.channels + c];
                }
              }
            }
            depth.v[(i * outSide + j) * x.channels + c] = sum;
          }
        }
      }
      return addBias(conv(depth, w.get(prefix + "/pointwise_filter"), 1), w.get(prefix + "/bias"));
    }

    /** Convolution with an HWIO kernel and TF "same" padding. */
    static Map3 conv(Map3 x, Tensor k, int stride) {
      int kh = k.dim(0);
      int in = k.dim(2);
      int out = k.dim(3);
      int outSide = (x.side + stride - 1) / stride;
      int before = Math.max((outSide - 1) * stride + kh - x.side, 0) / 2;
      Map3 y = new Map3(outSide, out, new double[outSide * outSide * out]);
      for (int i = 0; i < outSide; i++) {
        for (int j = 0; j < outSide; j++) {
          for (int di = 0; di < kh; di++) {
            for (int dj = 0; dj < kh; dj++) {
              int si = i * stride + di - before;
              int sj = j * stride + dj - before;
              if (si < 0 || si >= x.side || sj < 0 || sj >= x.side) {
                continue;
              }
              for (int c = 0; c < in; c++) {
                double xv = x.v[(si * x.side + sj) * in + c];
                int base = ((di * kh + dj) * in + c) * out;
                for (int o = 0; o < out; o++) {
                  y.v[(i * outSide + j) * out + o] += xv * k.values()[base + o];
                }
              }
            }
          }
        }
      }
      return y;
    }

    static Map3 addBias(Map3 x, Tensor bias) {
      double[] v = x.v.clone();
      for (int i = 0; i < v.length; i++) {
        v[i] += bias.values()[i % x.channels];
      }
      return new Map3(x.side, x.channels, v);
    }

    static Map3 add(Map3 a, Map3 b) {
      double[] v = new double[a.v.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = a.v[i] + b.v[i];
      }
      return new Map3(a.side, a.channels, v);
    }

    static Map3 relu(Map3 x) {
      double[] v = new double[x.v.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.max(0, x.v[i]);
      }
      return new Map3(x.side, x.channels, v);
    }

    static double[] toDouble(float[] f) {
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
  }

  /** A square NHWC feature map of one image. */
  private record Map3(int side, int channels, double[] v) {}
}
