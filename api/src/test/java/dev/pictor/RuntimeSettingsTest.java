package dev.pictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.face.AnalyzerOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {
  private final RuntimeSettings gpu =
      RuntimeSettings.defaults()
          .withDevice(ExecutionDevice.cuda(1))
          .withIntraOpThreads(3)
          .withModelDirectory(Path.of("models"));

  @Test
  void defaultsAreTheCpuWithNoDirectory() {
    RuntimeSettings d = RuntimeSettings.defaults();
    assertThat(d.device()).isEqualTo(ExecutionDevice.cpu());
    assertThat(d.intraOpThreads()).isZero();
    assertThat(d.modelDirectory()).isEmpty();
  }

  @Test
  void oneSettingReachesTheDetectorTheLandmarkerAndTheEncoder() {
    AnalyzerOptions options = AnalyzerOptions.defaults().withRuntime(gpu);
    assertThat(options.detector().runtime()).isEqualTo(gpu);
    assertThat(options.encoder().runtime()).isEqualTo(gpu);
    assertThat(options.landmarker().runtime()).isEqualTo(gpu);
    // everything else is left as it was
    assertThat(options.detector().scoreThreshold())
        .isEqualTo(AnalyzerOptions.defaults().detector().scoreThreshold());
    assertThat(options.encoder().maxBatchSize())
        .isEqualTo(AnalyzerOptions.defaults().encoder().maxBatchSize());
    assertThat(options.landmarker().boxScale())
        .isEqualTo(AnalyzerOptions.defaults().landmarker().boxScale());
  }

  @Test
  void theBuildersTakeTheSameValue() {
    assertThat(dev.pictor.face.EncoderOptions.builder().runtime(gpu).build().runtime())
        .isEqualTo(gpu);
    assertThat(dev.pictor.face.DetectorOptions.builder().runtime(gpu).build().runtime())
        .isEqualTo(gpu);
    assertThat(dev.pictor.face.LandmarkerOptions.builder().runtime(gpu).build().runtime())
        .isEqualTo(gpu);
    assertThat(gpu.withModelDirectory(null).modelDirectory()).isEqualTo(Optional.empty());
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> RuntimeSettings.defaults().withIntraOpThreads(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intraOpThreads")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> RuntimeSettings.defaults().withDevice(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("device");
  }
}
