package dev.pictor.forge;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Builds the ONNX graph of face-api.js's face recognition network (a dlib-style ResNet-29 with
 * 128-d output) from its TF.js weights, following {@code src/faceRecognitionNet/} of
 * {@code @vladmandic/face-api}.
 *
 * <p>Graph input {@value #INPUT}: {@code [N, 3, 150, 150]} float, RGB, already normalised as {@code
 * (pixel - mean) / 255} with the card's mean; output {@value #OUTPUT}: {@code [N, 128]}, the raw
 * (not normalised) descriptor. Each convolution's per-channel affine "scale layer" is folded into
 * the convolution's weights and bias. Stateless.
 */
public final class FaceResNetForge {
  /** Name of the graph input. */
  public static final String INPUT = "input";

  /** Name of the graph output. */
  public static final String OUTPUT = "descriptor";

  /** Side of the square input image. */
  public static final int INPUT_SIZE = 150;

  /** Mean RGB subtracted by face-api.js before dividing by 255. */
  public static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  private final Map<String, Tensor> weights;
  private final OnnxGraphBuilder graph = new OnnxGraphBuilder("face_resnet128");
  private int side = INPUT_SIZE;
  private int channels = 3;

  private FaceResNetForge(Map<String, Tensor> weights) {
    this.weights = weights;
  }

  /** Builds the model from the weight map read from {@code face_recognition_model}. */
  public static ModelProto build(Map<String, Tensor> weights, Map<String, String> metadata)
      throws ModelException {
    return new FaceResNetForge(weights).assemble(metadata);
  }

  private ModelProto assemble(Map<String, String> metadata) throws ModelException {
    String x = graph.input(INPUT, "N", 3, INPUT_SIZE, INPUT_SIZE);
    x = graph.node("Relu", "conv32_down_relu", convLayer(x, "conv32_down", 2, false));
    x =
        graph.node(
            "MaxPool",
            "pool",
            List.of(x),
            Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}));
    side = (side - 3) / 2 + 1;

    for (String name : List.of("conv32_1", "conv32_2", "conv32_3")) {
      x = residual(x, name);
    }
    x = residualDown(x, "conv64_down");
    for (String name : List.of("conv64_1", "conv64_2", "conv64_3")) {
      x = residual(x, name);
    }
    x = residualDown(x, "conv128_down");
    for (String name : List.of("conv128_1", "conv128_2")) {
      x = residual(x, name);
    }
    x = residualDown(x, "conv256_down");
    for (String name : List.of("conv256_1", "conv256_2")) {
      x = residual(x, name);
    }
    x = residualDown(x, "conv256_down_out");

    x = graph.node("GlobalAveragePool", "global_avg", x);
    x = graph.node("Flatten", "features", List.of(x), Map.of("axis", 1L));
    Tensor fc = weight("fc", 2);
    String fcWeights = graph.initializer("fc/weights", fc.values(), fc.dim(0), fc.dim(1));
    String out = graph.node("MatMul", OUTPUT, x, fcWeights);
    graph.output(out, "N", fc.dim(1));
    return graph.build("pictor-forge", metadata);
  }

  /** conv -> conv (no ReLU) -> add input -> ReLU. */
  private String residual(String x, String name) throws ModelException {
    String out = graph.node("Relu", name + "/relu1", convLayer(x, name + "/conv1", 1, true));
    out = convLayer(out, name + "/conv2", 1, true);
    return graph.node("Relu", name + "/relu", graph.node("Add", name + "/add", out, x));
  }

  /**
   * Strided residual block: the shortcut is a 2x2 average pool, zero-padded in channels when the
   * block widens, and the main path is zero-padded by one row and column when its valid convolution
   * came out one smaller than the pool (as face-api.js does).
   */
  private String residualDown(String x, String name) throws ModelException {
    int inSide = side;
    int inChannels = channels;
    String out = graph.node("Relu", name + "/relu1", convLayer(x, name + "/conv1", 2, false));
    out = convLayer(out, name + "/conv2", 1, true);
    int convSide = side;

    String pooled =
        graph.node(
            "AveragePool",
            name + "/pool",
            List.of(x),
            Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}));
    int poolSide = inSide / 2;
    if (poolSide != convSide) {
      if (poolSide != convSide + 1) {
        throw new ModelException(
            name + ": unexpected shapes, pool " + poolSide + " vs convolution " + convSide);
      }
      String pads = graph.initializerInt64(name + "/pad_hw", 0, 0, 0, 0, 0, 0, 1, 1);
      out = graph.node("Pad", name + "/padded", out, pads);
    }
    if (channels != inChannels) {
      String pads =
          graph.initializerInt64(name + "/pad_c", 0, 0, 0, 0, 0, channels - inChannels, 0, 0);
      pooled = graph.node("Pad", name + "/pool_padded", pooled, pads);
    }
    side = poolSide;
    return graph.node("Relu", name + "/relu", graph.node("Add", name + "/add", pooled, out));
  }

  /**
   * A convolution with its bias and scale layer folded in: {@code (conv(x, W) + b) * s + beta ==
   * conv(x, W * s) + (b * s + beta)}. Padding is TF's "same" (symmetric for odd kernels at stride
   * 1) or "valid".
   */
  private String convLayer(String x, String prefix, int stride, boolean samePadding)
      throws ModelException {
    Tensor filters = weight(prefix + "/conv/filters", 4);
    float[] bias = weight(prefix + "/conv/bias", 1).values();
    float[] scale = weight(prefix + "/scale/weights", 1).values();
    float[] shift = weight(prefix + "/scale/biases", 1).values();
    int kh = filters.dim(0);
    int kw = filters.dim(1);
    int in = filters.dim(2);
    int out = filters.dim(3);
    if (in != channels || bias.length != out || scale.length != out || shift.length != out) {
      throw new ModelException(
          prefix + ": weight shapes do not fit (input has " + channels + " channels)");
    }
    float[] oihw = new float[out * in * kh * kw];
    float[] hwio = filters.values();
    for (int h = 0; h < kh; h++) {
      for (int w = 0; w < kw; w++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            oihw[((o * in + i) * kh + h) * kw + w] =
                hwio[((h * kw + w) * in + i) * out + o] * scale[o];
          }
        }
      }
    }
    float[] folded = new float[out];
    for (int o = 0; o < out; o++) {
      folded[o] = (float) ((double) bias[o] * scale[o] + shift[o]);
    }
    String w = graph.initializer(prefix + "/weights", oihw, out, in, kh, kw);
    String b = graph.initializer(prefix + "/bias", folded, out);
    int pad = samePadding ? kh / 2 : 0;
    if (samePadding && (stride != 1 || kh % 2 == 0 || kh != kw)) {
      throw new ModelException(
          prefix + ": 'same' padding is only supported for odd square kernels at stride 1");
    }
    channels = out;
    side = (side + 2 * pad - kh) / stride + 1;
    return graph.node(
        "Conv",
        prefix,
        List.of(x, w, b),
        Map.of(
            "kernel_shape", new long[] {kh, kw},
            "strides", new long[] {stride, stride},
            "pads", new long[] {pad, pad, pad, pad}));
  }

  private Tensor weight(String name, int rank) throws ModelException {
    Tensor t = weights.get(name);
    if (t == null) {
      throw new ModelException("face recognition weights lack tensor '" + name + "'");
    }
    if (t.shape().length != rank) {
      throw new ModelException(
          "tensor '" + name + "' has rank " + t.shape().length + ", expected " + rank);
    }
    return t;
  }
}
