package dev.pictor.forge;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Builds the ONNX graph of face-api.js's 68-point face landmark network ({@code
 * face_landmark_68_model}) from its TF.js weights, following {@code src/faceLandmarkNet/}, {@code
 * src/faceFeatureExtractor/} and {@code src/common/} of {@code @vladmandic/face-api}.
 *
 * <p>The network: four dense blocks of four convolutions each (the first convolution of the first
 * block is a plain 3x3 convolution, every other one a depthwise-separable 3x3 convolution; the
 * first of each block has stride 2), each block adding up the outputs of its convolutions as
 * face-api.js does, then a 7x7 average pool and a fully connected layer to 136 values.
 *
 * <p>Graph input {@value #INPUT}: {@code [N, 3, 112, 112]} float, RGB, already normalised as {@code
 * (pixel - mean) / 255} with {@link #MEAN_RGB}; output {@value #OUTPUT}: {@code [N, 136]}, the raw
 * output of the fully connected layer, {@code x0, y0, x1, y1, ...}: the 68 points as fractions of
 * the side of the square input (there is no sigmoid; values can fall slightly outside 0..1).
 * face-api.js's {@code postProcess} then only undoes its letterbox padding and scaling, which
 * depends on each image, so it is left to the caller. TF's "same" padding becomes explicit,
 * possibly asymmetric ONNX pads (one more row and column at the bottom and right for stride 2 on an
 * even side). Stateless.
 */
public final class FaceLandmark68Forge {
  /** Name of the graph input. */
  public static final String INPUT = "input";

  /** Name of the graph output. */
  public static final String OUTPUT = "landmarks";

  /** Side of the square input image. */
  public static final int INPUT_SIZE = 112;

  /** Number of landmarks; the output has twice as many values. */
  public static final int POINTS = 68;

  /** Mean RGB subtracted by face-api.js before dividing by 255 (FaceFeatureExtractor). */
  public static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  private static final List<String> BLOCKS = List.of("dense0", "dense1", "dense2", "dense3");

  private final Map<String, Tensor> weights;
  private final OnnxGraphBuilder graph = new OnnxGraphBuilder("face_landmark68");
  private int side = INPUT_SIZE;
  private int channels = 3;

  private FaceLandmark68Forge(Map<String, Tensor> weights) {
    this.weights = weights;
  }

  /** Builds the model from the weight map read from {@code face_landmark_68_model}. */
  public static ModelProto build(Map<String, Tensor> weights, Map<String, String> metadata)
      throws ModelException {
    return new FaceLandmark68Forge(weights).assemble(metadata);
  }

  private ModelProto assemble(Map<String, String> metadata) throws ModelException {
    String x = graph.input(INPUT, "N", 3, INPUT_SIZE, INPUT_SIZE);
    for (int i = 0; i < BLOCKS.size(); i++) {
      x = denseBlock(x, BLOCKS.get(i), i == 0);
    }
    if (side != 7) {
      throw new ModelException("feature map is " + side + "x" + side + ", expected 7x7");
    }
    // tf.avgPool(out, [7, 7], [2, 2], 'valid') on a 7x7 map: one output per channel
    x =
        graph.node(
            "AveragePool",
            "avg_pool",
            List.of(x),
            Map.of("kernel_shape", new long[] {7, 7}, "strides", new long[] {2, 2}));
    x = graph.node("Flatten", "features", List.of(x), Map.of("axis", 1L));

    Tensor fcWeights = weight("fc/weights", 2);
    float[] fcBias = weight("fc/bias", 1).values();
    if (fcWeights.dim(0) != channels
        || fcWeights.dim(1) != 2 * POINTS
        || fcBias.length != 2 * POINTS) {
      throw new ModelException(
          "fc: weight shapes do not fit (expected ["
              + channels
              + ", "
              + 2 * POINTS
              + "] and ["
              + 2 * POINTS
              + "])");
    }
    String w = graph.initializer("fc/weights", fcWeights.values(), channels, 2 * POINTS);
    String b = graph.initializer("fc/bias", fcBias, 2 * POINTS);
    String out = graph.node("Add", OUTPUT, graph.node("MatMul", "fc/matmul", x, w), b);
    graph.output(out, "N", 2 * POINTS);
    return graph.build("pictor-forge", metadata);
  }

  /**
   * face-api.js's {@code denseBlock4}: {@code out1 = relu(conv0(x))}, then each further convolution
   * reads the ReLU of the sum of all earlier outputs; the block returns the ReLU of the sum of all
   * four. Sums are nested as in the original ({@code out1 + (out2 + (out3 + out4))}) so that float
   * rounding matches.
   */
  private String denseBlock(String x, String prefix, boolean first) throws ModelException {
    String c0 = first ? conv(x, prefix + "/conv0", 2) : separableConv(x, prefix + "/conv0", 2);
    String out1 = graph.node("Relu", prefix + "/out1", c0);
    String out2 = separableConv(out1, prefix + "/conv1", 1);
    String in3 =
        graph.node("Relu", prefix + "/in3", graph.node("Add", prefix + "/sum12", out1, out2));
    String out3 = separableConv(in3, prefix + "/conv2", 1);
    String sum23 = graph.node("Add", prefix + "/sum23", out2, out3);
    String in4 =
        graph.node("Relu", prefix + "/in4", graph.node("Add", prefix + "/sum123", out1, sum23));
    String out4 = separableConv(in4, prefix + "/conv3", 1);
    String sum34 = graph.node("Add", prefix + "/sum34", out3, out4);
    String sum234 = graph.node("Add", prefix + "/sum234", out2, sum34);
    return graph.node(
        "Relu", prefix + "/out", graph.node("Add", prefix + "/sum1234", out1, sum234));
  }

  /** A plain 3x3 convolution with bias ({@code tf.conv2d(x, filters, stride, 'same') + bias}). */
  private String conv(String x, String prefix, int stride) throws ModelException {
    Tensor filters = weight(prefix + "/filters", 4);
    float[] bias = weight(prefix + "/bias", 1).values();
    int kh = filters.dim(0);
    int kw = filters.dim(1);
    int in = filters.dim(2);
    int out = filters.dim(3);
    if (in != channels || bias.length != out) {
      throw new ModelException(
          prefix + ": weight shapes do not fit (input has " + channels + " channels)");
    }
    String w = graph.initializer(prefix + "/weights", hwioToOihw(filters), out, in, kh, kw);
    String b = graph.initializer(prefix + "/bias", bias, out);
    channels = out;
    return convNode(prefix, List.of(x, w, b), kh, kw, stride, 1);
  }

  /**
   * {@code tf.separableConv2d(x, depthwise, pointwise, stride, 'same') + bias}: a depthwise 3x3
   * convolution (channel multiplier 1) with the stride, then a 1x1 convolution carrying the bias.
   */
  private String separableConv(String x, String prefix, int stride) throws ModelException {
    Tensor depthwise = weight(prefix + "/depthwise_filter", 4);
    Tensor pointwise = weight(prefix + "/pointwise_filter", 4);
    float[] bias = weight(prefix + "/bias", 1).values();
    int kh = depthwise.dim(0);
    int kw = depthwise.dim(1);
    int in = pointwise.dim(2);
    int out = pointwise.dim(3);
    if (depthwise.dim(2) != channels
        || depthwise.dim(3) != 1
        || pointwise.dim(0) != 1
        || pointwise.dim(1) != 1
        || in != channels
        || bias.length != out) {
      throw new ModelException(
          prefix + ": weight shapes do not fit (input has " + channels + " channels)");
    }
    // [kh, kw, C, 1] -> [C, 1, kh, kw]; [1, 1, in, out] -> [out, in, 1, 1]
    String dw =
        graph.initializer(
            prefix + "/depthwise_weights", hwioToOihw(depthwise), channels, 1, kh, kw);
    String depth = convNode(prefix + "/depthwise", List.of(x, dw), kh, kw, stride, channels);
    String pw =
        graph.initializer(prefix + "/pointwise_weights", hwioToOihw(pointwise), out, in, 1, 1);
    String b = graph.initializer(prefix + "/bias", bias, out);
    channels = out;
    return convNode(prefix, List.of(depth, pw, b), 1, 1, 1, 1);
  }

  /** A Conv node with TF "same" padding for the current side; updates {@link #side}. */
  private String convNode(String name, List<String> inputs, int kh, int kw, int stride, int group)
      throws ModelException {
    if (kh != kw) {
      throw new ModelException(name + ": only square kernels are supported, got " + kh + "x" + kw);
    }
    int[] pad = samePadding(side, kh, stride);
    side = (side + pad[0] + pad[1] - kh) / stride + 1;
    return graph.node(
        "Conv",
        name,
        inputs,
        Map.of(
            "kernel_shape", new long[] {kh, kw},
            "strides", new long[] {stride, stride},
            "pads", new long[] {pad[0], pad[0], pad[1], pad[1]},
            "group", (long) group));
  }

  /**
   * TF's "same" padding along one axis: the output has {@code ceil(size / stride)} elements and the
   * padding is split with the odd element at the end.
   *
   * @return {@code {before, after}}
   */
  static int[] samePadding(int size, int kernel, int stride) {
    int out = (size + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + kernel - size, 0);
    return new int[] {total / 2, total - total / 2};
  }

  /** TF's {@code [kh, kw, in, out]} kernel layout to ONNX's {@code [out, in, kh, kw]}. */
  private static float[] hwioToOihw(Tensor filters) {
    int kh = filters.dim(0);
    int kw = filters.dim(1);
    int in = filters.dim(2);
    int out = filters.dim(3);
    float[] hwio = filters.values();
    float[] oihw = new float[hwio.length];
    for (int h = 0; h < kh; h++) {
      for (int w = 0; w < kw; w++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            oihw[((o * in + i) * kh + h) * kw + w] = hwio[((h * kw + w) * in + i) * out + o];
          }
        }
      }
    }
    return oihw;
  }

  private Tensor weight(String name, int rank) throws ModelException {
    Tensor t = weights.get(name);
    if (t == null) {
      throw new ModelException("face landmark weights lack tensor '" + name + "'");
    }
    if (t.shape().length != rank) {
      throw new ModelException(
          "tensor '" + name + "' has rank " + t.shape().length + ", expected " + rank);
    }
    return t;
  }
}
