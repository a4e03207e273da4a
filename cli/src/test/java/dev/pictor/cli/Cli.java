package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the integration tests of the {@code pictor} command line share: running it in-process, and
 * finding the shared test data ({@code -Dpictor.shared.dir}, default {@code ../../shared}).
 */
final class Cli {
  private Cli() {}

  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  /** Runs {@code pictor args...} in-process, capturing its output. */
  static Run pictor(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PictorCli.execute(PictorCli.newCommandLine(out, err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** The shared data folder. */
  static Path data() {
    Path dir = Path.of(System.getProperty("pictor.shared.dir", "../../shared")).resolve("data");
    assertThat(dir).as("shared data folder (set -Dpictor.shared.dir)").isDirectory();
    return dir;
  }

  /** The LFW View 1 folder: images/, pairsDevTrain.txt, pairsDevTest.txt. */
  static Path lfwView1() {
    return data().resolve("lfw-view1");
  }

  /** Image {@code n} of {@code name} in LFW. */
  static Path lfw(String name, int n) {
    return lfwView1()
        .resolve("images")
        .resolve(name)
        .resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name, n));
  }

  /** The pair lines of an LFW View 1 pairs file: {name, n, m} or {name, n, other, m}. */
  static List<String[]> lfwPairs(String file) throws IOException {
    List<String> lines = Files.readAllLines(lfwView1().resolve(file));
    // The first line is the number of matched pairs (as many mismatched ones follow them).
    return lines.subList(1, lines.size()).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+"))
        .toList();
  }

  /** A painting without a face. */
  static Path starryNight() {
    return data().resolve("style/style/starry_night.jpg");
  }
}
