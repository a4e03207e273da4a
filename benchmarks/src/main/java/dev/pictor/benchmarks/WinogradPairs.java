package dev.pictor.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.forge.OnnxGraphBuilder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Would Winograd convolution, written in ONNX operators, make face-resnet128's 3x3 convolutions
 * faster on ONNX Runtime's CPU provider? For each 3x3 stride-1 shape of the network (channels x
 * side), a one-convolution graph (Conv + ReLU, which ONNX Runtime runs as a blocked NCHWc
 * convolution with the ReLU fused) is paired ({@link PairedBlocks}) against the same convolution as
 * Winograd F(2x2, 3x3) and F(4x4, 3x3) (Lavin and Gray, 2016): the input tiles transformed by a
 * strided convolution with the fixed B^T d B filters, one batched MatMul per tile position with the
 * transformed kernels G g G^T, the inverse transform A^T m A as a MatMul and a transpose back, then
 * bias and ReLU. Random weights and inputs (seeded); before timing, each form must agree with the
 * plain convolution to 1e-4 of its largest output. Session options as {@code SessionFactory}'s (all
 * optimisations, spinning off). Not part of the SDK; docs/PERFORMANCE.md has the results.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.pictor.benchmarks.WinogradPairs \
 *     [PAIRS [SECONDS_PER_BLOCK [BATCH [THREADS]]]]
 * </pre>
 *
 * Defaults: 10 pairs of 0.5 s, batch 8 on 1 thread (what each concurrent part of a 16-face batch
 * runs on 2 cores).
 */
public final class WinogradPairs {
  private WinogradPairs() {}

  /** Channels and side of face-resnet128's 3x3 stride-1 convolutions (in = out channels). */
  private static final int[][] SHAPES = {{32, 35}, {64, 17}, {128, 8}, {256, 4}, {256, 3}};

