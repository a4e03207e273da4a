package dev.pictor.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the {@code pictor} command line in-process on real face crops and the packaged model. */
class PictorCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  /** What one run printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  private static Run pictor(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PictorCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Path people() {
    Path dir =
        Path.of(System.getProperty("pictor.shared.dir", "../../shared"))
            .resolve("data/faces-tv/people");
    assertThat(dir).as("faces-tv crops (set -Dpictor.shared.dir)").isDirectory();
    return dir;
  }

  private static String crop(String person, int n) {
    return people().resolve(person).resolve(person + n + ".png").toString();
  }

  @Test
  void twoCropsOfOnePersonAreTheSamePerson() {
    Run run = pictor("compare", crop("amy", 1), crop("amy", 2));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("same person").doesNotContain("different");
    assertThat(run.out()).contains("euclidean, model face-resnet128").contains("threshold  0.42");
  }

  @Test
  void cropsOfTwoPeopleAreDifferentPeople() {
    Run run = pictor("compare", crop("amy", 1), crop("sheldon", 1));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("different people");
  }

  @Test
  void theThresholdOptionDecides() {
    Run strict = pictor("compare", "--threshold", "0", crop("amy", 1), crop("amy", 2));
    Run lax = pictor("compare", "--threshold", "2", crop("amy", 1), crop("sheldon", 1));

    assertThat(strict.exitCode()).as(strict.err()).isEqualTo(1);
    assertThat(strict.out()).contains("threshold  0.0 (--threshold on the command line)");
    // Unit vectors are never further apart than 2.
    assertThat(lax.exitCode()).as(lax.err()).isZero();
  }

  @Test
  void aMissingFileIsAnInputErrorNamingTheFile() {
    Path missing = temp.resolve("nobody-here.png");

    Run run = pictor("compare", crop("amy", 1), missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(missing.toString()).contains("no such file");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aTruncatedImageIsAnInputErrorNamingTheFile() throws Exception {
    byte[] png = Files.readAllBytes(Path.of(crop("penny", 1)));
    Path cut = Files.write(temp.resolve("penny-cut.png"), Arrays.copyOf(png, png.length / 2));

    Run run = pictor("embed", cut.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("penny-cut.png");
  }

  @Test
  void embedJsonHasAUnitEmbeddingOf128ValuesPerImage() throws Exception {
    Run run = pictor("embed", "--json", crop("amy", 1), crop("sheldon", 1));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).as("no progress bar for two images").isEmpty();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("model").asText()).isEqualTo("face-resnet128");
    JsonNode embeddings = root.get("embeddings");
    assertThat(embeddings).hasSize(2);
    assertThat(embeddings.get(0).get("file").asText()).isEqualTo(crop("amy", 1));
    assertThat(embeddings.get(1).get("file").asText()).isEqualTo(crop("sheldon", 1));
    double[] amy = values(embeddings.get(0).get("embedding"));
    double[] sheldon = values(embeddings.get(1).get("embedding"));
    assertThat(amy).hasSize(128);
    assertThat(sheldon).hasSize(128);
    assertThat(norm(amy)).isCloseTo(1.0, within(1e-4));
    assertThat(norm(sheldon)).isCloseTo(1.0, within(1e-4));
    double squared = 0;
    for (int i = 0; i < 128; i++) {
      squared += (amy[i] - sheldon[i]) * (amy[i] - sheldon[i]);
    }
    assertThat(Math.sqrt(squared)).isGreaterThan(0.42);
  }

  @Test
  void embedTextShowsTheFirstFourValuesOfTheSameEmbedding() throws Exception {
    Run text = pictor("embed", crop("raj", 2));
    Run json = pictor("embed", "--json", crop("raj", 2));

    assertThat(text.exitCode()).as(text.err()).isZero();
    Matcher line =
        Pattern.compile(
                Pattern.quote(crop("raj", 2))
                    + "  face-resnet128  \\[(\\S+), (\\S+), (\\S+), (\\S+), \\.\\.\\.\\]"
                    + " \\(128 values\\)")
            .matcher(text.out().strip());
    assertThat(line.matches()).as(text.out()).isTrue();
    double[] full = values(JSON.readTree(json.out()).get("embeddings").get(0).get("embedding"));
    for (int i = 0; i < 4; i++) {
      assertThat(Double.parseDouble(line.group(i + 1))).isCloseTo(full[i], within(5e-5));
    }
  }

  @Test
  void manyImagesGetAProgressBarAndOneLineEach() throws Exception {
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(people())) {
      files.filter(f -> f.toString().endsWith(".png")).sorted().forEach(f -> all.add(f.toString()));
    }
    assertThat(all).hasSize(40);
    List<String> args = new ArrayList<>(List.of("embed"));
    args.addAll(all);

    Run run = pictor(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(40);
    assertThat(run.err()).contains("encoding [").contains("32/40").endsWith("] 40/40\n");
  }

  @Test
  void compareOfSeveralImagesPrintsASymmetricDistanceMatrix() throws Exception {
    Run run = pictor("compare", "--json", crop("amy", 1), crop("amy", 2), crop("sheldon", 1));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("metric").asText()).isEqualTo("EUCLIDEAN");
    assertThat(root.get("threshold").asDouble()).isEqualTo(0.42);
    assertThat(root.has("samePerson")).isFalse();
    JsonNode d = root.get("distances");
    assertThat(d).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(d.get(i)).hasSize(3);
      assertThat(d.get(i).get(i).asDouble()).isZero();
      for (int j = 0; j < 3; j++) {
        assertThat(d.get(i).get(j).asDouble()).isEqualTo(d.get(j).get(i).asDouble());
      }
    }
    assertThat(d.get(0).get(1).asDouble()).isLessThan(d.get(0).get(2).asDouble());
    assertThat(d.get(0).get(1).asDouble()).isLessThan(d.get(1).get(2).asDouble());
  }

  @Test
  void compareOfTwoImagesInJsonCarriesTheVerdict() throws Exception {
    Run run = pictor("compare", "--json", crop("howard", 1), crop("howard", 3));

    JsonNode root = JSON.readTree(run.out());
    boolean same = root.get("samePerson").asBoolean();
    assertThat(run.exitCode()).isEqualTo(same ? 0 : 1);
    assertThat(same)
        .isEqualTo(
            root.get("distances").get(0).get(1).asDouble() <= root.get("threshold").asDouble());
    assertThat(root.get("thresholdSource").asText()).contains("provisional");
  }

  @Test
  void modelsListsThePackagedCard() {
    Run run = pictor("models");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("face-resnet128 (version ")
        .contains("input      150x150 RGB")
        .contains("metric     EUCLIDEAN")
        .contains("threshold  0.42 (provisional")
        .contains("license    MIT")
        .contains("source     @vladmandic/face-api@1.7.15");
  }

  @Test
  void usageErrorsExitWith2() {
    Run oneImage = pictor("compare", crop("amy", 1));
    Run badDevice = pictor("embed", "--device", "gpu", crop("amy", 1));
    Run badThreshold = pictor("compare", "--threshold", "-1", crop("amy", 1), crop("amy", 2));
    Run noCommand = pictor();

    assertThat(oneImage.exitCode()).isEqualTo(2);
    assertThat(oneImage.err()).contains("IMAGE");
    assertThat(badDevice.exitCode()).isEqualTo(2);
    assertThat(badDevice.err()).contains("'gpu' is not a device");
    assertThat(badThreshold.exitCode()).isEqualTo(2);
    assertThat(badThreshold.err()).contains("--threshold must be a finite number >= 0");
    assertThat(noCommand.exitCode()).isEqualTo(2);
    assertThat(noCommand.err()).contains("Missing subcommand");
  }

  @Test
  void helpAndVersion() {
    Run help = pictor("--help");
    Run compareHelp = pictor("help", "compare");
    Run version = pictor("--version");
    Run embedVersion = pictor("embed", "--version");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("face crops").contains("embed").contains("Exit codes:");
    assertThat(compareHelp.exitCode()).isZero();
    assertThat(compareHelp.out()).contains("--threshold=T").contains("different people");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("pictor 0.1.0");
    assertThat(embedVersion.exitCode()).isZero();
    assertThat(embedVersion.out()).isEqualTo(version.out());
  }

  private static double[] values(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
