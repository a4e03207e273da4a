package dev.pictor.forge;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an ONNX model with the ONNX protobuf classes: graph inputs and outputs, float
 * initializers, and nodes whose outputs get unique names. Not thread-safe; one builder per model.
 */
public final class OnnxGraphBuilder {
  /** ONNX operator set the forge targets. */
  public static final int OPSET = 17;

  private static final long IR_VERSION = 8;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();
  private int counter;

  public OnnxGraphBuilder(String graphName) {
    graph.setName(graphName);
  }

  /**
   * Declares a float graph input. A dimension is an {@link Integer} (fixed) or a {@link String}
   * (symbolic, e.g. {@code "N"} for a dynamic batch).
   */
  public String input(String name, Object... dims) {
    claim(name);
    graph.addInput(valueInfo(name, dims));
    return name;
  }

  /** Declares {@code value} a float graph output with the given dimensions. */
  public void output(String value, Object... dims) {
    graph.addOutput(valueInfo(value, dims));
  }

  /** Adds a float constant; returns its name. */
  public String initializer(String name, float[] values, long... dims) {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          "initializer '" + name + "': " + values.length + " values for " + count + " elements");
    }
    claim(name);
    graph.addInitializer(floatTensor(name, values, dims));
    return name;
  }

  /**
   * A float tensor named {@code name} of shape {@code dims}, little-endian raw data: for the
   * forge's rewrites of published graphs, which add constants to a graph this builder did not
   * write.
   */
  static TensorProto floatTensor(String name, float[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber())
        .addAllDims(toList(dims))
        .setRawData(ByteString.copyFrom(bytes))
        .build();
  }

  /** Adds an int64 constant (shapes, axes, pads); returns its name. */
  public String initializerInt64(String name, long... values) {
    claim(name);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(values.length)
            .addAllInt64Data(toList(values)));
    return name;
  }

  /**
   * Adds a node with one output named after {@code hint}; returns the output's name. Attribute
   * values may be {@link Long}/{@link Integer}, {@link Float}/{@link Double}, {@link String} or
   * {@code long[]}/{@code int[]}.
   */
  public String node(String op, String hint, List<String> inputs, Map<String, Object> attributes) {
    String out = uniqueName(hint);
    NodeProto.Builder node =
        NodeProto.newBuilder()
            .setOpType(op)
            .setName(out + "_" + op)
            .addAllInput(inputs)
            .addOutput(out);
    attributes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> node.addAttribute(attribute(e.getKey(), e.getValue())));
    graph.addNode(node);
    return out;
  }

  /** {@link #node(String, String, List, Map)} without attributes. */
  public String node(String op, String hint, String... inputs) {
    return node(op, hint, List.of(inputs), Map.of());
  }

  /** The finished model, with producer name and metadata entries. */
  public ModelProto build(String producer, Map<String, String> metadata) {
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName(producer)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    addMetadata(model, metadata);
    return model.build();
  }

  /**
   * Adds metadata entries to a model, sorted by key so that the bytes are the same on every build.
   */
  public static void addMetadata(ModelProto.Builder model, Map<String, String> metadata) {
    metadata.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                model.addMetadataProps(
                    StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue())));
  }

  private String uniqueName(String hint) {
    String name = hint;
    while (names.contains(name)) {
      name = hint + "_" + (++counter);
    }
    names.add(name);
    return name;
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("duplicate value name '" + name + "'");
    }
  }

  private static ValueInfoProto valueInfo(String name, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof Integer i) {
        dim.setDimValue(i);
      } else if (d instanceof String s) {
        dim.setDimParam(s);
      } else {
        throw new IllegalArgumentException("dimension must be Integer or String, was " + d);
      }
      shape.addDim(dim);
    }
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

  /** A node attribute, of the value types {@link #node(String, String, List, Map)} takes. */
  static AttributeProto attribute(String name, Object value) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (value instanceof Integer || value instanceof Long) {
      a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
    } else if (value instanceof Float || value instanceof Double) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
    } else if (value instanceof String s) {
      a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
    } else if (value instanceof long[] ls) {
      a.setType(AttributeProto.AttributeType.INTS).addAllInts(toList(ls));
    } else if (value instanceof int[] is) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (int i : is) {
        a.addInts(i);
      }
    } else {
      throw new IllegalArgumentException("unsupported attribute '" + name + "': " + value);
    }
    return a.build();
  }

  private static List<Long> toList(long[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