  /** F(2x2, 3x3): input transform B^T, kernel transform G, output transform A^T. */
  private static final Transform F2 =
      new Transform(
          2,
          new double[][] {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}},
          new double[][] {{1, 0, 0}, {.5, .5, .5}, {.5, -.5, .5}, {0, 0, 1}},
          new double[][] {{1, 1, 1, 0}, {0, 1, -1, -1}});

  /** F(4x4, 3x3), interpolation points 0, +-1, +-2 and infinity. */
  private static final Transform F4 =
      new Transform(
          4,
          new double[][] {
            {4, 0, -5, 0, 1, 0},
            {0, -4, -4, 1, 1, 0},
            {0, 4, -4, -1, 1, 0},
            {0, -2, -1, 2, 1, 0},
            {0, 2, -1, -2, 1, 0},
            {0, 4, 0, -5, 0, 1}
          },
          new double[][] {
            {1 / 4.0, 0, 0},
            {-1 / 6.0, -1 / 6.0, -1 / 6.0},
            {-1 / 6.0, 1 / 6.0, -1 / 6.0},
            {1 / 24.0, 1 / 12.0, 1 / 6.0},
            {1 / 24.0, -1 / 12.0, 1 / 6.0},
            {0, 0, 1}
          },
          new double[][] {
            {1, 1, 1, 1, 1, 0}, {0, 1, -1, 2, -2, 0}, {0, 1, 1, 4, 4, 0}, {0, 1, -1, 8, -8, 1}
          });

  /** Winograd F(m x m, 3x3) matrices; tiles are (m + 2) x (m + 2). */
  private record Transform(int m, double[][] bt, double[][] g, double[][] at) {
    int tile() {
      return m + 2;
    }
  }

  /** Runs the pairs; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    PairedBlocks paired =
        PairedBlocks.fromArguments(args.length > 0 ? args : new String[] {"10", "0.5"});
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Random random = new Random(16);
    for (int[] shape : SHAPES) {
      int c = shape[0];
      int side = shape[1];
      float[] w = new float[c * c * 9];
      float[] b = new float[c];
      float[] x = new float[batch * c * side * side];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (random.nextGaussian() * Math.sqrt(2.0 / (9 * c)));
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) (0.1 * random.nextGaussian());
      }
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) Math.max(0, random.nextGaussian());
      }
      try (OnnxTensor input =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, c, side, side});
          OrtSession plain = open(env, plainGraph(c, side, w, b), threads);
          OrtSession f2 = open(env, winogradGraph(F2, c, side, w, b), threads);
          OrtSession f4 = open(env, winogradGraph(F4, c, side, w, b), threads)) {
        float[] expected = run(plain, input);
        String label = c + " channels, " + side + "x" + side + ", batch " + batch;
        for (var form : List.of(Map.entry("F(2x2,3x3)", f2), Map.entry("F(4x4,3x3)", f4))) {
          checkAgrees(form.getKey(), expected, run(form.getValue(), input));
          paired.compare(
              label,
              "Conv",
              () -> run(plain, input),
              "Winograd " + form.getKey(),
              () -> run(form.getValue(), input),
              batch);
        }
      }
    }
    System.out.println("load at the end: " + PairedBlocks.load());
  }

  private static void checkAgrees(String form, float[] expected, float[] actual) {
    double worst = 0;
    double largest = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
      largest = Math.max(largest, Math.abs(expected[i]));
    }
    System.out.printf("%s: max |difference| %.2e, largest output %.2f%n", form, worst, largest);
    if (!(worst <= 1e-4 * largest)) {
      throw new IllegalStateException(form + " does not compute the same convolution");
    }
  }

  private static OrtSession open(OrtEnvironment env, byte[] model, int threads)
      throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(threads);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      return env.createSession(model, options);
    }
  }

  private static float[] run(OrtSession session, OnnxTensor input) throws OrtException {
    try (OrtSession.Result result = session.run(Map.of("x", input))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] values = new float[out.remaining()];
      out.get(values);
      return values;
    }
  }

  /** Conv 3x3, pad 1, bias, ReLU. */
  static byte[] plainGraph(int c, int side, float[] w, float[] b) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("conv");
    String x = g.input("x", "N", c, side, side);
    String y =
        g.node(
            "Conv",
            "conv",
            List.of(x, g.initializer("w", w, c, c, 3, 3), g.initializer("b", b, c)),
            Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1}));
    g.output(g.node("Relu", "y", y), "N", c, side, side);
    return g.build("pictor-benchmarks", Map.of()).toByteArray();
  }

  /** The same convolution as Winograd F(m x m, 3x3) in ONNX operators (see the class comment). */
  static byte[] winogradGraph(Transform f, int c, int side, float[] w, float[] b) {
    int m = f.m();
    int a = f.tile();
    int positions = a * a;
    int tiles = (side + m - 1) / m;
    int padded = m * tiles + 2;
    OnnxGraphBuilder g = new OnnxGraphBuilder("winograd");
    String x = g.input("x", "N", c, side, side);
    int extra = padded - side - 1;
    String v =
        g.node("Pad", "padded", x, g.initializerInt64("pads", 0, 0, 1, 1, 0, 0, extra, extra));
    // input transform: each channel's overlapping a x a tiles (stride m) through B^T d B
    float[] inputFilters = new float[positions * a * a];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < a; j++) {
        for (int r = 0; r < a; r++) {
          for (int s = 0; s < a; s++) {
            inputFilters[((i * a + j) * a + r) * a + s] = (float) (f.bt()[i][r] * f.bt()[j][s]);
          }
        }
      }
    }
    v = g.node("Reshape", "planes", v, g.initializerInt64("planes_shape", -1, 1, padded, padded));
    v =
        g.node(
            "Conv",
            "tiles",
            List.of(v, g.initializer("input_transform", inputFilters, positions, 1, a, a)),
            Map.of("kernel_shape", new long[] {a, a}, "strides", new long[] {m, m}));
    v =
        g.node(
            "Reshape",
            "tiles_nc",
            v,
            g.initializerInt64("tiles_shape", -1, c, positions, (long) tiles * tiles));
    v = g.node("Transpose", "by_position", List.of(v), Map.of("perm", new long[] {2, 0, 3, 1}));
    v = g.node("Reshape", "rows", v, g.initializerInt64("rows_shape", positions, -1, c));
    // one (tiles x c) x (c x c) product per tile position, kernels transformed by G g G^T
    float[] kernels = new float[positions * c * c];
    for (int out = 0; out < c; out++) {
      for (int in = 0; in < c; in++) {
        for (int i = 0; i < a; i++) {
          for (int j = 0; j < a; j++) {
            double sum = 0;
            for (int p = 0; p < 3; p++) {
              for (int q = 0; q < 3; q++) {
                sum += f.g()[i][p] * w[((out * c + in) * 3 + p) * 3 + q] * f.g()[j][q];
              }
            }
            kernels[((i * a + j) * c + in) * c + out] = (float) sum;
          }
        }
      }
    }
    v = g.node("MatMul", "products", v, g.initializer("kernels", kernels, positions, c, c));
    v = g.node("Reshape", "flat", v, g.initializerInt64("flat_shape", positions, -1));
    // output transform A^T m A, then the m x m outputs of each tile back into place
    float[] outputTransform = new float[m * m * positions];
    for (int p = 0; p < m; p++) {
      for (int q = 0; q < m; q++) {
        for (int i = 0; i < a; i++) {
          for (int j = 0; j < a; j++) {
            outputTransform[(p * m + q) * positions + i * a + j] =
                (float) (f.at()[p][i] * f.at()[q][j]);
          }
        }
      }
    }
    v =
        g.node(
            "MatMul",
            "outputs",
            g.initializer("output_transform", outputTransform, m * m, positions),
            v);
    v = g.node("Reshape", "outputs6", v, g.initializerInt64("out6", m, m, -1, tiles, tiles, c));
    v = g.node("Transpose", "placed", List.of(v), Map.of("perm", new long[] {2, 5, 3, 0, 4, 1}));
    v =
        g.node(
            "Reshape",
            "image",
            v,
            g.initializerInt64("image_shape", -1, c, (long) m * tiles, (long) m * tiles));
    if (m * tiles != side) {
      v =
          g.node(
              "Slice",
              "cropped",
              v,
              g.initializerInt64("starts", 0, 0),
              g.initializerInt64("ends", side, side),
              g.initializerInt64("axes", 2, 3));
    }
    v = g.node("Add", "biased", v, g.initializer("bias", b, c, 1, 1));
    g.output(g.node("Relu", "y", v), "N", c, side, side);
    return g.build("pictor-benchmarks", Map.of()).toByteArray();
  }
}
