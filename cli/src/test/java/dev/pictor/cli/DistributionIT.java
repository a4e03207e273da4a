package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two runnable jars the build makes (failsafe runs after {@code package}): {@code pictor.jar}
 * with the natives of every platform, and {@code pictor-linux-x86_64.jar} with those of Linux
 * x86-64 only. Both are started with {@code java -jar}, as bin/pictor and users start them.
 */
class DistributionIT {
  private static final Path FULL = Path.of("target", "pictor.jar");
  private static final Path LINUX = Path.of("target", "pictor-linux-x86_64.jar");

  @TempDir Path temp;

  @Test
  void theLinuxJarHoldsTheNativesOfLinuxX8664OnlyAndIsMuchSmaller() throws IOException {
    assertThat(LINUX).as("built by the linux-x86_64-jar execution").isRegularFile();
    List<String> natives = natives(LINUX);

    assertThat(natives)
        .containsExactlyInAnyOrder(
            "nu/pattern/opencv/linux/x86_64/libopencv_java490.so",
            "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
            "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so",
            "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
            "org/sqlite/native/Linux-Musl/x86_64/libsqlitejdbc.so");
    assertThat(natives(FULL)).hasSizeGreaterThan(30).containsAll(natives);
    assertThat(Files.size(LINUX)).isLessThan(Files.size(FULL) / 2);
  }

  @Test
  void theLinuxJarRunsAndListsTheModels() throws Exception {
    assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
    assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");

    Ran models = java(LINUX, "models");
    Ran version = java(LINUX, "--version");

    assertThat(models.exitCode()).as(models.err()).isZero();
    assertThat(models.out()).contains("face-resnet128 (version ").contains("udnie (version ");
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("pictor ");
  }

  @Test
  void theLinuxJarLoadsOpenCvAndOnnxRuntime() throws Exception {
    assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
    assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");
    Path crop = Cli.data().resolve("faces-tv/people/amy/amy1.png");

    Ran run = java(LINUX, "embed", "--aligned", "--json", crop.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"model\":\"face-resnet128\"").contains("\"embedding\":[");
  }

  @Test
  void everyHelpPrintsWithoutPicocliWarnings() throws Exception {
    List<String> commands =
        List.of(
            "embed",
            "compare",
            "verify",
            "enroll",
            "identify",
            "gallery",
            "evaluate",
            "train",
            "models",
            "stylize");
    List<String[]> helps = new ArrayList<>();
    helps.add(new String[] {"--help"});
    for (String command : commands) {
      helps.add(new String[] {command, "--help"});
    }
    for (String[] nested :
        List.of(
            new String[] {"evaluate", "lfw"},
            new String[] {"evaluate", "identify"},
            new String[] {"evaluate", "fuse"},
            new String[] {"train", "triplet"},
            new String[] {"train", "pair-classifier"},
            new String[] {"gallery", "list"})) {
      helps.add(new String[] {nested[0], nested[1], "--help"});
    }
    for (String[] help : helps) {
      Ran run = java(FULL, help);

      // picocli warns on stderr ("Could not format ...") about a bad % in a description
      assertThat(run.err()).as(String.join(" ", help)).isEmpty();
      assertThat(run.exitCode()).as(String.join(" ", help)).isZero();
      assertThat(run.out()).as(String.join(" ", help)).contains("Usage: pictor");
    }
  }

  /** What one {@code java -jar} run printed and returned. */
  private record Ran(int exitCode, String out, String err) {}

  private Ran java(Path jar, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dpictor.model.dir=" + Cli.data().resolveSibling("models").toAbsolutePath());
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(temp, "out", ".txt");
    Path err = Files.createTempFile(temp, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", args)).isTrue();
    return new Ran(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The native libraries in {@code jar}. */
  private static List<String> natives(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib"))
          .toList();
    }
  }
}
