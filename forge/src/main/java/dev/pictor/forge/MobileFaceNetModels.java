package dev.pictor.forge;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.pictor.ModelException;
import dev.pictor.face.DistanceMetric;
import dev.pictor.model.ChannelOrder;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelInput;
import dev.pictor.onnx.store.ModelCards;
import dev.pictor.onnx.store.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Packages the 512-d MobileFaceNet face encoder of the npm package {@code
 * faceplugin-face-recognition-js@0.0.1} (MIT), {@code model/fr_feature.onnx}, as {@value
 * #ENCODER_ID} with its card. Stateless.
 *
 * <p>The published file is a PyTorch 1.10 export (its node doc strings name {@code
 * bioauth_ml/face_feature/model/mobilefacenet.py}) with a fixed input {@code [1, 3, 112, 112]}
 * named {@code input} and output {@code [1, 512]}: 50 convolutions (17 depthwise) with batch norm
 * folded in, PReLU, and a final {@code Reshape} to {@code [1, -1]}. Two changes are made here. The
 * shapes: the batch dimension of the input and output becomes symbolic ({@code N}) and the reshape
 * target becomes {@code [0, -1]} (keep the batch, flatten the rest), so that several faces run in
 * one call. And each of the 33 {@code PRelu} nodes is written as two depthwise 1x1 convolutions, a
 * Relu and an Add that compute the same function ({@link #withConvolutionalPrelu}), which ONNX
 * Runtime runs about twice as fast on the CPU. The convolution weights are untouched.
 *
 * <p>How the package itself feeds the network ({@code lib/fr_feature.js}): the face is warped to
 * 112x112 by the affine transform that takes three of its five points (eyes and nose) onto the
 * ArcFace template (the {@code REFERENCE_FACIAL_POINTS} below), read from an RGBA canvas, and the
 * first three channels (R, G, B in that order) become {@code (pixel - 127) / 128}. The card says
 * exactly that; Pictor aligns with its usual least-squares similarity of all five points to the
 * same template.
 */
public final class MobileFaceNetModels {
  /** The pinned package. */
  public static final NpmPackage PACKAGE =
      new NpmPackage(
          "faceplugin-face-recognition-js@0.0.1",
          "7ea06031d9a3f83753254fcff60506a07b81b46fc84d4ee024cd041f260ec1ba");

  /** Id of the packaged encoder. */
  public static final String ENCODER_ID = "mobilefacenet512";

  /** Input side in pixels. */
  public static final int INPUT_SIZE = 112;

  /** Embedding length. */
  public static final int EMBEDDING_SIZE = 512;

  static final String WEIGHTS = "package/model/fr_feature.onnx";

  /** sha256 of {@code model/fr_feature.onnx} as published in the package. */
  static final String WEIGHTS_SHA256 =
      "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581";

  private static final String TARBALL_URL =
      "https://registry.npmjs.org/faceplugin-face-recognition-js/-/"
          + "faceplugin-face-recognition-js-0.0.1.tgz";

  /** The package's {@code REFERENCE_FACIAL_POINTS} (the ArcFace 112x112 template), as floats. */
  static final List<Float> TEMPLATE_112 =
      List.of(
          38.29459953f,
          51.69630051f,
          73.53179932f,
          51.50139999f,
          56.02519989f,
          71.73660278f,
          41.54930115f,
          92.3655014f,
          70.72990036f,
          92.20410156f);

  /**
   * Accuracy-optimal cosine distance threshold on all 3,200 pooled LFW View 1 pairs with the
   * default pipeline, flip augmentation included (see the card's threshold source and
   * docs/ACCURACY.md).
   */
  static final double DEFAULT_THRESHOLD = 0.7173;

  private MobileFaceNetModels() {}

  /**
   * Fetches the package (cached in {@code cache}), checks {@code fr_feature.onnx} against its
   * published sha256, rewrites its PReLUs, makes its batch dimension symbolic and writes {@code
   * mobilefacenet512.onnx} and {@code mobilefacenet512.card.json} into {@code out}.
   *
   * @return the card written
   * @throws ModelException if the package or the file does not verify, or the graph is not the
   *     expected one
   */
  public static ModelCard forgeEncoder(Path cache, Path out) throws ModelException, IOException {
    Path tarball = PACKAGE.fetch(cache);
    Path weights =
        NpmPackage.extract(tarball, Set.of(WEIGHTS), cache.resolve("faceplugin-model"))
            .get("fr_feature.onnx");
    String weightsSha = Sha256.of(weights);
    if (!weightsSha.equals(WEIGHTS_SHA256)) {
      throw new ModelException(
          weights
              + " from "
              + PACKAGE.spec()
              + " has sha256 "
              + weightsSha
              + ", expected "
              + WEIGHTS_SHA256);
    }
    ModelProto model =
        withBatchDimension(
            withConvolutionalPrelu(ModelProto.parseFrom(Files.readAllBytes(weights))),
            Map.of(
                "pictor.model.id",
                ENCODER_ID,
                "pictor.source",
                PACKAGE.spec() + " model/fr_feature.onnx",
                "pictor.source.sha256",
                weightsSha,
                "license",
                "MIT"));
    byte[] bytes = model.toByteArray();
    Files.createDirectories(out);
    String file = ENCODER_ID + ".onnx";
    Files.write(out.resolve(file), bytes);

    ModelCard card =
        new ModelCard(
            ENCODER_ID,
            "1.0.0",
            file,
            Sha256.of(bytes),
            TARBALL_URL,
            new ModelInput(
                INPUT_SIZE,
                INPUT_SIZE,
                ChannelOrder.RGB,
                List.of(127f, 127f, 127f),
                List.of(128f, 128f, 128f)),
            new EncoderSection(
                EMBEDDING_SIZE,
                DistanceMetric.COSINE,
                DEFAULT_THRESHOLD,
                "accuracy-optimal cosine distance threshold (0.7173) on all 3,200 pairs of LFW View 1"
                    + " (pairsDevTrain.txt + pairsDevTest.txt; YuNet-s, central face, 5-point"
                    + " similarity alignment to this card's template, flip augmentation: the default"
                    + " pipeline; pictor evaluate lfw --model mobilefacenet512): 99.13% +- 0.64% in 10"
                    + " identity-disjoint folds, thresholds chosen on the other folds. Without flip the"
                    + " optimum is 0.7325; see docs/ACCURACY.md",
                TEMPLATE_112,
                List.of()),
            PACKAGE.spec()
                + " model/fr_feature.onnx (MobileFaceNet, 512-d, PyTorch 1.10 export from"
                + " bioauth_ml mobilefacenet.py per its node doc strings; original training data"
                + " and weights license not stated by the package); batch dimension made"
                + " symbolic and each PRelu written as depthwise 1x1 convolutions (same"
                + " function, faster in ONNX Runtime) by Pictor",
            weightsSha,
            "MIT (npm package faceplugin-face-recognition-js, LICENSE: Copyright (c) 2021"
                + " gitguanqi); provenance of the weights beyond the package unknown");
    ModelCards.write(card, out.resolve(ENCODER_ID + ModelCards.SUFFIX));
    return card;
  }

  /**
   * The model with a symbolic batch dimension {@code N} on its input and output, the final reshape
   * keeping the batch ({@code [0, -1]}), and {@code metadata} added.
   *
   * @throws ModelException if the graph does not have one input and one output of the published
   *     shapes and one final reshape to {@code [1, -1]}
   */
  static ModelProto withBatchDimension(ModelProto published, Map<String, String> metadata)
      throws ModelException {
    GraphProto graph = published.getGraph();
    if (graph.getInputCount() != 1
        || graph.getOutputCount() != 1
        || !dims(graph.getInput(0)).equals(List.of(1L, 3L, 112L, 112L))
        || !dims(graph.getOutput(0)).equals(List.of(1L, (long) EMBEDDING_SIZE))) {
      throw new ModelException(
          "fr_feature.onnx: expected one input [1,3,112,112] and one output [1,512], found "
              + graph.getInputList().stream().map(MobileFaceNetModels::describe).toList()
              + " -> "
              + graph.getOutputList().stream().map(MobileFaceNetModels::describe).toList());
    }
    String outputName = graph.getOutput(0).getName();
    NodeProto reshape =
        graph.getNodeList().stream()
            .filter(n -> n.getOpType().equals("Reshape") && n.getOutput(0).equals(outputName))
            .findFirst()
            .orElseThrow(
                () -> new ModelException("fr_feature.onnx: no Reshape produces " + outputName));
    String shapeName = reshape.getInput(1);
    GraphProto.Builder g = graph.toBuilder();
    boolean replaced = false;
    for (int i = 0; i < g.getInitializerCount(); i++) {
      TensorProto t = g.getInitializer(i);
      if (t.getName().equals(shapeName)) {
        if (!int64s(t).equals(List.of(1L, -1L))) {
          throw new ModelException(
              "fr_feature.onnx: final reshape target is " + int64s(t) + ", expected [1, -1]");
        }
        g.setInitializer(
            i,
            TensorProto.newBuilder()
                .setName(shapeName)
                .setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(2)
                .addInt64Data(0)
                .addInt64Data(-1));
        replaced = true;
      }
    }
    if (!replaced) {
      throw new ModelException("fr_feature.onnx: reshape target " + shapeName + " not found");
    }
    g.setInput(0, withSymbolicBatch(g.getInput(0)));
    g.setOutput(0, withSymbolicBatch(g.getOutput(0)));
    ModelProto.Builder model = published.toBuilder().setGraph(g);
    OnnxGraphBuilder.addMetadata(model, metadata);
    return model.build();
  }

  /**
   * The model with every {@code PRelu(z, a)} (slope {@code a} of shape {@code [C, 1, 1]}) replaced
   * by the same function written with operators that ONNX Runtime's CPU layout optimiser keeps in
   * its blocked channel layout (NCHWc):
   *
   * <pre>
   *   n = Relu(Conv(z, -1, group = C))        // max(-z, 0), a depthwise 1x1 convolution
   *   y = Add(Conv(n, 1 - a, group = C), z)   // z + (1 - a) max(-z, 0)
   * </pre>
   *
   * For {@code z >= 0} that is {@code z}, for {@code z < 0} it is {@code z - (1 - a) z = a z}: the
   * PReLU, up to the rounding of {@code 1 - a} and of one extra addition (a few units in the last
   * place). Why: ONNX Runtime fuses the Relu into the first convolution and the Add into the second
   * one, so both stay in the NCHWc layout of the surrounding convolutions, whereas a {@code PRelu}
   * has no NCHWc kernel: each one made the runtime convert its input out of the blocked layout and
   * its output back ({@code ReorderOutput}, {@code ReorderInput}), and its own broadcasting kernel
   * was slow (together 61% of the run time of the published graph in ONNX Runtime 1.28's profiler,
   * docs/PERFORMANCE.md).
   *
   * @throws ModelException if a PRelu's slope is not a constant of shape {@code [C, 1, 1]}
   */
  static ModelProto withConvolutionalPrelu(ModelProto model) throws ModelException {
    GraphProto.Builder g = model.getGraph().toBuilder();
    Map<String, TensorProto> initializers = new HashMap<>();
    for (TensorProto t : g.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    Set<String> names = new HashSet<>(initializers.keySet());
    for (NodeProto n : g.getNodeList()) {
      names.addAll(n.getOutputList());
    }
    List<NodeProto> nodes = new ArrayList<>();
    Set<String> slopes = new HashSet<>();
    for (NodeProto node : g.getNodeList()) {
      if (!node.getOpType().equals("PRelu")) {
        nodes.add(node);
        continue;
      }
      TensorProto slope = initializers.get(node.getInput(1));
      if (slope == null
          || slope.getDataType() != TensorProto.DataType.FLOAT_VALUE
          || slope.getDimsCount() != 3
          || slope.getDims(1) != 1
          || slope.getDims(2) != 1) {
        throw new ModelException(
            "fr_feature.onnx: PRelu "
                + node.getName()
                + " has slope "
                + node.getInput(1)
                + (slope == null ? " (not a constant)" : " of shape " + slope.getDimsList())
                + ", expected a float constant [C, 1, 1]");
      }
      float[] a = floats(slope);
      int channels = (int) slope.getDims(0);
      float[] minusOne = new float[channels];
      float[] oneMinusA = new float[channels];
      for (int c = 0; c < channels; c++) {
        minusOne[c] = -1f;
        oneMinusA[c] = (float) (1.0 - a[c]);
      }
      String z = node.getInput(0);
      String y = node.getOutput(0);
      String base = unique(names, "prelu_" + y);
      String negWeight = unique(names, base + "_minus_one");
      String scaleWeight = unique(names, base + "_one_minus_slope");
      String negated = unique(names, base + "_negated");
      String negRelu = unique(names, base + "_negative_part");
      String scaled = unique(names, base + "_scaled");
      g.addInitializer(OnnxGraphBuilder.floatTensor(negWeight, minusOne, channels, 1, 1, 1));
      g.addInitializer(OnnxGraphBuilder.floatTensor(scaleWeight, oneMinusA, channels, 1, 1, 1));
      nodes.add(depthwise1x1(base + "_negate", z, negWeight, negated, channels));
      nodes.add(
          NodeProto.newBuilder()
              .setName(base + "_relu")
              .setOpType("Relu")
              .addInput(negated)
              .addOutput(negRelu)
              .build());
      nodes.add(depthwise1x1(base + "_scale", negRelu, scaleWeight, scaled, channels));
      nodes.add(
          NodeProto.newBuilder()
              .setName(base + "_add")
              .setOpType("Add")
              .addInput(scaled)
              .addInput(z)
              .addOutput(y)
              .build());
      slopes.add(slope.getName());
    }
    for (NodeProto node : nodes) {
      for (String input : node.getInputList()) {
        slopes.remove(input);
      }
    }
    List<TensorProto> kept =
        g.getInitializerList().stream().filter(t -> !slopes.contains(t.getName())).toList();
    g.clearNode().addAllNode(nodes).clearInitializer().addAllInitializer(kept);
    return model.toBuilder().setGraph(g).build();
  }

  private static NodeProto depthwise1x1(
      String name, String input, String weight, String output, int channels) {
    return NodeProto.newBuilder()
        .setName(name)
        .setOpType("Conv")
        .addInput(input)
        .addInput(weight)
        .addOutput(output)
        .addAttribute(OnnxGraphBuilder.attribute("kernel_shape", new long[] {1, 1}))
        .addAttribute(OnnxGraphBuilder.attribute("strides", new long[] {1, 1}))
        .addAttribute(OnnxGraphBuilder.attribute("pads", new long[] {0, 0, 0, 0}))
        .addAttribute(OnnxGraphBuilder.attribute("dilations", new long[] {1, 1}))
        .addAttribute(OnnxGraphBuilder.attribute("group", channels))
        .build();
  }

  private static String unique(Set<String> names, String wanted) {
    String name = wanted;
    for (int i = 2; !names.add(name); i++) {
      name = wanted + "_" + i;
    }
    return name;
  }

  private static float[] floats(TensorProto t) {
    if (t.getFloatDataCount() > 0) {
      float[] values = new float[t.getFloatDataCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = t.getFloatData(i);
      }
      return values;
    }
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[raw.remaining() / Float.BYTES];
    raw.asFloatBuffer().get(values);
    return values;
  }

  private static ValueInfoProto withSymbolicBatch(ValueInfoProto value) {
    ValueInfoProto.Builder b = value.toBuilder();
    b.getTypeBuilder()
        .getTensorTypeBuilder()
        .getShapeBuilder()
        .setDim(0, TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
    return b.build();
  }

  private static List<Long> dims(ValueInfoProto value) {
    return value.getType().getTensorType().getShape().getDimList().stream()
        .map(d -> d.hasDimValue() ? d.getDimValue() : -1L)
        .toList();
  }

  private static String describe(ValueInfoProto value) {
    return value.getName() + dims(value);
  }

  private static List<Long> int64s(TensorProto t) {
    if (t.getInt64DataCount() > 0) {
      return t.getInt64DataList();
    }
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    List<Long> values = new ArrayList<>();
    while (raw.remaining() >= Long.BYTES) {
      values.add(raw.getLong());
    }
    return values;
  }
}
