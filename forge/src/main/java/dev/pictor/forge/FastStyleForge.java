package dev.pictor.forge;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Builds the ONNX graph of a fast style transfer network (Engstrom's fast-style-transfer transform
 * net, Johnson et al.'s architecture) from the 48 variables of an ml5 checkpoint, following ml5's
 * {@code src/StyleTransfer/}.
 *
 * <p>Network: three convolutions (9x9 stride 1 to 32 channels, 3x3 stride 2 to 64, 3x3 stride 2 to
 * 128), five residual blocks (conv, ReLU, conv, add input) at 128 channels, two 3x3 stride 2
 * transposed convolutions (to 64, then 32 channels) and a 9x9 convolution to 3 channels. Every
 * convolution has no bias and is followed by instance normalisation (biased variance, epsilon 1e-3;
 * variable {@code id + 1} is the shift, {@code id + 2} the scale) and, except the second of a
 * residual block and the last, a ReLU. Convolutions use TensorFlow's "same" padding (the extra row
 * or column of an odd total goes at the bottom/right, ONNX {@code SAME_UPPER}); transposed
 * convolutions double the size ({@code pads 0,0,1,1}). The output is {@code clip(150 * tanh(y) +
 * 127.5, 0, 255)}.
 *
 * <p>Graph input {@value #INPUT}: {@code [N, 3, H, W]} float RGB 0..255 (no normalisation), any
 * {@code H, W >= 1}; output {@value #OUTPUT}: {@code [N, 3, H, W]} float RGB 0..255. The network
 * itself makes {@code 4 * ceil(H / 4)} rows (likewise columns); the graph crops that to the input
 * size, keeping the top-left part, which is where ml5's output and the input agree. Stateless.
 */
public final class FastStyleForge {
  /** Name of the graph input. */
  public static final String INPUT = "content";

  /** Name of the graph output. */
  public static final String OUTPUT = "stylized";

  /** Number of variables of a checkpoint ({@code Variable} to {@code Variable_47}). */
  public static final int VARIABLE_COUNT = 48;

  /** Instance normalisation epsilon used by ml5. */
  public static final float EPSILON = 1e-3f;

  /** Output scale: {@code 150 * tanh(y) + 127.5}. */
  public static final float TANH_SCALE = 150f;

  /** Output offset: {@code 150 * tanh(y) + 127.5}. */
  public static final float TANH_OFFSET = 255f / 2;

  private final Map<String, Tensor> weights;
  private final OnnxGraphBuilder graph = new OnnxGraphBuilder("fast_style");
  private int channels = 3;

  private FastStyleForge(Map<String, Tensor> weights) {
    this.weights = weights;
  }

  /**
   * Builds the model.
   *
   * @param weights the checkpoint's variables by name ({@code Variable}, {@code Variable_1}, ...)
   * @param metadata written into the model's metadata properties
   * @throws ModelException if a variable is missing or has an unexpected shape
   */
  public static ModelProto build(Map<String, Tensor> weights, Map<String, String> metadata)
      throws ModelException {
    return new FastStyleForge(weights).assemble(metadata);
  }

  /** The manifest name of variable {@code id}: {@code Variable} for 0, else {@code Variable_id}. */
  public static String variableName(int id) {
    return id == 0 ? "Variable" : "Variable_" + id;
  }

  private ModelProto assemble(Map<String, String> metadata) throws ModelException {
    if (weights.size() != VARIABLE_COUNT) {
      throw new ModelException(
          "a fast style checkpoint has " + VARIABLE_COUNT + " variables, got " + weights.size());
    }
    String input = graph.input(INPUT, "N", 3, "H", "W");
    String x = conv(input, "conv1", 1, true, 0);
    x = conv(x, "conv2", 2, true, 3);
    x = conv(x, "conv3", 2, true, 6);
    for (int block = 0; block < 5; block++) {
      int id = 9 + 6 * block;
      String name = "res" + (block + 1);
      String y = conv(x, name + "/conv1", 1, true, id);
      y = conv(y, name + "/conv2", 1, false, id + 3);
      x = graph.node("Add", name + "/add", y, x);
    }
    x = convTranspose(x, "deconv1", 39);
    x = convTranspose(x, "deconv2", 42);
    x = conv(x, "conv_out", 1, false, 45);
    if (channels != 3) {
      throw new ModelException("the last convolution makes " + channels + " channels, not 3");
    }
    x = graph.node("Tanh", "tanh", x);
    x = graph.node("Mul", "scaled", x, graph.initializer("out/scale", new float[] {TANH_SCALE}));
    x = graph.node("Add", "shifted", x, graph.initializer("out/offset", new float[] {TANH_OFFSET}));
    x =
        graph.node(
            "Clip",
            "clipped",
            x,
            graph.initializer("out/min", new float[] {0f}),
            graph.initializer("out/max", new float[] {255f}));
    // Crop 4 * ceil(H / 4) x 4 * ceil(W / 4) to H x W.
    String shape = graph.node("Shape", "input_shape", input);
    String size =
        graph.node(
            "Slice",
            "input_hw",
            shape,
            graph.initializerInt64("hw/starts", 2),
            graph.initializerInt64("hw/ends", 4));
    String out =
        graph.node(
            "Slice",
            OUTPUT,
            x,
            graph.initializerInt64("crop/starts", 0, 0),
            size,
            graph.initializerInt64("crop/axes", 2, 3));
    graph.output(out, "N", 3, "H", "W");
    return graph.build("pictor-forge", metadata);
  }

  /** Convolution (no bias, TF "same" padding), instance norm, optional ReLU. */
  private String conv(String x, String name, int stride, boolean relu, int id)
      throws ModelException {
    Tensor filters = weight(id, 4);
    int kh = filters.dim(0);
    int kw = filters.dim(1);
    int in = filters.dim(2);
    int out = filters.dim(3);
    if (in != channels) {
      throw new ModelException(
          variableName(id) + ": filters take " + in + " channels, input has " + channels);
    }
    float[] hwio = filters.values();
    float[] oihw = new float[out * in * kh * kw];
    for (int h = 0; h < kh; h++) {
      for (int w = 0; w < kw; w++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            oihw[((o * in + i) * kh + h) * kw + w] = hwio[((h * kw + w) * in + i) * out + o];
          }
        }
      }
    }
    String w = graph.initializer(name + "/weights", oihw, out, in, kh, kw);
    String y =
        graph.node(
            "Conv",
            name,
            List.of(x, w),
            Map.of(
                "kernel_shape", new long[] {kh, kw},
                "strides", new long[] {stride, stride},
                "auto_pad", "SAME_UPPER"));
    channels = out;
    y = instanceNorm(y, name, id + 1);
    return relu ? graph.node("Relu", name + "/relu", y) : y;
  }

  /**
   * Transposed convolution, stride 2, doubling the size as TF's {@code conv2dTranspose(...,
   * 'same')} with output {@code 2H x 2W}: input pixel {@code i} reaches outputs {@code 2i + k},
   * {@code k} the kernel tap; then instance norm and ReLU.
   */
  private String convTranspose(String x, String name, int id) throws ModelException {
    Tensor filters = weight(id, 4); // TF layout [kh, kw, out, in]
    int kh = filters.dim(0);
    int kw = filters.dim(1);
    int out = filters.dim(2);
    int in = filters.dim(3);
    if (in != channels || kh != 3 || kw != 3) {
      throw new ModelException(
          variableName(id)
              + ": expected 3x3 transposed filters taking "
              + channels
              + " channels, shape is "
              + java.util.Arrays.toString(filters.shape()));
    }
    float[] hwoi = filters.values();
    float[] iohw = new float[in * out * kh * kw];
    for (int h = 0; h < kh; h++) {
      for (int w = 0; w < kw; w++) {
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            iohw[((i * out + o) * kh + h) * kw + w] = hwoi[((h * kw + w) * out + o) * in + i];
          }
        }
      }
    }
    String w = graph.initializer(name + "/weights", iohw, in, out, kh, kw);
    String y =
        graph.node(
            "ConvTranspose",
            name,
            List.of(x, w),
            Map.of(
                "kernel_shape", new long[] {kh, kw},
                "strides", new long[] {2, 2},
                "pads", new long[] {0, 0, 1, 1}));
    channels = out;
    y = instanceNorm(y, name, id + 1);
    return graph.node("Relu", name + "/relu", y);
  }

  /**
   * Instance normalisation with ml5's variable order: shift at {@code id}, scale at {@code id+1}.
   */
  private String instanceNorm(String x, String name, int id) throws ModelException {
    float[] shift = weight(id, 1).values();
    float[] scale = weight(id + 1, 1).values();
    if (shift.length != channels || scale.length != channels) {
      throw new ModelException(
          variableName(id) + "/" + variableName(id + 1) + ": expected " + channels + " values");
    }
    return graph.node(
        "InstanceNormalization",
        name + "/norm",
        List.of(
            x,
            graph.initializer(name + "/norm/scale", scale, channels),
            graph.initializer(name + "/norm/shift", shift, channels)),
        Map.of("epsilon", EPSILON));
  }

  private Tensor weight(int id, int rank) throws ModelException {
    String name = variableName(id);
    Tensor t = weights.get(name);
    if (t == null) {
      throw new ModelException("fast style checkpoint lacks variable '" + name + "'");
    }
    if (t.shape().length != rank) {
      throw new ModelException(
          "variable '" + name + "' has rank " + t.shape().length + ", expected " + rank);
    }
    return t;
  }
}
