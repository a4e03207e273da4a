package dev.pictor.onnx.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.pictor.BackendUnavailableException;
import dev.pictor.ExecutionDevice;
import dev.pictor.ModelException;
import org.junit.jupiter.api.Test;

class SessionFactoryTest {

  @Test
  void cpuSessionRunsOnTheCpu() throws Exception {
    SessionFactory.OpenedSession s =
        SessionFactory.open("m", TinyModels.identityModel(), ExecutionDevice.cpu(), 1);
    try (var session = s.session()) {
      assertThat(s.device()).isEqualTo(ExecutionDevice.cpu());
      assertThat(session.getInputNames()).containsExactly("x");
    }
  }

  @Test
  void requiredCudaWithoutCudaSaysWhatIsMissing() {
    assumeThat(OrtEnvironment.getAvailableProviders()).doesNotContain(OrtProvider.CUDA);
    assertThatThrownBy(
            () ->
                SessionFactory.open(
                    "m", TinyModels.identityModel(), ExecutionDevice.requireCuda(0), 1))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("onnxruntime_gpu")
        .hasMessageContaining("model m");
  }

  @Test
  void preferredCudaWithoutCudaFallsBackToTheCpu() throws Exception {
    assumeThat(OrtEnvironment.getAvailableProviders()).doesNotContain(OrtProvider.CUDA);
    SessionFactory.OpenedSession s =
        SessionFactory.open("m", TinyModels.identityModel(), ExecutionDevice.cuda(0), 0);
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
