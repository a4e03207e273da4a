package dev.pictor.benchmarks;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.pictor.ModelException;
import dev.pictor.face.EncoderOptions;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.VerifiedModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Counts the multiply-adds of one face through an ONNX graph by walking its nodes in order and
 * inferring every shape for a batch of one: a Conv costs {@code outputs * (inC / group) * kH * kW},
 * a MatMul {@code m * k * n}. Element-wise ops, pooling, padding and bias additions are not counted
 * (they are under 1% of the work here). An op it does not know stops the count with an error rather
 * than a silent undercount. Stateless.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar dev.pictor.benchmarks.ModelFlops
 * [MODEL_ID | FILE.onnx]...}; it also prints the number of float weights and of nodes per op.
 */
public final class ModelFlops {
  private ModelFlops() {}

  /**
   * Multiply-adds per face, by op type, for a graph whose inputs have a batch dimension first.
   *
   * @throws IllegalArgumentException on an op or attribute the walk does not support
   */
  static Map<String, Long> multiplyAdds(ModelProto model) {
    GraphProto graph = model.getGraph();
    Map<String, long[]> shapes = new HashMap<>();
    Map<String, TensorProto> constants = new HashMap<>();
    for (TensorProto t : graph.getInitializerList()) {
      constants.put(t.getName(), t);
      shapes.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
    }
    for (ValueInfoProto input : graph.getInputList()) {
      if (!constants.containsKey(input.getName())) {
        shapes.put(input.getName(), batchOfOne(input));
      }
    }
    Map<String, Long> macs = new TreeMap<>();
    for (NodeProto node : graph.getNodeList()) {
      long[] x = shapes.get(node.getInput(0));
      long[] out;
      long cost = 0;
      switch (node.getOpType()) {
        case "Conv" -> {
          long[] w = shapes.get(node.getInput(1));
          long group = intAttr(node, "group", 1);
          out = window(node, x, w[0], new long[] {w[2], w[3]});
          cost = product(out) * (x[1] / group) * w[2] * w[3];
        }
        case "MaxPool", "AveragePool" -> {
          long[] kernel = ints(node, "kernel_shape", null);
          out = window(node, x, x[1], kernel);
        }
        case "GlobalAveragePool" -> out = new long[] {x[0], x[1], 1, 1};
        case "Relu", "PRelu" -> out = x;
        case "Reshape" -> {
          long[] target = int64s(constants.get(node.getInput(1)));
          out = new long[target.length];
          long known = 1;
          int inferred = -1;
          for (int i = 0; i < target.length; i++) {
            out[i] = target[i] == 0 ? x[i] : target[i];
            if (out[i] == -1) {
              inferred = i;
            } else {
              known *= out[i];
            }
          }
          if (inferred >= 0) {
            out[inferred] = product(x) / known;
          }
        }
        case "Add" -> out = broadcast(x, shapes.get(node.getInput(1)));
        case "Pad" -> {
          long[] pads = int64s(constants.get(node.getInput(1)));
          out = x.clone();
          for (int i = 0; i < x.length; i++) {
            out[i] += pads[i] + pads[i + x.length];
          }
        }
        case "Flatten" -> {
          int axis = (int) intAttr(node, "axis", 1);
          long[] head = Arrays.copyOf(x, axis);
          long[] tail = Arrays.copyOfRange(x, axis, x.length);
          out = new long[] {product(head), product(tail)};
        }
        case "MatMul" -> {
          long[] b = shapes.get(node.getInput(1));
          if (x.length != 2 || b.length != 2 || x[1] != b[0]) {
            throw new IllegalArgumentException(node.getName() + ": only 2-D MatMul is supported");
          }
          out = new long[] {x[0], b[1]};
          cost = x[0] * x[1] * b[1];
        }
        default ->
            throw new IllegalArgumentException(
                node.getName() + ": op " + node.getOpType() + " is not supported by the count");
      }
      shapes.put(node.getOutput(0), out);
      if (cost > 0) {
        macs.merge(node.getOpType(), cost, Long::sum);
      }
    }
    return macs;
  }

