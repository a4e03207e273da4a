package dev.pictor.learning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pictor.ModelException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The surgery depends on the graph's structure only (one output made by a MatMul of the features
 * and a weight initializer), not on the node names the forge happens to write: here on a tiny graph
 * with other names, {@code y = Relu(x) W}.
 */
class EncoderGraphsTest {
  private static final float[] W = {1, 0, 0, 2, 3, -1}; // [3, 2]
  private static final float[] X = {1, -2, 3}; // one row; Relu(x) = (1, 0, 3)

  @Test
  void findsTheFinalMatMulWhateverItsNames() throws Exception {
    EncoderGraphs.Parsed parsed = EncoderGraphs.parse(graph("MatMul").toByteArray(), "tiny");
    assertThat(parsed.features()).isEqualTo("hidden");
    assertThat(parsed.in()).isEqualTo(3);
    assertThat(parsed.out()).isEqualTo(2);
    assertThat(EncoderGraphs.fcWeights(parsed)).containsExactly(W);

    float[] trunk = run(EncoderGraphs.trunk(parsed, Map.of()));
    assertThat(trunk).containsExactly(1, 0, 3);

    // fc = W, no projection: the stock output, L2-normalised. Relu(x) W = (10, -3).
    float[] tuned = run(EncoderGraphs.fineTuned(parsed, W, null, Map.of("k", "v")));
    double norm = Math.hypot(10, -3);
    assertThat(tuned[0]).isCloseTo((float) (10 / norm), offset(1e-6f));
    assertThat(tuned[1]).isCloseTo((float) (-3 / norm), offset(1e-6f));
  }

  @Test
  void refusesAGraphThatDoesNotEndInAMatMul() {
    assertThatThrownBy(() -> EncoderGraphs.parse(graph("Add").toByteArray(), "tiny"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("tiny")
        .hasMessageContaining("MatMul");
    assertThatThrownBy(() -> EncoderGraphs.parse(new byte[] {1, 2, 3}, "junk"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("junk");
  }

  private static float[] run(byte[] onnx) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {X});
        OrtSession.Result r = session.run(Map.of("pixels", x))) {
      return ((float[][]) r.get(0).getValue())[0];
    }
  }

  /** pixels [N, 3] -> Relu -> hidden -> (MatMul with "weights" [3, 2], or Add) -> result. */
  private static ModelProto graph(String lastOp) {
    TensorProto.Builder weights =
        TensorProto.newBuilder()
            .setName("weights")
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addDims(3)
            .addDims(2);
    for (float w : W) {
      weights.addFloatData(w);
    }
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("tiny")
            .addInput(value("pixels", 3))
            .addNode(
                NodeProto.newBuilder().setOpType("Relu").addInput("pixels").addOutput("hidden"))
            .addNode(
                NodeProto.newBuilder()
                    .setOpType(lastOp)
                    .addInput("hidden")
                    .addInput("weights")
                    .addOutput("result"))
            .addInitializer(weights)
            .addOutput(value("result", 2))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
        .setGraph(graph)
        .build();
  }

  private static ValueInfoProto value(String name, int width) {
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
