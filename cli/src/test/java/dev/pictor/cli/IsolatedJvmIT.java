package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.ImageWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@link AllModelsProbe} in a separate JVM, as an application would: with a command line of
 * more than 16 KB (a long class path and many arguments), a fresh home folder and a fresh temporary
 * folder. ONNX Runtime 1.29.0 crashed such a JVM with SIGSEGV inside environment creation and wrote
 * telemetry files into the home folder; this checks that every model runs, the JVM exits 0 and
 * nothing is written outside the folders the README's "Privacy" section lists.
 */
class IsolatedJvmIT {
  /** The command line length the probe must be started with, at least. */
  private static final int LONG_COMMAND_LINE = 16 * 1024;

  private static final Pattern FACES =
      Pattern.compile(
          "faces (\\d+) photos (\\d+) embedding-size (\\d+) landmarks (\\d+) worst-distance (\\S+)");
  private static final Pattern LANDMARKS = Pattern.compile("landmarks68 (\\d+) inside-box (\\d+)");
  private static final Pattern UDNIE = Pattern.compile("udnie (\\d+)x(\\d+) mean-change (\\S+)");
  private static final Pattern GATYS =
      Pattern.compile("gatys (\\d+)x(\\d+) steps (\\d+) cost (\\S+) -> (\\S+)");
  private static final Pattern CMDLINE = Pattern.compile("cmdline bytes (\\d+)");

  @TempDir Path temp;

  @Test
  void everyModelRunsInAJvmWithALongCommandLineAndWritesNothingOutsideTheDocumentedPaths()
      throws Exception {
    Path home = Files.createDirectories(temp.resolve("home"));
    Path tmp = Files.createDirectories(temp.resolve("tmp"));
    Path work = Files.createDirectories(temp.resolve("work"));
    Set<String> systemTmpBefore = listing(Path.of("/tmp"));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-Duser.home=" + home);
    command.add("-Dpictor.model.dir=" + modelDir());
    command.add("-cp");
    command.add(longClassPath());
    command.add(AllModelsProbe.class.getName());
    command.add(Cli.data().resolve("style/content/tubingen.jpg").toString());
    command.add(Cli.starryNight().toString());
    // One person's photos, repeated until the arguments alone pass 8 KB.
    List<String> photos = new ArrayList<>();
    int argumentChars = 0;
    int[] numbers = {13, 14, 16};
    for (int i = 0; argumentChars < LONG_COMMAND_LINE / 2; i++) {
      String photo = Cli.lfw("Abdullah_Gul", numbers[i % numbers.length]).toString();
      photos.add(photo);
      argumentChars += photo.length() + 1;
    }
    command.addAll(photos);
    int commandLength = command.stream().mapToInt(s -> s.length() + 1).sum();
    assertThat(commandLength).isGreaterThan(LONG_COMMAND_LINE);

    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().remove("ORT_DISABLE_TELEMETRY"); // the SDK must be safe without it
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().put("HOME", home.toString());
    builder.environment().put("TMPDIR", tmp.toString());
    builder.redirectErrorStream(true);
    Path log = temp.resolve("probe.log");
    builder.redirectOutput(log.toFile());
    Process probe = builder.start();
    boolean finished = probe.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      probe.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("probe finished; output:%n%s", out).isTrue();
    assertThat(probe.exitValue()).as("exit code; output:%n%s", out).isZero();

    Matcher cmdline = find(CMDLINE, out);
    assertThat(Integer.parseInt(cmdline.group(1))).isGreaterThan(LONG_COMMAND_LINE);

    Matcher faces = find(FACES, out);
    assertThat(Integer.parseInt(faces.group(2))).isEqualTo(photos.size());
    assertThat(Integer.parseInt(faces.group(1))).isGreaterThanOrEqualTo(photos.size());
    assertThat(Integer.parseInt(faces.group(3))).isEqualTo(128);
    assertThat(Integer.parseInt(faces.group(4))).isEqualTo(5);
    // Three photos of one person: well under the encoder's threshold (about 0.43) of each other.
    assertThat(Double.parseDouble(faces.group(5))).isGreaterThan(0).isLessThan(0.43);

    Matcher landmarks = find(LANDMARKS, out);
    assertThat(Integer.parseInt(landmarks.group(1))).isEqualTo(68);
    assertThat(Integer.parseInt(landmarks.group(2))).isEqualTo(68);

    Matcher udnie = find(UDNIE, out);
    assertThat(Integer.parseInt(udnie.group(1))).isEqualTo(96); // tubingen is 1024x768
    assertThat(Integer.parseInt(udnie.group(2))).isEqualTo(72);
    assertThat(Double.parseDouble(udnie.group(3))).as("udnie repaints the photo").isGreaterThan(10);

    Matcher gatys = find(GATYS, out);
    assertThat(Integer.parseInt(gatys.group(3))).isEqualTo(3);
    double before = Double.parseDouble(gatys.group(4));
    double after = Double.parseDouble(gatys.group(5));
    assertThat(after).as("the cost falls").isPositive().isLessThan(before);

    assertThat(listing(home)).as("files written in the home folder").isEmpty();
    assertThat(listing(tmp)).as("files written in the temporary folder").isEmpty();
    assertThat(listing(work)).as("files written in the working folder").isEmpty();
    Set<String> systemTmpNew = listing(Path.of("/tmp"));
    systemTmpNew.removeAll(systemTmpBefore);
    assertThat(systemTmpNew)
        .as("files the probe (pid %d) wrote in /tmp", probe.pid())
        .noneMatch(name -> name.contains(Long.toString(probe.pid())));
  }