  /** Output shape of a sliding-window op (Conv, pooling) with explicit pads. */
  private static long[] window(NodeProto node, long[] x, long channels, long[] kernel) {
    String autoPad = stringAttr(node, "auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET") || intAttr(node, "ceil_mode", 0) != 0) {
      throw new IllegalArgumentException(node.getName() + ": auto_pad / ceil_mode not supported");
    }
    long[] strides = ints(node, "strides", new long[] {1, 1});
    long[] pads = ints(node, "pads", new long[] {0, 0, 0, 0});
    long[] dilations = ints(node, "dilations", new long[] {1, 1});
    long[] out = {x[0], channels, 0, 0};
    for (int i = 0; i < 2; i++) {
      long span = dilations[i] * (kernel[i] - 1) + 1;
      out[2 + i] = (x[2 + i] + pads[i] + pads[i + 2] - span) / strides[i] + 1;
    }
    return out;
  }

  private static long[] batchOfOne(ValueInfoProto input) {
    List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      if (i == 0) {
        shape[i] = 1;
      } else if (dims.get(i).hasDimValue()) {
        shape[i] = dims.get(i).getDimValue();
      } else {
        throw new IllegalArgumentException(
            "input " + input.getName() + " has a symbolic dimension " + i + " besides the batch");
      }
    }
    return shape;
  }

  private static long[] broadcast(long[] a, long[] b) {
    long[] out = new long[Math.max(a.length, b.length)];
    for (int i = 1; i <= out.length; i++) {
      long da = i <= a.length ? a[a.length - i] : 1;
      long db = i <= b.length ? b[b.length - i] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "cannot broadcast " + Arrays.toString(a) + " with " + Arrays.toString(b));
      }
      out[out.length - i] = Math.max(da, db);
    }
    return out;
  }

  private static long[] int64s(TensorProto t) {
    if (t == null) {
      throw new IllegalArgumentException("Pad and Reshape need constant shapes");
    }
    if (t.getInt64DataCount() > 0) {
      return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long[] values = new long[raw.remaining() / Long.BYTES];
    raw.asLongBuffer().get(values);
    return values;
  }

  private static long product(long[] dims) {
    long p = 1;
    for (long d : dims) {
      p *= d;
    }
    return p;
  }

  private static AttributeProto attr(NodeProto node, String name) {
    return node.getAttributeList().stream()
        .filter(a -> a.getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  private static long intAttr(NodeProto node, String name, long fallback) {
    AttributeProto a = attr(node, name);
    return a == null ? fallback : a.getI();
  }

  private static String stringAttr(NodeProto node, String name, String fallback) {
    AttributeProto a = attr(node, name);
    return a == null ? fallback : a.getS().toStringUtf8();
  }

  private static long[] ints(NodeProto node, String name, long[] fallback) {
    AttributeProto a = attr(node, name);
    if (a == null) {
      if (fallback == null) {
        throw new IllegalArgumentException(node.getName() + ": attribute " + name + " is required");
      }
      return fallback;
    }
    return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Prints the multiply-adds and FLOPs (two per multiply-add), weights and nodes of the packaged
   * face encoders named in {@code args} (or ONNX files, names ending in {@code .onnx}), or of the
   * default one.
   */
  public static void main(String[] args) throws ModelException, IOException {
    for (String id : args.length == 0 ? new String[] {EncoderOptions.DEFAULT_MODEL_ID} : args) {
      if (id.endsWith(".onnx")) {
        print(id, Files.readAllBytes(Path.of(id)));
      } else {
        VerifiedModel model = ModelStore.standard(Optional.empty()).resolve(id);
        print(model.card().id() + " (" + model.location() + ")", model.onnx());
      }
    }
  }

  /** Number of float weights (elements of float initializers) of a graph. */
  static long parameters(ModelProto model) {
    return model.getGraph().getInitializerList().stream()
        .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE)
        .mapToLong(
            t -> t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b))
        .sum();
  }

  private static void print(String name, byte[] onnx) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("not an ONNX model: " + name, e);
    }
    Map<String, Long> macs = multiplyAdds(model);
    Map<String, Long> ops = new TreeMap<>();
    model.getGraph().getNodeList().forEach(n -> ops.merge(n.getOpType(), 1L, Long::sum));
    long total = macs.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("model %s, per face:%n", name);
    macs.forEach((op, n) -> System.out.printf("  %-7s %,15d multiply-adds%n", op, n));
    System.out.printf("  total   %,15d multiply-adds = %.3f GFLOP%n", total, 2.0 * total / 1e9);
    System.out.printf("  %,d float parameters; nodes %s%n", parameters(model), ops);
  }
}
