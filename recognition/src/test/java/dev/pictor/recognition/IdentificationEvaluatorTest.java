package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentificationEvaluatorTest {

  private static final double EPS = 1e-9;

  /** A point on the unit circle at {@code degrees}. */
  private static FaceEmbedding at(double degrees) {
    double radians = Math.toRadians(degrees);
    return FaceEmbedding.normalised(
        "test-model", new float[] {(float) Math.cos(radians), (float) Math.sin(radians)});
  }

  /** Euclidean distance between two points of the unit circle {@code degrees} apart. */
  private static double chord(double degrees) {
    return 2 * Math.sin(Math.toRadians(degrees) / 2);
  }

  /**
   * Gallery (first image of each person with two or more): Alice 0, Bob 60, Carol 180 degrees;
   * Dan's first image has no embedding. Genuine probes: Alice 5 (right, 5 away), Alice 40 (nearer
   * Bob: wrong), Bob 100 (right, 40 away), Carol 195 (right, 15 away), Carol without embedding
   * (miss). Impostors: Eve 95 (Bob, 35 away), Frank 280 (Alice, 80 away), Gina without embedding.
   */
  private static final Map<String, Double> ANGLES = new HashMap<>();

  static {
    ANGLES.put("Alice/1.jpg", 0.0);
    ANGLES.put("Alice/2.jpg", 5.0);
    ANGLES.put("Alice/3.jpg", 40.0);
    ANGLES.put("Bob/1.jpg", 60.0);
    ANGLES.put("Bob/2.jpg", 100.0);
    ANGLES.put("Carol/1.jpg", 180.0);
    ANGLES.put("Carol/2.jpg", 195.0);
    ANGLES.put("Dan/2.jpg", 0.0);
    ANGLES.put("Eve/1.jpg", 95.0);
    ANGLES.put("Frank/1.jpg", 280.0);
  }

  private static Map<String, List<String>> people() {
    // Deliberately unsorted: the evaluator sorts.
    Map<String, List<String>> people = new LinkedHashMap<>();
    people.put("Frank", List.of("Frank/1.jpg"));
    people.put("Alice", List.of("Alice/3.jpg", "Alice/1.jpg", "Alice/2.jpg"));
    people.put("Carol", List.of("Carol/3.jpg", "Carol/2.jpg", "Carol/1.jpg"));
    people.put("Bob", List.of("Bob/2.jpg", "Bob/1.jpg"));
    people.put("Dan", List.of("Dan/1.jpg", "Dan/2.jpg"));
    people.put("Eve", List.of("Eve/1.jpg"));
    people.put("Gina", List.of("Gina/1.jpg"));
    return people;
  }

  private static Function<String, Optional<FaceEmbedding>> embeddings(List<String> asked) {
    return image -> {
      asked.add(image);
      return Optional.ofNullable(ANGLES.get(image)).map(IdentificationEvaluatorTest::at);
    };
  }

  @Test
  void countsAndRankOneAccuracy() {
    List<String> asked = new ArrayList<>();

    IdentificationEvaluator.Result result =
        IdentificationEvaluator.evaluate(people(), embeddings(asked), DistanceMetric.EUCLIDEAN);

    assertThat(result.galleryPeople()).isEqualTo(3);
    assertThat(result.genuineProbes()).isEqualTo(5);
    assertThat(result.impostorProbes()).isEqualTo(2);
    assertThat(result.rank1Accuracy()).isCloseTo(3 / 5.0, within(EPS));
    assertThat(result.failures()).containsExactly("Carol/3.jpg", "Dan/1.jpg", "Gina/1.jpg");
    assertThat(result.skippedPeople()).containsExactly("Dan");
    assertThat(asked)
        .as("a skipped person's other images are not probes")
        .doesNotContain("Dan/2.jpg");
    assertThat(result.metric()).isEqualTo(DistanceMetric.EUCLIDEAN);
  }

  @Test
  void onePercentOfTwoImpostorsMeansAcceptingNone() {
    IdentificationEvaluator.Result result =
        IdentificationEvaluator.evaluate(
            people(), embeddings(new ArrayList<>()), DistanceMetric.EUCLIDEAN);

    // Eve (35 degrees) must be rejected; the largest observed distance below hers is Alice's
    // misidentified probe at 20 degrees. Bob's probe (40) is then out: 2 of 5 detected.
    assertThat(result.targetFalseAcceptRate()).isEqualTo(0.01);
    assertThat(result.threshold()).isPresent();
    assertThat(result.threshold().getAsDouble()).isCloseTo(chord(20), within(1e-6));
    assertThat(result.threshold().getAsDouble()).isLessThan(chord(35) - 1e-6);
    assertThat(result.falseAcceptRate().getAsDouble()).isZero();
    assertThat(result.detectionAndIdentificationRate().getAsDouble())
        .isCloseTo(2 / 5.0, within(EPS));
  }

  @Test
  void halfOfTheImpostorsAccepted() {
    IdentificationEvaluator.Result result =
        IdentificationEvaluator.evaluate(
            people(), embeddings(new ArrayList<>()), DistanceMetric.EUCLIDEAN, 0.5);

    // Eve may be accepted, Frank (80) may not: the largest distance below 80 is Bob's probe (40).
    assertThat(result.threshold().getAsDouble()).isCloseTo(chord(40), within(1e-6));
    assertThat(result.falseAcceptRate().getAsDouble()).isCloseTo(0.5, within(EPS));
    assertThat(result.detectionAndIdentificationRate().getAsDouble())
        .isCloseTo(3 / 5.0, within(EPS));
  }

  @Test
  void acceptingEveryImpostor() {
    IdentificationEvaluator.Result result =
        IdentificationEvaluator.evaluate(
            people(), embeddings(new ArrayList<>()), DistanceMetric.EUCLIDEAN, 1.0);

    assertThat(result.threshold().getAsDouble()).isCloseTo(chord(80), within(1e-6));
    assertThat(result.falseAcceptRate().getAsDouble()).isEqualTo(1.0);
    assertThat(result.detectionAndIdentificationRate().getAsDouble())
        .isCloseTo(3 / 5.0, within(EPS));
  }

  @Test
  void withoutImpostorsThereIsNoThreshold() {
    Map<String, List<String>> people = new HashMap<>(people());
    people.keySet().removeAll(List.of("Eve", "Frank", "Gina"));

    IdentificationEvaluator.Result result =
        IdentificationEvaluator.evaluate(
            people, embeddings(new ArrayList<>()), DistanceMetric.EUCLIDEAN);

    assertThat(result.impostorProbes()).isZero();
    assertThat(result.threshold()).isEmpty();
    assertThat(result.falseAcceptRate()).isEmpty();
    assertThat(result.detectionAndIdentificationRate()).isEmpty();
    assertThat(result.rank1Accuracy()).isCloseTo(3 / 5.0, within(EPS));
  }

  @Test
  void nobodyToEnrollIsRejected() {
    Map<String, List<String>> singles = Map.of("Eve", List.of("Eve/1.jpg"));

    assertThatThrownBy(
            () ->
                IdentificationEvaluator.evaluate(
                    singles, embeddings(new ArrayList<>()), DistanceMetric.EUCLIDEAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no person has two or more images");
  }

  @Test
  void targetOutsideTheUnitIntervalIsRejected() {
    assertThatThrownBy(
            () ->
                IdentificationEvaluator.evaluate(
                    people(), embeddings(new ArrayList<>()), DistanceMetric.EUCLIDEAN, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
  }

  @Test
  void listsOneFolderPerPersonWithSortedImages(@TempDir Path root) throws IOException {
    Path alice = Files.createDirectories(root.resolve("Alice"));
    Files.createFile(alice.resolve("b.jpg"));
    Files.createFile(alice.resolve("a.PNG"));
    Files.createFile(alice.resolve("notes.txt"));
    Files.createFile(alice.resolve(".hidden.jpg"));
    Path bob = Files.createDirectories(root.resolve("Bob"));
    Files.createFile(bob.resolve("x.jpeg"));
    Files.createDirectories(root.resolve("Empty"));
    Files.createDirectories(root.resolve(".cache"));
    Files.createFile(root.resolve("loose.jpg"));

    SortedMap<String, List<String>> people = IdentificationEvaluator.listPeople(root);

    assertThat(people).containsOnlyKeys("Alice", "Bob");
    assertThat(people.get("Alice")).containsExactly("Alice/a.PNG", "Alice/b.jpg");
    assertThat(people.get("Bob")).containsExactly("Bob/x.jpeg");
    assertThatThrownBy(() -> people.put("Carol", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void imageNamesAreTheExtensionsListPeopleTakesInAnyCaseAndNotHidden() {
    assertThat(IdentificationEvaluator.isImageName(Path.of("a/b.JPG"))).isTrue();
    assertThat(IdentificationEvaluator.isImageName(Path.of("b.jpeg"))).isTrue();
    assertThat(IdentificationEvaluator.isImageName(Path.of("c.Png"))).isTrue();
    assertThat(IdentificationEvaluator.isImageName(Path.of("a/.b.jpg"))).isFalse();
    assertThat(IdentificationEvaluator.isImageName(Path.of("notes.txt"))).isFalse();
    assertThat(IdentificationEvaluator.isImageName(Path.of("jpg"))).isFalse();
    assertThat(IdentificationEvaluator.isImageName(Path.of("/"))).isFalse();
  }

  @Test
  void listingAMissingFolderNamesIt(@TempDir Path root) {
    Path missing = root.resolve("nowhere");

    assertThatThrownBy(() -> IdentificationEvaluator.listPeople(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nowhere");
  }
}
