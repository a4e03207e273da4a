package dev.pictor.cli;

import static dev.pictor.cli.Cli.pictor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.cli.Cli.Run;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code pictor} command line in-process on real photos, face crops and the packaged
 * encoder with the YuNet detector from the shared model directory.
 */
class PictorCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private static Path people() {
    return Cli.data().resolve("faces-tv/people");
  }

  private static String crop(String person, int n) {
    return people().resolve(person).resolve(person + n + ".png").toString();
  }

  private static String group(int n) {
    return Cli.data().resolve("faces-tv/groups/bbt" + n + ".jpg").toString();
  }

  private static String starryNight() {
    return Cli.starryNight().toString();
  }

  /** The default threshold of the packaged encoder, as its card says. */
  private static double cardThreshold() throws Exception {
    return PackagedModels.cards().stream()
        .filter(card -> card.id().equals("face-resnet128"))
        .findFirst()
        .orElseThrow()
        .encoder()
        .threshold();
  }

  // --- compare -------------------------------------------------------------------------------

  @Test
  void twoAlignedCropsOfOnePersonAreTheSamePerson() throws Exception {
    Run run = pictor("compare", "--aligned", crop("amy", 1), crop("amy", 2));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("same person").doesNotContain("different");
    assertThat(run.out())
        .contains("euclidean, model face-resnet128")
        .contains("threshold  " + cardThreshold() + " (");
    assertThat(run.out()).as("crops: no detection to report").doesNotContain("face at");
  }

  @Test
  void textOutputNamesWhereTheThresholdComesFromInAFewWordsJsonInFull() throws Exception {
    Run text = pictor("verify", "--aligned", crop("amy", 1), crop("amy", 2));
    Run json = pictor("verify", "--aligned", "--json", crop("amy", 1), crop("amy", 2));

    assertThat(text.exitCode()).as(text.err()).isZero();
    String line =
        text.out().lines().filter(l -> l.startsWith("threshold  ")).findFirst().orElseThrow();
    assertThat(line)
        .isEqualTo(
            "threshold  "
                + cardThreshold()
                + " (the default of face-resnet128; how it was chosen: pictor models)");
    assertThat(text.out()).doesNotContain("pairsDevTrain");
    assertThat(JSON.readTree(json.out()).get("thresholdSource").asText())
        .contains("pairsDevTrain.txt")
        .hasSizeGreaterThan(200);
  }

  @Test
  void alignedCropsOfTwoPeopleAreDifferentPeople() {
    Run run = pictor("compare", "--aligned", crop("amy", 1), crop("sheldon", 1));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("different people");
  }

  @Test
  void theThresholdOptionDecides() {
    Run strict = pictor("compare", "--aligned", "--threshold", "0", crop("amy", 1), crop("amy", 2));
    Run lax =
        pictor("compare", "--aligned", "--threshold", "2", crop("amy", 1), crop("sheldon", 1));

    assertThat(strict.exitCode()).as(strict.err()).isEqualTo(1);
    assertThat(strict.out()).contains("threshold  0.0 (--threshold on the command line)");
    assertThat(lax.out()).contains("threshold  2.0 (--threshold on the command line)");
    // Unit vectors are never further apart than 2.
    assertThat(lax.exitCode()).as(lax.err()).isZero();
  }

  @Test
  void lfwPhotosOfTheFirstMatchedPairAreTheSamePerson() throws IOException {
    String[] pair = lfwPairs().stream().filter(p -> p.length == 3).findFirst().orElseThrow();

    Run run = pictor("compare", lfw(pair[0], pair[1]), lfw(pair[0], pair[2]));

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("same person").contains("face at");
  }

  @Test
  void lfwPhotosOfTheFirstMismatchedPairAreDifferentPeople() throws IOException {
    String[] pair = lfwPairs().stream().filter(p -> p.length == 4).findFirst().orElseThrow();

    Run run = pictor("compare", lfw(pair[0], pair[1]), lfw(pair[2], pair[3]));

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("different people");
  }

  @Test
  void comparePicksTheLargestFaceOfAGroupPhoto() throws Exception {
    Run compare = pictor("compare", "--json", crop("amy", 1), group(4));
    Run embed = pictor("embed", "--json", group(4));

    assertThat(compare.exitCode()).as(compare.err()).isIn(0, 1);
    JsonNode faces = JSON.readTree(compare.out()).get("faces");
    assertThat(faces).hasSize(2);
    assertThat(faces.get(0).get("facesFound").asInt()).isEqualTo(1);
    assertThat(faces.get(1).get("facesFound").asInt()).isEqualTo(6);
    double largest = 0;
    for (JsonNode face : JSON.readTree(embed.out()).get("images").get(0).get("faces")) {
      largest = Math.max(largest, area(face.get("box")));
    }
    assertThat(area(faces.get(1).get("box"))).isCloseTo(largest, within(1e-3));
  }

  @Test
  void aPhotoWithoutAFaceIsAnInputErrorNamingTheFile() {
    Run run = pictor("compare", starryNight(), group(4));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(starryNight()).contains("no face found").contains("--aligned");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingFileIsAnInputErrorNamingTheFile() {
    Path missing = temp.resolve("nobody-here.jpg");

    Run run = pictor("compare", group(1), missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(missing.toString()).contains("no such file");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void compareOfSeveralImagesPrintsASymmetricDistanceMatrix() throws Exception {
    Run run =
        pictor(
            "compare", "--aligned", "--json", crop("amy", 1), crop("amy", 2), crop("sheldon", 1));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("metric").asText()).isEqualTo("EUCLIDEAN");
    assertThat(root.get("threshold").asDouble()).isEqualTo(cardThreshold());
    assertThat(root.has("samePerson")).isFalse();
    assertThat(root.has("faces")).as("no detections for crops").isFalse();
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
  void compareOfAFolderComparesEveryImageUnderItInPathOrder() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("crops"));
    Files.copy(Path.of(crop("sheldon", 1)), folder.resolve("c-sheldon1.png"));
    Files.copy(Path.of(crop("amy", 1)), folder.resolve("a-amy1.png"));
    Path nested = Files.createDirectories(folder.resolve("b"));
    Files.copy(Path.of(crop("amy", 2)), nested.resolve("amy2.png"));
    Files.writeString(folder.resolve("notes.txt"), "not an image");
    Path hidden = Files.createDirectories(folder.resolve(".cache"));
    Files.copy(Path.of(crop("amy", 1)), hidden.resolve("copy.png"));

    Run run = pictor("compare", "--aligned", "--json", folder.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.has("samePerson")).as("a folder gives a matrix, not a verdict").isFalse();
    List<String> files = new ArrayList<>();
    root.get("files").forEach(f -> files.add(f.asText()));
    assertThat(files)
        .containsExactly(
            folder.resolve("a-amy1.png").toString(),
            nested.resolve("amy2.png").toString(),
            folder.resolve("c-sheldon1.png").toString());
    JsonNode d = root.get("distances");
    assertThat(d).hasSize(3);
    assertThat(d.get(0).get(1).asDouble()).isLessThan(d.get(0).get(2).asDouble());
  }

  @Test
  void compareReportsAFolderWithoutImagesAndComparesTheRest() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("empty"));

    Run run = pictor("compare", "--aligned", crop("amy", 1), crop("amy", 2), empty.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(empty + ": no image files").contains("1 of 3 could not be used");
    assertThat(run.out()).isNotEmpty();
  }

  @Test
  void compareOfTwoImagesInJsonCarriesTheVerdict() throws Exception {
    Run run = pictor("compare", "--aligned", "--json", crop("howard", 1), crop("howard", 3));

    JsonNode root = JSON.readTree(run.out());
    boolean same = root.get("samePerson").asBoolean();
    assertThat(run.exitCode()).isEqualTo(same ? 0 : 1);
    assertThat(same)
        .isEqualTo(
            root.get("distances").get(0).get(1).asDouble() <= root.get("threshold").asDouble());
    assertThat(root.get("thresholdSource").asText()).contains("LFW View 1");
  }

  // --- embed ---------------------------------------------------------------------------------

  @Test
  void embedFindsTheSixFacesOfAGroupPhotoWithLandmarksInsideTheirBoxes() throws Exception {
    Run run = pictor("embed", "--json", group(4));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("model").asText()).isEqualTo("face-resnet128");
    assertThat(root.get("detector").asText()).isEqualTo("yunet-s");
    // flip augmentation is the default (docs/ACCURACY.md)
    assertThat(root.get("flip").asBoolean()).isTrue();
    JsonNode image = root.get("images").get(0);
    assertThat(image.get("file").asText()).isEqualTo(group(4));
    JsonNode faces = image.get("faces");
    assertThat(faces).hasSize(6);
    double previousScore = 1;
    for (JsonNode face : faces) {
      JsonNode box = face.get("box");
      double x = box.get("x").asDouble();
      double y = box.get("y").asDouble();
      double w = box.get("width").asDouble();
      double h = box.get("height").asDouble();
      assertThat(w).isPositive();
      assertThat(h).isPositive();
      double score = face.get("score").asDouble();
      assertThat(score).isBetween(0.7, previousScore);
      previousScore = score;
      JsonNode landmarks = face.get("landmarks");
      assertThat(landmarks).hasSize(5);
      for (JsonNode point : landmarks) {
        assertThat(point).hasSize(2);
        assertThat(point.get(0).asDouble()).isBetween(x, x + w);
        assertThat(point.get(1).asDouble()).isBetween(y, y + h);
      }
      // Left and right as seen in the image: the left eye has the smaller x.
      assertThat(landmarks.get(0).get(0).asDouble()).isLessThan(landmarks.get(1).get(0).asDouble());
      double[] embedding = values(face.get("embedding"));
      assertThat(embedding).hasSize(128);
      assertThat(norm(embedding)).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void embedReportsAPhotoWithoutAFaceAndCarriesOn() throws Exception {
    Run text = pictor("embed", starryNight(), group(1));
    Run json = pictor("embed", "--json", starryNight());

    assertThat(text.exitCode()).as(text.err()).isZero();
    List<String> lines = text.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(starryNight() + "  no face");
    assertThat(lines.subList(1, lines.size())).isNotEmpty().allMatch(l -> l.startsWith(group(1)));
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(JSON.readTree(json.out()).get("images").get(0).get("faces")).isEmpty();
  }

  @Test
  void embedTextShowsEachFaceAsInTheJson() throws Exception {
    Run text = pictor("embed", group(1));
    Run json = pictor("embed", "--json", group(1));

    assertThat(text.exitCode()).as(text.err()).isZero();
    JsonNode faces = JSON.readTree(json.out()).get("images").get(0).get("faces");
    List<String> lines = text.out().lines().toList();
    assertThat(lines).hasSize(faces.size());
    String number = "(-?\\d+)";
    Pattern line =
        Pattern.compile(
            Pattern.quote(group(1))
                + "  face (\\d+)  box "
                + String.join(",", number, number, number, number)
                + "  score (\\S+)  landmarks( -?\\d+,-?\\d+){5}"
                + "  face-resnet128  \\[(\\S+), (\\S+), (\\S+), (\\S+), \\.\\.\\.\\] \\(128 values\\)");
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = line.matcher(lines.get(i));
      assertThat(m.matches()).as(lines.get(i)).isTrue();
      JsonNode face = faces.get(i);
      assertThat(Integer.parseInt(m.group(1))).isEqualTo(i + 1);
      assertThat(Double.parseDouble(m.group(2)))
          .isCloseTo(face.get("box").get("x").asDouble(), within(0.5));
      assertThat(Double.parseDouble(m.group(5)))
          .isCloseTo(face.get("box").get("height").asDouble(), within(0.5));
      assertThat(Double.parseDouble(m.group(6)))
          .isCloseTo(face.get("score").asDouble(), within(5e-4));
      double[] full = values(face.get("embedding"));
      for (int v = 0; v < 4; v++) {
        assertThat(Double.parseDouble(m.group(8 + v))).isCloseTo(full[v], within(5e-5));
      }
    }
  }

  @Test
  void embedAlignedHasOneFacePerCropWithoutDetection() throws Exception {
    Run run = pictor("embed", "--aligned", "--json", crop("amy", 1), crop("sheldon", 1));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).as("no progress bar for two images").isEmpty();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("model").asText()).isEqualTo("face-resnet128");
    assertThat(root.has("detector")).isFalse();
    JsonNode images = root.get("images");
    assertThat(images).hasSize(2);
    assertThat(images.get(0).get("file").asText()).isEqualTo(crop("amy", 1));
    assertThat(images.get(1).get("file").asText()).isEqualTo(crop("sheldon", 1));
    double[][] embeddings = new double[2][];
    for (int i = 0; i < 2; i++) {
      JsonNode faces = images.get(i).get("faces");
      assertThat(faces).hasSize(1);
      assertThat(faces.get(0).has("box")).isFalse();
      assertThat(faces.get(0).has("landmarks")).isFalse();
      embeddings[i] = values(faces.get(0).get("embedding"));
      assertThat(embeddings[i]).hasSize(128);
      assertThat(norm(embeddings[i])).isCloseTo(1.0, within(1e-4));
    }
    assertThat(distance(embeddings[0], embeddings[1])).isGreaterThan(cardThreshold());
  }

  @Test
  void embedAlignedTextShowsTheFirstFourValuesOfTheSameEmbedding() throws Exception {
    Run text = pictor("embed", "--aligned", crop("raj", 2));
    Run json = pictor("embed", "--aligned", "--json", crop("raj", 2));

    assertThat(text.exitCode()).as(text.err()).isZero();
    Matcher line =
        Pattern.compile(
                Pattern.quote(crop("raj", 2))
                    + "  face-resnet128  \\[(\\S+), (\\S+), (\\S+), (\\S+), \\.\\.\\.\\]"
                    + " \\(128 values\\)")
            .matcher(text.out().strip());
    assertThat(line.matches()).as(text.out()).isTrue();
    double[] full =
        values(JSON.readTree(json.out()).get("images").get(0).get("faces").get(0).get("embedding"));
    for (int i = 0; i < 4; i++) {
      assertThat(Double.parseDouble(line.group(i + 1))).isCloseTo(full[i], within(5e-5));
    }
  }

  @Test
  void flipAugmentationChangesTheEmbeddingOnlySlightly() throws Exception {
    Run plain = pictor("embed", "--aligned", "--no-flip", "--json", crop("penny", 1));
    Run flipped = pictor("embed", "--aligned", "--flip", "--json", crop("penny", 1));

    assertThat(flipped.exitCode()).as(flipped.err()).isZero();
    JsonNode flippedRoot = JSON.readTree(flipped.out());
    assertThat(flippedRoot.get("flip").asBoolean()).isTrue();
    double[] a = values(JSON.readTree(plain.out()).at("/images/0/faces/0/embedding"));
    double[] b = values(flippedRoot.at("/images/0/faces/0/embedding"));
    assertThat(norm(b)).isCloseTo(1.0, within(1e-4));
    assertThat(distance(a, b)).isGreaterThan(1e-3).isLessThan(cardThreshold());
    assertThat(JSON.readTree(plain.out()).get("flip").asBoolean()).isFalse();
    // Without either option, flip augmentation is on (the default chosen in docs/ACCURACY.md).
    JsonNode byDefault =
        JSON.readTree(pictor("embed", "--aligned", "--json", crop("penny", 1)).out());
    assertThat(distance(values(byDefault.at("/images/0/faces/0/embedding")), b)).isLessThan(1e-6);
    Run both = pictor("embed", "--aligned", "--flip", "--no-flip", crop("penny", 1));
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("not both");
  }

  @Test
  void manyImagesInALogGetOneProgressLineWithoutCarriageReturns() throws Exception {
    Run run = pictor(embedFortyCrops());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(40);
    // stderr is not a terminal: no redrawn frames; a line per tenth at most (when 10 s have
    // passed since the last one), and the summary
    assertThat(run.err()).doesNotContain("\r");
    assertThat(run.err().lines()).hasSizeBetween(1, 10).allMatch(l -> l.startsWith("encoding "));
    assertThat(run.err().lines().toList())
        .last()
        .asString()
        .startsWith("encoding 40/40 in ")
        .endsWith("/s)");
  }

  @Test
  void onATerminalTheProgressBarIsRedrawnWithRateAndEta() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        PictorCli.execute(
            PictorCli.newCommandLine(out, err, Progress.Style.REDRAWN), embedFortyCrops());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines()).hasSize(40);
    assertThat(err.toString())
        .startsWith("\rencoding [")
        .contains("/40  ")
        .contains("/s  ETA ")
        .containsPattern("\\] 40/40  [0-9.e+]+/s *\\n$");
  }

  /** {@code embed --aligned} of the 40 crops of the people folder. */
  private static String[] embedFortyCrops() throws IOException {
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(people())) {
      files.filter(f -> f.toString().endsWith(".png")).sorted().forEach(f -> all.add(f.toString()));
    }
    assertThat(all).hasSize(40);
    List<String> args = new ArrayList<>(List.of("embed", "--aligned"));
    args.addAll(all);
    return args.toArray(String[]::new);
  }

  @Test
  void embedExpandsFoldersRecursivelyInSortedOrderSkippingHiddenAndOtherFiles() throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    // Sorted by path: a/amy1.png before a/deep/...
    Path first = copy(Path.of(crop("amy", 1)), in.resolve("a"));
    Path second = copy(Cli.lfw("Abdullah_Gul", 13), in.resolve("a/deep"));
    Path third = copy(Cli.lfw("Abdullah_Gul", 14), in.resolve("b"));
    Path broken = Files.writeString(in.resolve("broken.jpg"), "not a JPEG");
    Files.writeString(in.resolve("notes.txt"), "not an image");
    copy(Cli.lfw("Abdullah_Gul", 13), in.resolve(".hidden"));
    Files.copy(first, in.resolve(".also-hidden.png"));
    // A link back up: walked once, not forever.
    Files.createSymbolicLink(in.resolve("a/deep/loop"), in);
    Path empty = Files.createDirectories(temp.resolve("empty"));
    String single = crop("penny", 1);

    Run run = pictor("embed", "--json", single, in.toString(), empty.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    List<String> files = new ArrayList<>();
    JSON.readTree(run.out()).get("images").forEach(i -> files.add(i.get("file").asText()));
    assertThat(files)
        .containsExactly(
            single, first.toString(), second.toString(), third.toString(), broken.toString());
    assertThat(run.err())
        .contains("pictor: skipped " + empty + ": no image files (.jpg, .jpeg, .png) in the folder")
        .contains("pictor: skipped " + broken)
        .contains("some inputs failed: 2 of 6 could not be used")
        .doesNotContain("Is a directory");
  }

  @Test
  void embedOfAFolderOfGoodImagesExitsZero() throws Exception {
    Path in = Files.createDirectories(temp.resolve("crops"));
    Path b = copy(Path.of(crop("penny", 1)), in.resolve("z"));
    Path a = copy(Path.of(crop("amy", 1)), in);

    Run run = pictor("embed", "--aligned", in.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).hasSize(2);
    assertThat(run.out().lines().toList().get(0)).startsWith(a.toString());
    assertThat(run.out().lines().toList().get(1)).startsWith(b.toString());
  }

  /** Copies {@code file} into {@code folder} (created if need be), keeping its name. */
  private static Path copy(Path file, Path folder) throws IOException {
    Files.createDirectories(folder);
    return Files.copy(file, folder.resolve(file.getFileName()));
  }

  @Test
  void aTruncatedImageIsAnInputErrorNamingTheFile() throws Exception {
    byte[] png = Files.readAllBytes(Path.of(crop("penny", 1)));
    Path cut = Files.write(temp.resolve("penny-cut.png"), Arrays.copyOf(png, png.length / 2));

    Run run = pictor("embed", cut.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("penny-cut.png");
  }

  // --- models, usage, help -------------------------------------------------------------------

  @Test
  void modelsListsThePackagedCards() throws Exception {
    Run run = pictor("models");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("face-resnet128 (version ")
        .contains("input      150x150 RGB")
        .contains("metric     EUCLIDEAN")
        .contains("threshold  " + cardThreshold() + " (accuracy-optimal")
        .contains("license    MIT")
        .contains("source     @vladmandic/face-api@1.7.15");
  }

  @Test
  void modelsShowsPerKindOnlyTheFieldsThatMeanSomethingAndTheStyles() throws Exception {
    Run run = pictor("models");
    Run json = pictor("models", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .doesNotContain("0 values")
        .doesNotContain("null")
        .contains("yunet-s (version ")
        .contains("  kind       detector")
        .containsPattern("  score      0\\.[0-9]+ \\(minimum face score")
        .contains("face-landmark68 (version ")
        .contains("  kind       landmarker")
        .contains("vgg19-tfjs (version ")
        .contains("  kind       loss network (stylize --style")
        .contains("udnie (version ")
        .contains("  kind       style (stylize --model udnie)")
        .contains("  painting   ");
    String landmarker = section(run.out(), "face-landmark68");
    assertThat(landmarker).doesNotContain("threshold").doesNotContain("embedding");
    assertThat(json.exitCode()).as(json.err()).isZero();
    Map<String, JsonNode> models = new HashMap<>();
    JSON.readTree(json.out()).get("models").forEach(m -> models.put(m.get("id").asText(), m));
    assertThat(models.get("face-resnet128").get("kind").asText()).isEqualTo("encoder");
    assertThat(models.get("face-resnet128").get("embeddingSize").asInt()).isEqualTo(128);
    assertThat(models.get("face-resnet128").get("threshold").asDouble()).isEqualTo(cardThreshold());
    assertThat(models.get("yunet-s").get("kind").asText()).isEqualTo("detector");
    assertThat(models.get("yunet-s").has("scoreThreshold")).isTrue();
    assertThat(models.get("yunet-s").has("metric")).isFalse();
    assertThat(models.get("face-landmark68").get("kind").asText()).isEqualTo("landmarker");
    assertThat(models.get("face-landmark68").has("threshold")).isFalse();
    assertThat(models.get("vgg19-tfjs").get("kind").asText()).isEqualTo("loss-network");
    assertThat(models.get("fast-style-udnie").get("kind").asText()).isEqualTo("style");
    assertThat(models.get("fast-style-udnie").get("style").asText()).isEqualTo("udnie");
  }

  /** The lines of one model in {@code pictor models}: its heading and its indented fields. */
  private static String section(String listing, String id) {
    int start = listing.indexOf(id + " (version ");
    assertThat(start).as(id).isNotNegative();
    int end = listing.indexOf("\n", start);
    while (end >= 0 && end + 1 < listing.length() && listing.charAt(end + 1) == ' ') {
      end = listing.indexOf("\n", end + 1);
    }
    return listing.substring(start, end < 0 ? listing.length() : end);
  }

  @Test
  void usageErrorsExitWith2() {
    Run oneImage = pictor("compare", crop("amy", 1));
    Run badDevice = pictor("embed", "--device", "gpu", crop("amy", 1));
    Run badThreshold = pictor("compare", "--threshold", "-1", crop("amy", 1), crop("amy", 2));
    Run badScore = pictor("embed", "--threshold-score", "1.5", group(1));
    Run badMinFace = pictor("compare", "--min-face", "-3", group(1), group(2));
    Run scoreOfCrops = pictor("embed", "--aligned", "--threshold-score", "0.5", crop("amy", 1));
    Run noCommand = pictor();

    assertThat(oneImage.exitCode()).isEqualTo(2);
    assertThat(oneImage.err()).contains("IMAGE");
    assertThat(badDevice.exitCode()).isEqualTo(2);
    assertThat(badDevice.err()).contains("'gpu' is not a device");
    assertThat(badThreshold.exitCode()).isEqualTo(2);
    assertThat(badThreshold.err()).contains("--threshold must be a finite number >= 0");
    assertThat(badScore.exitCode()).isEqualTo(2);
    assertThat(badScore.err()).contains("--threshold-score must be within 0..1, was 1.5");
    assertThat(badScore.out()).isEmpty();
    assertThat(badMinFace.exitCode()).isEqualTo(2);
    assertThat(badMinFace.err()).contains("--min-face must be a number of pixels >= 0");
    assertThat(scoreOfCrops.exitCode()).isEqualTo(2);
    assertThat(scoreOfCrops.err()).contains("with --aligned nothing is detected");
    assertThat(noCommand.exitCode()).isEqualTo(2);
    assertThat(noCommand.err()).contains("Missing subcommand");
  }

  @Test
  void helpAndVersion() {
    Run help = pictor("--help");
    Run compareHelp = pictor("help", "compare");
    Run embedHelp = pictor("embed", "--help");
    Run version = pictor("--version");
    Run embedVersion = pictor("embed", "--version");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("photos").contains("--aligned").contains("Exit codes:");
    for (String command :
        List.of("embed", "compare", "verify", "enroll", "identify", "gallery", "evaluate")) {
      assertThat(help.out()).containsPattern("\\n  " + command + " +[A-Z]");
    }
    assertThat(compareHelp.exitCode()).isZero();
    assertThat(compareHelp.out())
        .contains("--threshold=T")
        .contains("different people")
        .contains("largest box")
        .contains("--aligned")
        .contains("--flip");
    assertThat(embedHelp.exitCode()).isZero();
    assertThat(embedHelp.out()).contains("export embeddings").contains("\"landmarks\"");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("pictor 0.1.0");
    assertThat(embedVersion.exitCode()).isZero();
    assertThat(embedVersion.out()).isEqualTo(version.out());
  }

  // --- helpers -------------------------------------------------------------------------------

  private static List<String[]> lfwPairs() throws IOException {
    return Cli.lfwPairs("pairsDevTest.txt");
  }

  private static String lfw(String name, String number) {
    return Cli.lfw(name, Integer.parseInt(number)).toString();
  }

  private static double area(JsonNode box) {
    return box.get("width").asDouble() * box.get("height").asDouble();
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

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
