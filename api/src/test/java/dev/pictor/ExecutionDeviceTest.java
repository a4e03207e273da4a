package dev.pictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExecutionDeviceTest {

  @Test
  void factoriesSetKindIdAndPolicy() {
    assertThat(ExecutionDevice.cpu().kind()).isEqualTo(ExecutionDevice.Kind.CPU);
    assertThat(ExecutionDevice.cuda(2))
        .isEqualTo(
            new ExecutionDevice(ExecutionDevice.Kind.CUDA, 2, ExecutionDevice.Policy.PREFER));
    assertThat(ExecutionDevice.requireCuda(0).policy()).isEqualTo(ExecutionDevice.Policy.REQUIRE);
    assertThat(ExecutionDevice.cuda(1).toString()).isEqualTo("cuda:1 (PREFER)");
  }

  @Test
  void rejectsImpossibleDevices() {
    assertThatThrownBy(() -> ExecutionDevice.cuda(-1)).hasMessageContaining("-1");
    assertThatThrownBy(
            () -> new ExecutionDevice(ExecutionDevice.Kind.CPU, 3, ExecutionDevice.Policy.PREFER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void threadCountsAreBounded() {
    assertThat(ExecutionDevice.checkThreads("threads", 0)).isZero();
    assertThat(ExecutionDevice.checkThreads("threads", ExecutionDevice.MAX_THREADS)).isEqualTo(256);
    assertThatThrownBy(() -> ExecutionDevice.checkThreads("--threads", 100_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--threads")
        .hasMessageContaining("0..256")
        .hasMessageContaining("100000");
    assertThatThrownBy(() -> ExecutionDevice.checkThreads("threads", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
