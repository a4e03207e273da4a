package dev.pictor.learning.internal;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.pictor.ModelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Graph surgery on a stock face encoder such as {@code face-resnet128.onnx}. The contract is the
 * graph's structure, not its names: one graph output, made by a {@code MatMul} of the features (the
 * pooled {@code [N, in]} activations of the trunk) and an {@code [in, out]} float initializer; the
 * names are read from the graph ({@code EncoderGraphsTest} checks it on a graph named otherwise).
 * The surgery works on protobuf messages (the ONNX classes of {@code tribuo-util-onnx}), never on
 * raw bytes; the stock file itself is never changed.
 *
 * <ul>
 *   <li>{@link #trunk}: the same graph, ending at {@code features} (the final MatMul and its
 *       weights removed).
 *   <li>{@link #fineTuned}: the trunk followed by a fully-connected layer with new weights, a
 *       projection and an L2 normalisation ({@code LpNormalization}, p = 2, last axis).
 * </ul>
 *
 * <p>Stateless.
 */
public final class EncoderGraphs {
  private EncoderGraphs() {}

  /** The parts of the stock graph that the surgery needs. */
  public record Parsed(
      ModelProto model, NodeProto head, String features, String fcName, int in, int out) {}

  /**
   * Parses the stock encoder and finds its final MatMul.
   *
   * @param where names the model in messages
   * @throws ModelException if the bytes are not an ONNX model or the graph does not end as expected
   */
  public static Parsed parse(byte[] onnx, String where) throws ModelException {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelException(where + " is not an ONNX model: " + e.getMessage(), e);
    }
    GraphProto graph = model.getGraph();
    if (graph.getOutputCount() != 1) {
      throw new ModelException(
          where + ": expected one graph output, found " + graph.getOutputCount());
    }
    String output = graph.getOutput(0).getName();
    NodeProto head = null;
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOutputList().contains(output)) {
        head = node;
      }
    }
    if (head == null || !head.getOpType().equals("MatMul") || head.getInputCount() != 2) {
      throw new ModelException(
          where + ": the output '" + output + "' is not made by a MatMul with two inputs");
    }
    TensorProto fc = initializer(graph, head.getInput(1), where);
    if (fc.getDimsCount() != 2) {
      throw new ModelException(where + ": final weights are not a matrix");
    }
    return new Parsed(
        model, head, head.getInput(0), fc.getName(), (int) fc.getDims(0), (int) fc.getDims(1));
  }

  /** The final fully-connected weights, {@code [in, out]} row-major ({@code y = x W}). */
  public static float[] fcWeights(Parsed parsed) throws ModelException {
    TensorProto fc = initializer(parsed.model().getGraph(), parsed.fcName(), "stock encoder");
    return floats(fc);
  }

  /** The stock graph ending at the pooled features, {@code [N, in]}. */
  public static byte[] trunk(Parsed parsed, Map<String, String> metadata) {
    GraphProto.Builder graph = withoutHead(parsed);
    graph.addOutput(valueInfo(parsed.features(), parsed.in()));
    return build(parsed, graph, metadata);
  }

  /**
   * The trunk, then {@code x fc}, then {@code x projection} (when not null), then L2 normalisation;
   * output named like the stock output.
   *
   * @param fc {@code [in, out]} row-major
   * @param projection {@code [out, out]} row-major, or null for none
   */
  public static byte[] fineTuned(
      Parsed parsed, float[] fc, float[] projection, Map<String, String> metadata) {
    int in = parsed.in();
    int out = parsed.out();
    if (fc.length != in * out) {
      throw new IllegalArgumentException("fc has " + fc.length + " values, expected " + in * out);
    }
    if (projection != null && projection.length != out * out) {
      throw new IllegalArgumentException(
          "projection has " + projection.length + " values, expected " + out * out);
    }
    GraphProto.Builder graph = withoutHead(parsed);
    String output = parsed.head().getOutput(0);
    graph.addInitializer(floatTensor("tuned/fc/weights", fc, in, out));
    String x = matMul(graph, "tuned/fc", parsed.features(), "tuned/fc/weights");
    if (projection != null) {
      graph.addInitializer(floatTensor("tuned/projection/weights", projection, out, out));
      x = matMul(graph, "tuned/projection", x, "tuned/projection/weights");
    }
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("LpNormalization")
            .setName("tuned/l2norm")
            .addInput(x)
            .addOutput(output)
            .addAttribute(
                ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                    .setName("axis")
                    .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INT)
                    .setI(-1))
            .addAttribute(
                ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                    .setName("p")
                    .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INT)
                    .setI(2)));
    graph.addOutput(valueInfo(output, out));
    return build(parsed, graph, metadata);
  }

  private static String matMul(GraphProto.Builder graph, String name, String x, String w) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("MatMul")
            .setName(name)
            .addInput(x)
            .addInput(w)
            .addOutput(name));
    return name;
  }

  private static GraphProto.Builder withoutHead(Parsed parsed) {
    GraphProto.Builder graph = parsed.model().getGraph().toBuilder();
    graph.clearOutput();
    for (int i = graph.getNodeCount() - 1; i >= 0; i--) {
      if (graph.getNode(i).equals(parsed.head())) {
        graph.removeNode(i);
      }
    }
    for (int i = graph.getInitializerCount() - 1; i >= 0; i--) {
      if (graph.getInitializer(i).getName().equals(parsed.fcName())) {
        graph.removeInitializer(i);
      }
    }
    return graph;
  }

  private static byte[] build(
      Parsed parsed, GraphProto.Builder graph, Map<String, String> metadata) {
    ModelProto.Builder model = parsed.model().toBuilder().setGraph(graph).clearMetadataProps();
    metadata.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                model.addMetadataProps(
                    StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue())));
    return model.build().toByteArray();
  }

  private static TensorProto initializer(GraphProto graph, String name, String where)
      throws ModelException {
    for (TensorProto t : graph.getInitializerList()) {
      if (t.getName().equals(name)) {
        if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
          throw new ModelException(where + ": initializer '" + name + "' is not float");
        }
        return t;
      }
    }
    throw new ModelException(where + ": no initializer '" + name + "'");
  }

  private static float[] floats(TensorProto t) {
    if (!t.getRawData().isEmpty()) {
      ByteBuffer buf = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[buf.remaining() / 4];
      buf.asFloatBuffer().get(out);
      return out;
    }
    float[] out = new float[t.getFloatDataCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = t.getFloatData(i);
    }
    return out;
  }

  private static TensorProto floatTensor(String name, float[] values, long rows, long cols) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber())
        .addDims(rows)
        .addDims(cols)
        .setRawData(ByteString.copyFrom(bytes))
        .build();
  }

  private static ValueInfoProto valueInfo(String name, int width) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
            .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
