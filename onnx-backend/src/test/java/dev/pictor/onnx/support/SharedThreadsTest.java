package dev.pictor.onnx.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The global thread pool mode of {@link OrtRuntime} and {@link SessionFactory}. ONNX Runtime fixes
 * its pools once per process, so each case runs {@link SharedThreadsProbe} in a fresh JVM.
 */
class SharedThreadsTest {

  private static String probe(String property, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    if (property != null) {
      command.add("-D" + OrtRuntime.SHARED_THREADS_PROPERTY + "=" + property);
    }
    command.add(SharedThreadsProbe.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }

  @Test
  void sessionsRunOnTheGlobalPoolWhenAsked() throws Exception {
    assertThat(probe("2")).contains("shared=true sum=72.0");
  }

  @Test
  void withoutThePropertyEachSessionHasItsOwnThreads() throws Exception {
    assertThat(probe(null)).contains("shared=false sum=72.0");
  }

  @Test
  void anEnvironmentStartedByOtherCodeMeansOwnThreadsAndAWarning() throws Exception {
    String out = probe("2", "ort-first");
    assertThat(out).contains("shared=false sum=72.0");
    assertThat(out).contains("could not be created with a global thread pool");
  }

  @Test
  void aBadThreadCountIsReportedAndIgnored() throws Exception {
    String out = probe("lots");
    assertThat(out).contains("shared=false sum=72.0");
    assertThat(out).contains("must be a thread count >= 1, was 'lots'");
  }

  @Test
  void theThreadCountIsChecked() {
    assertThat(OrtRuntime.sharedThreads(null)).isZero();
    assertThat(OrtRuntime.sharedThreads(" ")).isZero();
    assertThat(OrtRuntime.sharedThreads("3")).isEqualTo(3);
    assertThatThrownBy(() -> OrtRuntime.sharedThreads("0"))
        .hasMessageContaining(OrtRuntime.SHARED_THREADS_PROPERTY)
        .hasMessageContaining("'0'");
    assertThatThrownBy(() -> OrtRuntime.sharedThreads("two"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
