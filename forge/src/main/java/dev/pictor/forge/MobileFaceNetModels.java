package dev.pictor.forge;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.pictor.ModelException;
import dev.pictor.face.DistanceMetric;
import dev.pictor.model.ModelCard;
import dev.pictor.onnx.store.ModelCards;
import dev.pictor.onnx.store.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * folded in, PReLU, and a final {@code Reshape} to {@code [1, -1]}. The only change made here is to
 * the shapes: the batch dimension of the input and output becomes symbolic ({@code N}) and the
 * reshape target becomes {@code [0, -1]} (keep the batch, flatten the rest), so that several faces
 * run in one call. Weights and operators are untouched.
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
   * Accuracy-optimal cosine distance threshold on all 3,200 pooled LFW View 1 pairs (see the card's
   * threshold source and docs/ACCURACY.md).
   */
  static final double DEFAULT_THRESHOLD = 0.63;

  private MobileFaceNetModels() {}

  /**
   * Fetches the package (cached in {@code cache}), checks {@code fr_feature.onnx} against its
   * published sha256, makes its batch dimension symbolic and writes {@code mobilefacenet512.onnx}
   * and {@code mobilefacenet512.card.json} into {@code out}.
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
            ModelProto.parseFrom(Files.readAllBytes(weights)),
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
            INPUT_SIZE,
            INPUT_SIZE,
            "RGB",
            List.of(127f, 127f, 127f),
            List.of(128f, 128f, 128f),
            TEMPLATE_112,
            List.of(),
            EMBEDDING_SIZE,
            DistanceMetric.COSINE,
            DEFAULT_THRESHOLD,
            "accuracy-optimal cosine distance threshold on all 3,200 pairs of LFW View 1"
                + " (pairsDevTrain.txt + pairsDevTest.txt; YuNet-s, central face, 5-point"
                + " similarity alignment to this card's template, no flip; pictor evaluate lfw"
                + " --model mobilefacenet512); see docs/ACCURACY.md for the cross-validated"
                + " accuracy",
            PACKAGE.spec()
                + " model/fr_feature.onnx (MobileFaceNet, 512-d, PyTorch 1.10 export from"
                + " bioauth_ml mobilefacenet.py per its node doc strings; original training data"
                + " and weights license not stated by the package); batch dimension made"
                + " symbolic by Pictor",
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
    List<Long> values = new java.util.ArrayList<>();
    while (raw.remaining() >= Long.BYTES) {
      values.add(raw.getLong());
    }
    return values;
  }
}