  @Test
  void runningOutOfMemoryIsAnInternalErrorInOneLineNotANegativeAnswer() throws Exception {
    // 6000x4000 pixels: 72 MB as RGB, more than the child's whole heap.
    Path photo = temp.resolve("large.png");
    ImageWriter.write(new RgbImage(6000, 4000, new byte[6000 * 4000 * 3]), photo);
    Path jar = Path.of("target", "pictor.jar").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-Dpictor.model.dir=" + modelDir(),
                "-jar",
                jar.toString(),
                "embed",
                photo.toString())
            .redirectErrorStream(true);
    builder.environment().remove("PICTOR_DEBUG");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Path log = temp.resolve("oom.log");
    builder.redirectOutput(log.toFile());
    Process run = builder.start();
    assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(run.exitValue()).as(out).isEqualTo(PictorCli.FAILURE);
    assertThat(out).contains("pictor: out of memory").contains("PICTOR_JAVA_OPTS=-Xmx");
    assertThat(out).doesNotContain("\tat ").doesNotContain("Exception in thread");
  }

  /** The probe's real class path, after a hundred long entries for folders that do not exist. */
  private static String longClassPath() throws IOException {
    List<String> entries = new ArrayList<>();
    Path missing = Path.of(System.getProperty("java.io.tmpdir"), "pictor-absent-class-path-entry");
    for (int i = 0; entries.stream().mapToInt(String::length).sum() < LONG_COMMAND_LINE / 2; i++) {
      entries.add(
          missing.resolve(String.join("", Collections.nCopies(8, "padding-" + i))).toString());
    }
    Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
    Path jar = Path.of("target", "pictor.jar").toAbsolutePath();
    assertThat(jar).as("the runnable jar (failsafe runs after package)").isRegularFile();
    entries.add(testClasses.toString());
    entries.add(jar.toString());
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static Path modelDir() {
    Path dir = Path.of(System.getProperty("pictor.model.dir", "../../shared/models"));
    assertThat(dir).as("model directory (set -Dpictor.model.dir)").isDirectory();
    return dir.toAbsolutePath();
  }

  /** Every file and folder below {@code dir}, relative to it (top-level names for /tmp). */
  private static Set<String> listing(Path dir) throws IOException {
    if (dir.equals(Path.of("/tmp"))) {
      try (Stream<Path> files = Files.list(dir)) {
        return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> !p.equals(dir))
          .map(p -> dir.relativize(p).toString())
          .collect(Collectors.toSet());
    }
  }

  private static Matcher find(Pattern pattern, String out) {
    Matcher m = pattern.matcher(out);
    assertThat(m.find()).as("%s in the probe's output:%n%s", pattern, out).isTrue();
    return m;
  }
}
