package dev.pictor.style.gatys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pictor.forge.TfjsWeights;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.forge.VggLayers;
import dev.pictor.style.gatys.GatysOptions.Pooling;
import dev.pictor.style.gatys.internal.VggGraphs.CostSpec;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * VGG-19 forward pass against a direct convolution written here from the TF.js layout, costs
 * against hand-computed values, and dJ/dimage against central finite differences.
 */
class VggGraphsTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static Map<String, Tensor> weights;

  @BeforeAll
  static void readWeights() throws Exception {
    Path modelJson =
        Path.of(System.getProperty("pictor.shared.dir", "../../shared"))
            .resolve("models/vgg19-tfjs/model.json");
    weights = TfjsWeights.readPresentGroups(modelJson);
  }

  @ParameterizedTest
  @EnumSource(Pooling.class)
  void forwardMatchesADirectConvolution(Pooling pooling) throws Exception {
    int h = 19;
    int w = 22;
    float[] image = randomImage(h, w, new Random(7));
    List<String> layers = List.of("conv1_1", "conv2_2", "conv3_4");
    Map<String, float[]> got;
    try (OrtSession s = session(VggGraphs.features(weights, pooling, layers, layers, Map.of()));
        OnnxTensor in = tensor(image, 1, 3, h, w);
        OrtSession.Result r = s.run(Map.of(VggGraphs.INPUT, in))) {
      got = new HashMap<>();
      for (String l : layers) {
        got.put("act_" + l, floats(r, VggGraphs.activation(l)));
        got.put("gram_" + l, floats(r, VggGraphs.gram(l)));
      }
    }
    Reference ref = new Reference(image, h, w);
    for (String layer : VggLayers.names().subList(0, 8)) {
      if (layer.endsWith("_1") && !layer.equals("conv1_1")) {
        ref.pool(pooling);
      }
      ref.conv(
          weights.get(VggLayers.kerasName(layer) + "/kernel"),
          weights.get(VggLayers.kerasName(layer) + "/bias"));
      if (layers.contains(layer)) {
        assertClose(got.get("act_" + layer), ref.x, 2e-5, layer);
        assertClose(got.get("gram_" + layer), ref.gram(), 2e-5, "gram " + layer);
      }
    }
  }

  @Test
  void costsEqualHandComputedValues() throws Exception {
    int h = 16;
    int w = 20;
    float[] image = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          image[(c * h + y) * w + x] = (x % 2) * 10f + 100f; // vertical stripes 100 / 110
        }
      }
    }
    Map<String, float[]> own = features(image, h, w, "conv2_1", List.of("conv1_1", "conv3_1"));
    // content target = own activation + 1: J_content = n / (4 n) = 0.25
    float[] contentTarget = own.get("act_conv2_1").clone();
    for (int i = 0; i < contentTarget.length; i++) {
      contentTarget[i] += 1f;
    }
    // style targets = 0.9 * own Gram: J_style^[l] = sum (G - T)^2 / (4 C^2 N^2)
    float[] g1 = scaled(own.get("gram_conv1_1"), 0.9f);
    float[] g3 = scaled(own.get("gram_conv3_1"), 0.9f);
    CostSpec spec =
        new CostSpec(
            h, w, Pooling.MAX, "conv2_1", Map.of("conv1_1", 0.25, "conv3_1", 0.75), 10, 40, 3);
    double style =
        0.25 * styleCost(own.get("gram_conv1_1"), g1, h * w)
            + 0.75 * styleCost(own.get("gram_conv3_1"), g3, (h / 4) * (w / 4));
    // stripes: every horizontal neighbour differs by 10, vertical ones not at all
    double tv = 100.0 * 3 * h * (w - 1) / (3.0 * h * w);
    Costs costs = run(spec, image, contentTarget, Map.of("conv1_1", g1, "conv3_1", g3));
    assertThat(costs.content).isCloseTo(0.25, within(1e-5));
    assertThat(style).isGreaterThan(0);
    assertThat(costs.style).isCloseTo(style, within(style * 1e-4));
    assertThat(costs.tv).isCloseTo(tv, within(tv * 1e-5));
    assertThat(costs.total)
        .isCloseTo(10 * costs.content + 40 * costs.style + 3 * costs.tv, within(1e-3));
  }

  @Test
  void gradientsMatchFiniteDifferences() throws Exception {
    // 22x26 -> 11x13 after pool1: pool2 leaves an odd last row and column unpooled
    int h = 22;
    int w = 26;
    Random random = new Random(11);
    float[] image = randomImage(h, w, random);
    // targets from images near the test image keep J small, so that float rounding of J does not
    // swamp the change one pixel makes
    float amp = 25f;
    Map<String, float[]> contentF = features(near(image, amp, random), h, w, "conv3_2", List.of());
    Map<String, float[]> styleF =
        features(
            near(image, amp, random), h, w, "conv3_2", List.of("conv1_1", "conv2_1", "conv3_1"));
    Map<String, float[]> grams = new LinkedHashMap<>();
    Map<String, Double> lambdas = new LinkedHashMap<>();
    for (String l : List.of("conv1_1", "conv2_1", "conv3_1")) {
      grams.put(l, styleF.get("gram_" + l));
      lambdas.put(l, 1.0 / 3);
    }
    float[] content = contentF.get("act_conv3_2");
    for (Pooling pooling : Pooling.values()) {
      for (double[] abt : new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {10, 40, 5}}) {
        CostSpec spec = new CostSpec(h, w, pooling, "conv3_2", lambdas, abt[0], abt[1], abt[2]);
        double error = finiteDifferenceError(spec, image, content, grams, new Random(3));
        assertThat(error)
            .as(
                "relative gradient error, %s pooling, alpha/beta/tv %s/%s/%s",
                pooling, abt[0], abt[1], abt[2])
            .isLessThan(1e-2);
      }
    }
  }

  @Test
  void torchvisionNormalizationForwardAndGradient() throws Exception {
    int h = 18;
    int w = 20;
    Random random = new Random(5);
    float[] image = randomImage(h, w, random);
    List<String> layers = List.of("conv2_1");
    float[] got;
    try (OrtSession s =
            session(
                VggGraphs.features(
                    weights, VggGraphs.TORCHVISION, Pooling.AVERAGE, layers, layers, Map.of()));
        OnnxTensor in = tensor(image, 1, 3, h, w);
        OrtSession.Result r = s.run(Map.of(VggGraphs.INPUT, in))) {
      got = floats(r, VggGraphs.activation("conv2_1"));
    }
    Reference ref = new Reference(image, h, w, VggGraphs.TORCHVISION);
    ref.conv(weights.get("block1_conv1/kernel"), weights.get("block1_conv1/bias"));
    ref.conv(weights.get("block1_conv2/kernel"), weights.get("block1_conv2/bias"));
    ref.pool(Pooling.AVERAGE);
    ref.conv(weights.get("block2_conv1/kernel"), weights.get("block2_conv1/bias"));
    assertClose(got, ref.x, 2e-5, "conv2_1, torchvision input");

    Map<String, float[]> targets =
        features(
            VggGraphs.TORCHVISION,
            near(image, 25f, random),
            h,
            w,
            "conv2_2",
            List.of("conv1_1", "conv2_1"));
    CostSpec spec =
        new CostSpec(
            h, w, Pooling.AVERAGE, "conv2_2", Map.of("conv1_1", 0.5, "conv2_1", 0.5), 10, 40, 5);
    byte[] model =
        VggGraphs.costGradient(weights, VggGraphs.TORCHVISION, spec, Map.of()).toByteArray();
    Map<String, float[]> grams =
        Map.of("conv1_1", targets.get("gram_conv1_1"), "conv2_1", targets.get("gram_conv2_1"));
    try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions())) {
      double error =
          finiteDifferenceError(
              s, spec, image, targets.get("act_conv2_2"), grams, new Random(3), 1.0f);
      assertThat(error).as("relative gradient error, torchvision input").isLessThan(1e-2);
    }
  }

  @Test
  void unknownLayerIsRejected() {
    assertThatThrownBy(() -> VggLayers.kerasName("conv6_1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conv6_1");
    assertThatThrownBy(
            () -> VggGraphs.features(weights, Pooling.MAX, List.of("conv4_1"), List.of(), Map.of()))
        .isInstanceOf(dev.pictor.ModelException.class)
        .hasMessageContaining("block4_conv1");
  }

  /** ||g_fd - g|| / ||g|| over 16 random pixels. */
  private static double finiteDifferenceError(
      CostSpec spec, float[] image, float[] content, Map<String, float[]> grams, Random random)
      throws Exception {
    byte[] model = VggGraphs.costGradient(weights, spec, Map.of()).toByteArray();
    try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions())) {
      // small: ReLU and max-pooling kinks within +-eps of a pixel spoil larger steps (max pooling:
      // 0.3% at 0.1, 0.5% at 0.25, 2-4% at 1.0)
      return finiteDifferenceError(s, spec, image, content, grams, random, 0.2f);
    }
  }

  private static double finiteDifferenceError(
      OrtSession s,
      CostSpec spec,
      float[] image,
      float[] content,
      Map<String, float[]> grams,
      Random random,
      float eps)
      throws Exception {
    {
      float[] grad = evaluate(s, spec, image, content, grams).gradient;
      double num = 0;
      double den = 0;
      for (int k = 0; k < 16; k++) {
        int i = random.nextInt(image.length);
        float[] plus = image.clone();
        float[] minus = image.clone();
        plus[i] += eps;
        minus[i] -= eps;
        double fd =
            (evaluate(s, spec, plus, content, grams).total
                    - evaluate(s, spec, minus, content, grams).total)
                / (2.0 * eps);
        num += (fd - grad[i]) * (fd - grad[i]);
        den += (double) grad[i] * grad[i];
      }
      return Math.sqrt(num / den);
    }
  }

  private record Costs(double total, double content, double style, double tv, float[] gradient) {}

  private static Costs run(
      CostSpec spec, float[] image, float[] content, Map<String, float[]> grams) throws Exception {
    try (OrtSession s = session(VggGraphs.costGradient(weights, spec, Map.of()))) {
      return evaluate(s, spec, image, content, grams);
    }
  }

  private static Costs evaluate(
      OrtSession s, CostSpec spec, float[] image, float[] content, Map<String, float[]> grams)
      throws Exception {
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(VggGraphs.INPUT, tensor(image, 1, 3, spec.height(), spec.width()));
      long[] cshape =
          s.getInputInfo().get(VggGraphs.CONTENT_TARGET).getInfo()
                  instanceof ai.onnxruntime.TensorInfo ti
              ? ti.getShape()
              : null;
      inputs.put(VggGraphs.CONTENT_TARGET, tensor(content, cshape));
      for (String l : spec.styleLayers().keySet()) {
        int c = (int) Math.round(Math.sqrt(grams.get(l).length));
        inputs.put(VggGraphs.styleTarget(l), tensor(grams.get(l), c, c));
      }
      try (OrtSession.Result r = s.run(inputs)) {
        return new Costs(
            scalar(r, VggGraphs.COST),
            scalar(r, VggGraphs.CONTENT_COST),
            scalar(r, VggGraphs.STYLE_COST),
            scalar(r, VggGraphs.TV_COST),
            floats(r, VggGraphs.GRADIENT));
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private static Map<String, float[]> features(
      float[] image, int h, int w, String act, List<String> gramLayers) throws Exception {
    return features(VggGraphs.CAFFE, image, h, w, act, gramLayers);
  }

  private static Map<String, float[]> features(
      VggGraphs.Normalization normalization,
      float[] image,
      int h,
      int w,
      String act,
      List<String> gramLayers)
      throws Exception {
    try (OrtSession s =
            session(
                VggGraphs.features(
                    weights, normalization, Pooling.MAX, List.of(act), gramLayers, Map.of()));
        OnnxTensor in = tensor(image, 1, 3, h, w);
        OrtSession.Result r = s.run(Map.of(VggGraphs.INPUT, in))) {
      Map<String, float[]> out = new HashMap<>();
      out.put("act_" + act, floats(r, VggGraphs.activation(act)));
      for (String l : gramLayers) {
        out.put("gram_" + l, floats(r, VggGraphs.gram(l)));
      }
      return out;
    }
  }

  private static OrtSession session(ai.onnx.proto.OnnxMl.ModelProto model) throws Exception {
    return ENV.createSession(model.toByteArray(), new OrtSession.SessionOptions());
  }

  private static OnnxTensor tensor(float[] values, long... shape) throws Exception {
    return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape);
  }

  private static float[] floats(OrtSession.Result r, String name) {
    OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow();
    FloatBuffer b = t.getFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  private static double scalar(OrtSession.Result r, String name) throws Exception {
    return (double) ((OnnxTensor) r.get(name).orElseThrow()).getValue();
  }

  private static float[] scaled(float[] x, float factor) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * factor;
    }
    return y;
  }

  private static double styleCost(float[] gram, float[] target, int n) {
    int c = (int) Math.round(Math.sqrt(gram.length));
    double sum = 0;
    for (int i = 0; i < gram.length; i++) {
      double d = (double) gram[i] - target[i];
      sum += d * d;
    }
    return sum / (4.0 * c * c * (double) n * n);
  }

  private static float[] near(float[] image, float amplitude, Random random) {
    float[] x = image.clone();
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.min(255f, Math.max(0f, x[i] + (random.nextFloat() * 2 - 1) * amplitude));
    }
    return x;
  }

  private static float[] randomImage(int h, int w, Random random) {
    float[] x = new float[3 * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() * 255f;
    }
    return x;
  }

  private static void assertClose(float[] got, double[] want, double relTol, String what) {
    assertThat(got).as(what).hasSize(want.length);
    double maxAbs = 0;
    double maxDiff = 0;
    for (int i = 0; i < want.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(want[i]));
      maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
    }
    assertThat(maxAbs).as(what + " is not all zero").isGreaterThan(0);
    assertThat(maxDiff / maxAbs).as(what + ": max |diff| / max |value|").isLessThan(relTol);
  }

  /** VGG in plain double arithmetic, straight from the TF.js kernel layout [kh, kw, in, out]. */
  private static final class Reference {
    double[] x;
    int c = 3;
    int h;
    int w;

    Reference(float[] rgb, int h, int w) {
      this(rgb, h, w, VggGraphs.CAFFE);
    }

    /** (x[order] - mean) / std, written out here rather than taken from the forge. */
    Reference(float[] rgb, int h, int w, VggGraphs.Normalization n) {
      this.h = h;
      this.w = w;
      x = new double[rgb.length];
      double[] mean = {n.mean()[0], n.mean()[1], n.mean()[2]};
      double[] std = {n.std()[0], n.std()[1], n.std()[2]};
      for (int ch = 0; ch < 3; ch++) {
        int source = n.bgr() ? 2 - ch : ch;
        for (int i = 0; i < h * w; i++) {
          x[ch * h * w + i] = (rgb[source * h * w + i] - mean[ch]) / std[ch];
        }
      }
    }

    void conv(Tensor kernel, Tensor bias) {
      int out = kernel.dim(3);
      float[] k = kernel.values();
      double[] y = new double[out * h * w];
      for (int o = 0; o < out; o++) {
        for (int yy = 0; yy < h; yy++) {
          for (int xx = 0; xx < w; xx++) {
            double sum = bias.values()[o];
            for (int ky = 0; ky < 3; ky++) {
              int sy = yy + ky - 1;
              if (sy < 0 || sy >= h) {
                continue;
              }
              for (int kx = 0; kx < 3; kx++) {
                int sx = xx + kx - 1;
                if (sx < 0 || sx >= w) {
                  continue;
                }
                for (int i = 0; i < c; i++) {
                  sum += x[(i * h + sy) * w + sx] * k[((ky * 3 + kx) * c + i) * out + o];
                }
              }
            }
            y[(o * h + yy) * w + xx] = Math.max(0, sum);
          }
        }
      }
      x = y;
      c = out;
    }

    void pool(Pooling pooling) {
      int h2 = h / 2;
      int w2 = w / 2;
      double[] y = new double[c * h2 * w2];
      for (int ch = 0; ch < c; ch++) {
        for (int yy = 0; yy < h2; yy++) {
          for (int xx = 0; xx < w2; xx++) {
            double a = x[(ch * h + 2 * yy) * w + 2 * xx];
            double b = x[(ch * h + 2 * yy) * w + 2 * xx + 1];
            double d = x[(ch * h + 2 * yy + 1) * w + 2 * xx];
            double e = x[(ch * h + 2 * yy + 1) * w + 2 * xx + 1];
            y[(ch * h2 + yy) * w2 + xx] =
                pooling == Pooling.MAX
                    ? Math.max(Math.max(a, b), Math.max(d, e))
                    : (a + b + d + e) / 4;
          }
        }
      }
      x = y;
      h = h2;
      w = w2;
    }

    double[] gram() {
      int n = h * w;
      double[] g = new double[c * c];
      for (int i = 0; i < c; i++) {
        for (int j = 0; j < c; j++) {
          double s = 0;
          for (int k = 0; k < n; k++) {
            s += x[i * n + k] * x[j * n + k];
          }
          g[i * c + j] = s;
        }
      }
      return g;
    }
  }
}
