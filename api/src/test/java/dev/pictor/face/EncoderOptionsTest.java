package dev.pictor.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ExecutionDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EncoderOptionsTest {

  @Test
  void defaultsToTheStockModelOnTheCpu() {
    EncoderOptions o = EncoderOptions.defaults();
    assertThat(o.modelId()).isEqualTo("face-resnet128");
    assertThat(o.device()).isEqualTo(ExecutionDevice.cpu());
    assertThat(o.intraOpThreads()).isZero();
    assertThat(o.modelDirectory()).isEmpty();
  }

  @Test
  void builderSetsEveryValue() {
    EncoderOptions o =
        EncoderOptions.builder()
            .modelId("x")
            .device(ExecutionDevice.cuda(1))
            .intraOpThreads(2)
            .maxBatchSize(8)
            .modelDirectory(Path.of("/m"))
            .build();
    assertThat(o.modelId()).isEqualTo("x");
    assertThat(o.device().deviceId()).isEqualTo(1);
    assertThat(o.intraOpThreads()).isEqualTo(2);
    assertThat(o.maxBatchSize()).isEqualTo(8);
    assertThat(o.modelDirectory()).contains(Path.of("/m"));
  }

  @Test
  void buildNamesTheBadValue() {
    assertThatThrownBy(() -> EncoderOptions.builder().intraOpThreads(-1).build())
        .hasMessageContaining("intraOpThreads")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> EncoderOptions.builder().maxBatchSize(0).build())
        .hasMessageContaining("maxBatchSize");
    assertThatThrownBy(() -> EncoderOptions.builder().modelId(" ").build())
        .hasMessageContaining("modelId");
    assertThatThrownBy(() -> EncoderOptions.builder().device(null).build())
        .hasMessageContaining("device");
  }
}
