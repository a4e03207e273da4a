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
}
