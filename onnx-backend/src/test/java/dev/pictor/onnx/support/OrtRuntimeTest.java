package dev.pictor.onnx.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OrtRuntimeTest {

  @Test
  void versionsBefore129AreSafe() {
    assertThat(OrtRuntime.problem("1.28.0", null)).isNull();
    assertThat(OrtRuntime.problem("1.23.2", null)).isNull();
    assertThat(OrtRuntime.problem("0.9", null)).isNull();
  }

  @Test
  void versionsFrom129OnAreRefusedWithoutTheOptOut() {
    assertThat(OrtRuntime.problem("1.29.0", null))
        .contains("ONNX Runtime 1.29.0")
        .contains("1.28.0")
        .contains("ORT_DISABLE_TELEMETRY=1");
    assertThat(OrtRuntime.problem("1.31.1", "0")).isNotNull();
    assertThat(OrtRuntime.problem("2.0.0", "")).isNotNull();
  }

  @Test
  void theOptOutMakesNewerVersionsSafe() {
    assertThat(OrtRuntime.problem("1.29.0", "1")).isNull();
  }

  @Test
  void unknownOrUnparsableVersionsAreNotRefused() {
    assertThat(OrtRuntime.problem(null, null)).isNull();
    assertThat(OrtRuntime.problem("dev", null)).isNull();
  }

  @Test
  void theRuntimeOnTheClassPathIsTheOneThisBuildPins() {
    // The pom pins 1.28.0 for onnxruntime and onnxruntime_gpu alike; this fails if a dependency
    // drags in another version.
    assertThat(OrtEnvironment.class.getPackage().getImplementationVersion()).isEqualTo("1.28.0");
    OrtEnvironment env = OrtRuntime.environment();
    assertThat(env.getVersion()).isEqualTo("1.28.0");
    assertThat(OrtRuntime.environment()).isSameAs(env);
  }

  @Test
  void theExtractedNativeLibrariesAreDeletedOnceLoaded() throws Exception {
    Path maps = Path.of("/proc/self/maps");
    assumeThat(Files.isReadable(maps)).as("Linux").isTrue();
    OrtRuntime.environment();
    List<Path> mapped;
    try (Stream<String> lines = Files.lines(maps)) {
      mapped =
          lines
              .filter(line -> line.contains("/onnxruntime-java"))
              .map(line -> line.substring(line.indexOf('/')).replace(" (deleted)", ""))
              .map(Path::of)
              .distinct()
              .toList();
    }
    assertThat(mapped)
        .as("ONNX Runtime's libraries, loaded from its extraction folder")
        .isNotEmpty();
    assertThat(mapped).allSatisfy(file -> assertThat(file).doesNotExist());
  }
}
