package dev.pictor.onnx.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.pictor.BackendUnavailableException;
import dev.pictor.ExecutionDevice;
import dev.pictor.ModelException;
import org.junit.jupiter.api.Test;

class SessionFactoryTest {

  /** y = Identity(x), x and y float [N, 4]; written here so that the engine needs no forge. */
  static byte[] identityModel() {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("id")
            .addInput(floatNx4("x"))
            .addOutput(floatNx4("y"))
            .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("x").addOutput("y"))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static ValueInfoProto floatNx4(String name) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(4))
            .build();
    TypeProto.Tensor tensor =
        TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT.getNumber())
            .setShape(shape)
            .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }

  @Test
  void cpuSessionRunsOnTheCpu() throws Exception {
    SessionFactory.OpenedSession s =
        SessionFactory.open("m", identityModel(), ExecutionDevice.cpu(), 1);
    try (var session = s.session()) {
      assertThat(s.device()).isEqualTo(ExecutionDevice.cpu());
      assertThat(session.getInputNames()).containsExactly("x");
    }
  }

  @Test
  void requiredCudaWithoutCudaSaysWhatIsMissing() {
    assumeThat(OrtEnvironment.getAvailableProviders()).doesNotContain(OrtProvider.CUDA);
    assertThatThrownBy(
            () -> SessionFactory.open("m", identityModel(), ExecutionDevice.requireCuda(0), 1))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("onnxruntime_gpu")
        .hasMessageContaining("model m");
  }

  @Test
  void preferredCudaWithoutCudaFallsBackToTheCpu() throws Exception {
    assumeThat(OrtEnvironment.getAvailableProviders()).doesNotContain(OrtProvider.CUDA);
    SessionFactory.OpenedSession s =
        SessionFactory.open("m", identityModel(), ExecutionDevice.cuda(0), 0);
    try (var session = s.session()) {
      assertThat(s.device()).isEqualTo(ExecutionDevice.cpu());
    }
  }

  @Test
  void garbageBytesAreAModelException() {
    assertThatThrownBy(
            () -> SessionFactory.open("m", new byte[] {1, 2, 3}, ExecutionDevice.cpu(), 1))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("cannot load model m");
  }
}
