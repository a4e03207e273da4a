package dev.pictor.style.gatys.internal;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.pictor.ModelException;
import dev.pictor.forge.OnnxGraphBuilder;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.forge.VggLayers;
import dev.pictor.style.gatys.GatysOptions.Pooling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds ONNX graphs over the convolutional part of VGG-19 (Simonyan and Zisserman) for neural
 * style transfer (Gatys et al.), from the Keras ImageNet weights in TF.js layers format ({@code
 * block<b>_conv<i>/kernel} {@code [3, 3, in, out]} and {@code /bias}).
 *
 * <p>Two graphs:
 *
 * <ul>
 *   <li>{@link #features}: input {@value #INPUT} {@code [1, 3, H, W]} (any H, W), outputs the ReLU
 *       activation {@code act_<layer>} of chosen layers and the unnormalised Gram matrix {@code
 *       gram_<layer>} = A A<sup>T</sup> ({@code [C, C]}, A = the activation unrolled to {@code [C,
 *       H W]}). Used once per run for the targets.
 *   <li>{@link #costGradient}: input {@value #INPUT} {@code [1, 3, H, W]} (fixed H, W), {@value
 *       #CONTENT_TARGET} and one {@code style_gram_<layer>} per style layer; outputs the scalars
 *       {@value #COST}, {@value #CONTENT_COST}, {@value #STYLE_COST}, {@value #TV_COST} and {@value
 *       #GRADIENT} = dJ/d{@value #INPUT}, built by reverse-mode differentiation of the forward
 *       graph inside the same graph (ONNX Runtime runs forward graphs only).
 * </ul>
 *
 * <p>Layer names follow the paper: {@code conv<b>_<i>} means the ReLU output of the i-th
 * convolution of block b. The input is RGB, 0..255; the graph applies the network's input
 * normalisation itself (Keras' "caffe" preprocessing, BGR minus {@link #CAFFE_MEAN_BGR}, unless a
 * {@link Normalization} says otherwise), so gradients are per RGB pixel value.
 *
 * <p>Costs (n_H, n_W, n_C the activation's size) are double scalars, summed in double from the
 * float activations, so that finite differences and line searches see small changes:
 *
 * <ul>
 *   <li>J_content = 1/(4 n_H n_W n_C) * sum (a_C - a_G)^2
 *   <li>J_style^[l] = 1/(4 n_C^2 (n_H n_W)^2) * sum (G_S - G_G)^2; J_style = sum_l lambda_l
 *       J_style^[l]
 *   <li>J_tv = 1/(3 H W) * sum over pixels and channels of the squared differences to the right and
 *       lower neighbour
 *   <li>J = alpha J_content + beta J_style + tvWeight J_tv
 * </ul>
 *
 * Stateless; the returned models are independent of each other.
 */
public final class VggGraphs {
  /** Graph input: the image, {@code [1, 3, H, W]}, RGB 0..255. */
  public static final String INPUT = "image";

  /** Cost graph input: the content activation at the content layer. */
  public static final String CONTENT_TARGET = "content_target";

  /** Cost graph output: J. */
  public static final String COST = "cost";

  /** Cost graph output: J_content. */
  public static final String CONTENT_COST = "content_cost";

  /** Cost graph output: J_style (weighted sum over the style layers). */
  public static final String STYLE_COST = "style_cost";

  /** Cost graph output: J_tv. */
  public static final String TV_COST = "tv_cost";

  /** Cost graph output: dJ/dimage, {@code [1, 3, H, W]}. */
  public static final String GRADIENT = "gradient";

  /** Keras "caffe" mean, BGR order. */
  public static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};

  private static final long DOUBLE = TensorProto.DataType.DOUBLE.getNumber();
  private static final long FLOAT = TensorProto.DataType.FLOAT.getNumber();
  private static final long BOOL = TensorProto.DataType.BOOL.getNumber();

  /**
   * How the network wants its input: {@code (x[order] - mean) / std} for RGB pixel values x in
   * 0..255, with mean and std in the network's channel order and in 0..255 units.
   *
   * @param bgr whether the network takes BGR (else RGB)
   * @param mean per-channel mean, network channel order
   * @param std per-channel divisor, network channel order
   */
  public record Normalization(boolean bgr, float[] mean, float[] std) {
    public Normalization {
      if (mean == null || std == null || mean.length != 3 || std.length != 3) {
        throw new IllegalArgumentException("mean and std need 3 values each");
      }
      for (float v : std) {
        if (!(v > 0)) {
          throw new IllegalArgumentException("std values must be positive");
        }
      }
      mean = mean.clone();
      std = std.clone();
    }

    @Override
    public float[] mean() {
      return mean.clone();
    }

    @Override
    public float[] std() {
      return std.clone();
    }

    boolean unitStd() {
      return std[0] == 1f && std[1] == 1f && std[2] == 1f;
    }
  }

  /** Keras "caffe" preprocessing: BGR minus {@link #CAFFE_MEAN_BGR}, no scaling (TF.js weights). */
  public static final Normalization CAFFE =
      new Normalization(true, CAFFE_MEAN_BGR, new float[] {1, 1, 1});

  /**
   * torchvision's ImageNet preprocessing: RGB, {@code (x / 255 - [0.485, 0.456, 0.406]) / [0.229,
   * 0.224, 0.225]}.
   */
  public static final Normalization TORCHVISION =
      new Normalization(
          false,
          new float[] {0.485f * 255, 0.456f * 255, 0.406f * 255},
          new float[] {0.229f * 255, 0.224f * 255, 0.225f * 255});

  /**
   * What the cost graph computes.
   *
   * @param height image height (at least 16)
   * @param width image width (at least 16)
   * @param pooling pooling between blocks
   * @param contentLayer layer of J_content
   * @param styleLayers style layers and their weights lambda, in any order
   * @param alpha weight of J_content
   * @param beta weight of J_style
   * @param tvWeight weight of J_tv (0 for none)
   */
  public record CostSpec(
      int height,
      int width,
      Pooling pooling,
      String contentLayer,
      Map<String, Double> styleLayers,
      double alpha,
      double beta,
      double tvWeight) {
    public CostSpec {
      if (height < 16 || width < 16) {
        throw new IllegalArgumentException(
            "image must be at least 16x16, was " + width + "x" + height);
      }
      if (pooling == null || contentLayer == null || styleLayers == null) {
        throw new IllegalArgumentException("pooling and layers must not be null");
      }
      if (styleLayers.isEmpty()) {
        throw new IllegalArgumentException("at least one style layer is needed");
      }
      styleLayers = Map.copyOf(styleLayers);
    }
  }

  private VggGraphs() {}

  /** Name of the cost graph input holding the style Gram matrix of {@code layer}. */
  public static String styleTarget(String layer) {
    return "style_gram_" + layer;
  }

  /** Name of the features graph output holding the activation of {@code layer}. */
  public static String activation(String layer) {
    return "act_" + layer;
  }

  /** Name of the features graph output holding the Gram matrix of {@code layer}. */
  public static String gram(String layer) {
    return "gram_" + layer;
  }

  /**
   * The features graph.
   *
   * @param weights VGG-19 weights (at least up to the deepest requested layer)
   * @param activationLayers layers whose activation is an output
   * @param gramLayers layers whose Gram matrix is an output
   * @throws ModelException if a weight is missing or malformed
   */
  public static ModelProto features(
      Map<String, Tensor> weights,
      Pooling pooling,
      List<String> activationLayers,
      List<String> gramLayers,
      Map<String, String> metadata)
      throws ModelException {
    return features(weights, CAFFE, pooling, activationLayers, gramLayers, metadata);
  }

  /** {@link #features(Map, Pooling, List, List, Map)} for a network with its own input format. */
  public static ModelProto features(
      Map<String, Tensor> weights,
      Normalization normalization,
      Pooling pooling,
      List<String> activationLayers,
      List<String> gramLayers,
      Map<String, String> metadata)
      throws ModelException {
    List<String> all = new ArrayList<>(activationLayers);
    all.addAll(gramLayers);
    Net net = new Net(weights, normalization, pooling, "vgg19_features");
    net.forward(net.graph.input(INPUT, 1, 3, "H", "W"), deepest(all), null, null);
    for (String layer : activationLayers) {
      Stage s = net.stage(layer);
      net.graph.output(
          net.graph.node("Identity", activation(layer), s.out),
          1,
          s.channels,
          "h_" + layer,
          "w_" + layer);
    }
    for (String layer : gramLayers) {
      Stage s = net.stage(layer);
      String shape = net.graph.initializerInt64(layer + "/gram_shape", s.channels, -1);
      String a = net.graph.node("Reshape", layer + "/unrolled", s.out, shape);
      String at = net.graph.node("Transpose", layer + "/unrolled_t", a);
      net.graph.output(net.graph.node("MatMul", gram(layer), a, at), s.channels, s.channels);
    }
    return net.graph.build("pictor-forge", metadata);
  }

  /**
   * The cost-and-gradient graph for one image size.
   *
   * @throws ModelException if a weight is missing or malformed
   */
  public static ModelProto costGradient(
      Map<String, Tensor> weights, CostSpec spec, Map<String, String> metadata)
      throws ModelException {
    return costGradient(weights, CAFFE, spec, metadata);
  }

  /** {@link #costGradient(Map, CostSpec, Map)} for a network with its own input format. */
  public static ModelProto costGradient(
      Map<String, Tensor> weights,
      Normalization normalization,
      CostSpec spec,
      Map<String, String> metadata)
      throws ModelException {
    List<String> used = new ArrayList<>(spec.styleLayers().keySet());
    used.add(spec.contentLayer());
    used.sort(java.util.Comparator.comparingInt(l -> VggLayers.names().indexOf(l)));
    Net net = new Net(weights, normalization, spec.pooling(), "vgg19_style_cost");
    String image = net.graph.input(INPUT, 1, 3, spec.height(), spec.width());
    net.forward(image, deepest(used), spec.height(), spec.width());
    OnnxGraphBuilder g = net.graph;

    // content cost and its gradient
    Stage cs = net.stage(spec.contentLayer());
    String contentTarget = g.input(CONTENT_TARGET, 1, cs.channels, cs.height, cs.width);
    double kc = 1.0 / (4.0 * cs.height * cs.width * cs.channels);
    String diff = g.node("Sub", "content/diff", cs.out, contentTarget);
    String contentCost =
        g.node(
            "Mul",
            CONTENT_COST,
            reduceSumSquare(g, "content/sse", diff),
            dscalar(g, "content/k", kc));
    Map<String, List<String>> grads = new HashMap<>();
    grads
        .computeIfAbsent(cs.out, k -> new ArrayList<>())
        .add(g.node("Mul", "content/grad", diff, scalar(g, "content/gk", 2 * kc * spec.alpha())));

    // style cost and its gradient
    List<String> styleTerms = new ArrayList<>();
    for (String layer : used) {
      Double lambda = spec.styleLayers().get(layer);
      if (lambda == null) {
        continue;
      }
      Stage s = net.stage(layer);
      long n = (long) s.height * s.width;
      String target = g.input(styleTarget(layer), s.channels, s.channels);
      String shape = g.initializerInt64(layer + "/unroll_shape", s.channels, n);
      String a = g.node("Reshape", layer + "/unrolled", s.out, shape);
      String gram = g.node("MatMul", layer + "/gram", a, g.node("Transpose", layer + "/a_t", a));
      String d = g.node("Sub", layer + "/gram_diff", gram, target);
      double ks = 1.0 / (4.0 * s.channels * (double) s.channels * n * n);
      styleTerms.add(
          g.node(
              "Mul",
              layer + "/style_cost",
              reduceSumSquare(g, layer + "/sse", d),
              dscalar(g, layer + "/k", ks * lambda)));
      // d/dA sum (A A^T - T)^2 = 2 (D + D^T) A = 4 D A, D symmetric
      String da =
          g.node(
              "Mul",
              layer + "/grad_unrolled",
              g.node("MatMul", layer + "/d_a", d, a),
              scalar(g, layer + "/gk", 4 * ks * lambda * spec.beta()));
      String back = g.initializerInt64(layer + "/back_shape", 1, s.channels, s.height, s.width);
      grads
          .computeIfAbsent(s.out, k -> new ArrayList<>())
          .add(g.node("Reshape", layer + "/grad", da, back));
    }
    String styleCost =
        styleTerms.size() == 1
            ? g.node("Identity", STYLE_COST, styleTerms.get(0))
            : g.node("Sum", STYLE_COST, styleTerms.toArray(String[]::new));

    // total variation on the image
    int h = spec.height();
    int w = spec.width();
    String dy =
        g.node(
            "Sub",
            "tv/dy",
            slice(g, "tv/y1", image, 1, h, 0, w),
            slice(g, "tv/y0", image, 0, h - 1, 0, w));
    String dx =
        g.node(
            "Sub",
            "tv/dx",
            slice(g, "tv/x1", image, 0, h, 1, w),
            slice(g, "tv/x0", image, 0, h, 0, w - 1));
    double kt = 1.0 / (3.0 * h * w);
    String tvCost =
        g.node(
            "Mul",
            TV_COST,
            g.node(
                "Add",
                "tv/sse",
                reduceSumSquare(g, "tv/sse_y", dy),
                reduceSumSquare(g, "tv/sse_x", dx)),
            dscalar(g, "tv/k", kt));

    String cost =
        g.node(
            "Sum",
            COST,
            g.node("Mul", "cost/content", contentCost, dscalar(g, "alpha", spec.alpha())),
            g.node("Mul", "cost/style", styleCost, dscalar(g, "beta", spec.beta())),
            g.node("Mul", "cost/tv", tvCost, dscalar(g, "tv_weight", spec.tvWeight())));

    String imageGrad = net.backward(grads);
    if (spec.tvWeight() != 0) {
      // d/dx sum (x[i+1]-x[i])^2 = 2 (x[i]-x[i-1]) - 2 (x[i+1]-x[i])
      String tvGrad =
          g.node(
              "Add",
              "tv/grad",
              g.node(
                  "Sub",
                  "tv/grad_y",
                  pad(g, "tv/dy_a", dy, 1, 0, 0, 0),
                  pad(g, "tv/dy_b", dy, 0, 1, 0, 0)),
              g.node(
                  "Sub",
                  "tv/grad_x",
                  pad(g, "tv/dx_a", dx, 0, 0, 1, 0),
                  pad(g, "tv/dx_b", dx, 0, 0, 0, 1)));
      imageGrad =
          g.node(
              "Add",
              "grad/with_tv",
              imageGrad,
              g.node("Mul", "tv/grad_k", tvGrad, scalar(g, "tv/gk", 2 * kt * spec.tvWeight())));
    }
    String gradient = g.node("Identity", GRADIENT, imageGrad);

    g.output(cost);
    g.output(contentCost);
    g.output(styleCost);
    g.output(tvCost);
    g.output(gradient, 1, 3, h, w);
    return withDoubleOutputs(
        g.build("pictor-forge", metadata), List.of(COST, CONTENT_COST, STYLE_COST, TV_COST));
  }

  /** Sum of squares, accumulated in double (the costs are double outputs). */
  private static String reduceSumSquare(OnnxGraphBuilder g, String hint, String x) {
    String wide = g.node("Cast", hint + "/f64", List.of(x), Map.of("to", DOUBLE));
    return g.node("ReduceSumSquare", hint, List.of(wide), Map.of("keepdims", 0L));
  }

  /** A double scalar constant (stored as float, so exact to float precision). */
  private static String dscalar(OnnxGraphBuilder g, String name, double value) {
    return g.node("Cast", name + "/f64", List.of(scalar(g, name, value)), Map.of("to", DOUBLE));
  }

  /** Declares the scalar cost outputs double (the builder declares every output float). */
  private static ModelProto withDoubleOutputs(ModelProto model, List<String> names) {
    ModelProto.Builder b = model.toBuilder();
    GraphProto.Builder graph = b.getGraphBuilder();
    for (int i = 0; i < graph.getOutputCount(); i++) {
      if (names.contains(graph.getOutput(i).getName())) {
        graph
            .getOutputBuilder(i)
            .getTypeBuilder()
            .getTensorTypeBuilder()
            .setElemType(TensorProto.DataType.DOUBLE.getNumber());
      }
    }
    return b.build();
  }

  private static String scalar(OnnxGraphBuilder g, String name, double value) {
    return g.initializer(name, new float[] {(float) value});
  }

  private static String slice(
      OnnxGraphBuilder g, String hint, String x, int h0, int h1, int w0, int w1) {
    return g.node(
        "Slice",
        hint,
        x,
        g.initializerInt64(hint + "/starts", h0, w0),
        g.initializerInt64(hint + "/ends", h1, w1),
        g.initializerInt64(hint + "/axes", 2, 3));
  }

  private static String pad(
      OnnxGraphBuilder g, String hint, String x, int top, int bottom, int left, int right) {
    return g.node(
        "Pad", hint, x, g.initializerInt64(hint + "/pads", 0, 0, top, left, 0, 0, bottom, right));
  }

  private static String deepest(List<String> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("no layers requested");
    }
    String deepest = null;
    for (String l : layers) {
      VggLayers.check(l);
      if (deepest == null || VggLayers.names().indexOf(l) > VggLayers.names().indexOf(deepest)) {
        deepest = l;
      }
    }
    return deepest;
  }

  /**
   * The kernel whose "same" convolution is the input gradient of a 3x3 "same" convolution with
   * {@code w} ([out, in, 3, 3]): W'[i][o][y][x] = W[o][i][2-y][2-x].
   */
  static float[] inputGradientKernel(float[] w, int out, int in) {
    float[] flipped = new float[w.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 3; x++) {
            flipped[((i * out + o) * 3 + y) * 3 + x] =
                w[((o * in + i) * 3 + (2 - y)) * 3 + (2 - x)];
          }
        }
      }
    }
    return flipped;
  }

  /** One forward step: a convolution + ReLU, or a pooling. */
  private static final class Stage {
    String layer; // null for pooling
    String in;
    String out;
    String weight; // conv only
    float[] kernel; // conv only: the weight's values, [out, in, 3, 3]
    int inChannels;
    int channels;
    int inHeight;
    int inWidth;
    int height;
    int width;
  }

  /** The forward network and, for fixed sizes, its reverse-mode derivative. */
  private static final class Net {
    final OnnxGraphBuilder graph;
    final Map<String, Tensor> weights;
    final Pooling pooling;
    final Normalization normalization;
    final List<Stage> stages = new ArrayList<>();
    final Map<String, Stage> byLayer = new LinkedHashMap<>();
    String preprocessed;

    Net(Map<String, Tensor> weights, Normalization normalization, Pooling pooling, String name) {
      this.weights = weights;
      this.normalization = normalization;
      this.pooling = pooling;
      this.graph = new OnnxGraphBuilder(name);
    }

    Stage stage(String layer) {
      VggLayers.check(layer);
      return byLayer.get(layer);
    }

    /** Builds the layers up to {@code last}; sizes are tracked when known (fixed input). */
    void forward(String image, String last, Integer height, Integer width) throws ModelException {
      String ordered = image;
      if (normalization.bgr()) {
        String order = graph.initializerInt64("bgr_order", 2, 1, 0);
        ordered = graph.node("Gather", "bgr", List.of(image, order), Map.of("axis", 1L));
      }
      String meanName = graph.initializer("input_mean", normalization.mean(), 1, 3, 1, 1);
      preprocessed = graph.node("Sub", "centred", ordered, meanName);
      if (!normalization.unitStd()) {
        preprocessed = graph.node("Mul", "preprocessed", preprocessed, inverseStd("input_inv_std"));
      }
      String x = preprocessed;
      int c = 3;
      int h = height == null ? 0 : height;
      int w = width == null ? 0 : width;
      int lastIndex = VggLayers.names().indexOf(last);
      int index = 0;
      for (int b = 0; b < VggLayers.blocks() && index <= lastIndex; b++) {
        if (b > 0) {
          Stage p = new Stage();
          p.in = x;
          p.inChannels = c;
          p.channels = c;
          p.inHeight = h;
          p.inWidth = w;
          p.height = h / 2;
          p.width = w / 2;
          String op = pooling == Pooling.MAX ? "MaxPool" : "AveragePool";
          p.out =
              graph.node(
                  op,
                  "pool" + b,
                  List.of(x),
                  Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}));
          stages.add(p);
          x = p.out;
          h /= 2;
          w /= 2;
        }
        for (int i = 1; i <= VggLayers.convs(b) && index <= lastIndex; i++, index++) {
          String layer = "conv" + (b + 1) + "_" + i;
          Tensor kernel = weight(VggLayers.kerasName(layer) + "/kernel", 4);
          Tensor bias = weight(VggLayers.kerasName(layer) + "/bias", 1);
          int kh = kernel.dim(0);
          int kw = kernel.dim(1);
          int cin = kernel.dim(2);
          int cout = kernel.dim(3);
          if (kh != 3 || kw != 3 || cin != c || bias.dim(0) != cout) {
            throw new ModelException(
                "VGG-19 weights: unexpected shape of "
                    + VggLayers.kerasName(layer)
                    + " for input "
                    + c);
          }
          // TF.js [kh, kw, in, out] -> ONNX [out, in, kh, kw]
          float[] onnx = new float[kernel.values().length];
          float[] src = kernel.values();
          for (int y = 0; y < kh; y++) {
            for (int xx = 0; xx < kw; xx++) {
              for (int ci = 0; ci < cin; ci++) {
                for (int co = 0; co < cout; co++) {
                  onnx[((co * cin + ci) * kh + y) * kw + xx] =
                      src[((y * kw + xx) * cin + ci) * cout + co];
                }
              }
            }
          }
          Stage s = new Stage();
          s.layer = layer;
          s.in = x;
          s.inChannels = c;
          s.channels = cout;
          s.inHeight = h;
          s.inWidth = w;
          s.height = h;
          s.width = w;
          s.weight = graph.initializer(layer + "/W", onnx, cout, cin, kh, kw);
          s.kernel = onnx;
          String b0 = graph.initializer(layer + "/B", bias.values(), cout);
          String z =
              graph.node(
                  "Conv",
                  layer + "/conv",
                  List.of(x, s.weight, b0),
                  Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1}));
          s.out = graph.node("Relu", layer, z);
          stages.add(s);
          byLayer.put(layer, s);
          x = s.out;
          c = cout;
        }
      }
    }

    /**
     * Appends the reverse pass. {@code grads} maps a stage output to the gradient terms of the cost
     * with respect to it; returns the gradient with respect to the (RGB) image.
     */
    String backward(Map<String, List<String>> grads) {
      String upstream = null;
      for (int i = stages.size() - 1; i >= 0; i--) {
        Stage s = stages.get(i);
        List<String> terms = new ArrayList<>(grads.getOrDefault(s.out, List.of()));
        if (upstream != null) {
          terms.add(upstream);
        }
        if (terms.isEmpty()) {
          continue; // deeper than any cost: cannot happen, the forward pass stops at the last one
        }
        String name = s.layer != null ? s.layer : "pool" + i;
        String g =
            terms.size() == 1
                ? terms.get(0)
                : graph.node("Sum", name + "/d_out", terms.toArray(String[]::new));
        upstream = s.layer != null ? convBackward(s, g) : poolBackward(s, g);
      }
      // through "(x[:, order] - mean) / std": the permutation [2, 1, 0] is its own inverse
      if (!normalization.unitStd()) {
        upstream = graph.node("Mul", "d_centred", upstream, inverseStd("input_inv_std_back"));
      }
      if (!normalization.bgr()) {
        return graph.node("Identity", "d_image", upstream);
      }
      String order = graph.initializerInt64("bgr_order_back", 2, 1, 0);
      return graph.node("Gather", "d_image", List.of(upstream, order), Map.of("axis", 1L));
    }

    private String inverseStd(String name) {
      float[] std = normalization.std();
      return graph.initializer(name, new float[] {1 / std[0], 1 / std[1], 1 / std[2]}, 1, 3, 1, 1);
    }

    private String convBackward(Stage s, String dOut) {
      // ReLU: pass where the output is positive. The mask is the output cast to bool and back
      // (0 or 1): ONNX Runtime's Cast is vectorised, its Sign (same answer) about twice as slow.
      String positive =
          graph.node("Cast", s.layer + "/positive", List.of(s.out), Map.of("to", BOOL));
      String mask = graph.node("Cast", s.layer + "/mask", List.of(positive), Map.of("to", FLOAT));
      String dz = graph.node("Mul", s.layer + "/d_z", dOut, mask);
      // input gradient of a stride-1 "same" 3x3 convolution: a convolution with the kernel flipped
      // in space and its in/out channels swapped. Not ConvTranspose: ONNX Runtime's CPU kernel
      // for it materialises a (channels x 9) x pixels column buffer (1.8 GB for conv1_2 at 1024 px)
      // and misses the blocked convolution path Conv gets.
      String back =
          graph.initializer(
              s.layer + "/W_back",
              inputGradientKernel(s.kernel, s.channels, s.inChannels),
              s.inChannels,
              s.channels,
              3,
              3);
      return graph.node(
          "Conv",
          s.layer + "/d_in",
          List.of(dz, back),
          Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1}));
    }

    /**
     * Pooling gradient: each 2x2 window sends its output gradient to its inputs (a quarter each for
     * average pooling; all to the first maximal input for max pooling), and an odd last row or
     * column (not pooled) gets zero. Average: a nearest-neighbour 2x upsampling, which ONNX Runtime
     * runs in its blocked layout. Max: the four window positions as four strided sub-grids, put
     * back together with DepthToSpace.
     */
    private String poolBackward(Stage s, String dOut) {
      String p = "pool" + stages.indexOf(s);
      String d =
          pooling == Pooling.AVERAGE ? averagePoolBackward(p, dOut) : maxPoolBackward(s, p, dOut);
      int padH = s.inHeight - 2 * s.height;
      int padW = s.inWidth - 2 * s.width;
      return padH == 0 && padW == 0
          ? graph.node("Identity", p + "/d_in", d)
          : pad(graph, p + "/d_in", d, 0, padH, 0, padW);
    }

    private String averagePoolBackward(String p, String dOut) {
      String quarter = graph.node("Mul", p + "/d_quarter", dOut, scalar(graph, p + "/q", 0.25));
      String scales = graph.initializer(p + "/scales", new float[] {1, 1, 2, 2}, 4);
      return graph.node(
          "Resize",
          p + "/d_in_even",
          List.of(quarter, "", scales),
          Map.of(
              "mode", "nearest",
              "coordinate_transformation_mode", "asymmetric",
              "nearest_mode", "floor"));
    }

    private String maxPoolBackward(Stage s, String p, String dOut) {
      List<String> parts = new ArrayList<>();
      String taken = null;
      String zero = scalar(graph, p + "/zero", 0);
      for (int dy = 0; dy < 2; dy++) {
        for (int dx = 0; dx < 2; dx++) {
          String sub =
              graph.node(
                  "Slice",
                  p + "/sub" + dy + dx,
                  s.in,
                  graph.initializerInt64(p + "/starts" + dy + dx, dy, dx),
                  graph.initializerInt64(
                      p + "/ends" + dy + dx, dy + 2 * s.height, dx + 2 * s.width),
                  graph.initializerInt64(p + "/axes" + dy + dx, 2, 3),
                  graph.initializerInt64(p + "/steps" + dy + dx, 2, 2));
          String isMax = graph.node("Equal", p + "/is_max" + dy + dx, sub, s.out);
          String wins =
              taken == null
                  ? isMax
                  : graph.node(
                      "And",
                      p + "/wins" + dy + dx,
                      isMax,
                      graph.node("Not", p + "/free" + dy + dx, taken));
          taken = taken == null ? isMax : graph.node("Or", p + "/taken" + dy + dx, taken, isMax);
          parts.add(graph.node("Where", p + "/d_part" + dy + dx, wins, dOut, zero));
        }
      }
      String stacked = graph.node("Concat", p + "/d_stacked", parts, Map.of("axis", 1L));
      return graph.node(
          "DepthToSpace",
          p + "/d_in_even",
          List.of(stacked),
          Map.of("blocksize", 2L, "mode", "DCR"));
    }

    private Tensor weight(String name, int rank) throws ModelException {
      Tensor t = weights.get(name);
      if (t == null) {
        throw new ModelException(
            "VGG-19 weights have no tensor '"
                + name
                + "' (the TF.js copy in the model directory holds blocks 1-3 only)");
      }
      if (t.shape().length != rank) {
        throw new ModelException("VGG-19 weight '" + name + "' should have rank " + rank);
      }
      return t;
    }
  }
}
