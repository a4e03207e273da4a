package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwProtocolTest {

  private static final String MODEL = "test-model";
  private static final double EPS = 1e-12;

  @TempDir Path dir;

  /** A point on the unit circle at {@code angle} radians. */
  private static FaceEmbedding at(double angle) {
    return FaceEmbedding.normalised(
        MODEL, new float[] {(float) Math.cos(angle), (float) Math.sin(angle)});
  }

  private static double distance(double angleA, double angleB) {
    return at(angleA).distanceTo(at(angleB), DistanceMetric.EUCLIDEAN);
  }

  /**
   * A 10-fold file of 3 matched and 3 mismatched pairs per fold, every pair with its own people.
   * Fills {@code angles} with the embedding angle of each image: matched pairs are 0.1 rad apart,
   * mismatched 2.0 rad, except for a hard matched pair in fold 2 (1.0 rad) and a hard mismatched
   * pair in fold 6 (0.05 rad). The second image of matched pair 1 in fold 4 has no embedding.
   */
  private Path tenFolds(Map<String, Double> angles) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("10\t3");
    for (int fold = 0; fold < 10; fold++) {
      for (int k = 0; k < 3; k++) {
        String name = "Same_" + fold + "_" + k;
        lines.add(name + "\t1\t2");
        angles.put(name + "/" + name + "_0001.jpg", 0.0);
        if (!(fold == 4 && k == 1)) {
          angles.put(name + "/" + name + "_0002.jpg", fold == 2 && k == 0 ? 1.0 : 0.1);
        }
      }
      for (int k = 0; k < 3; k++) {
        String first = "First_" + fold + "_" + k;
        String second = "Second_" + fold + "_" + k;
        lines.add(first + "\t1\t" + second + "\t1");
        angles.put(first + "/" + first + "_0001.jpg", 0.0);
        angles.put(second + "/" + second + "_0001.jpg", fold == 6 && k == 0 ? 0.05 : 2.0);
      }
    }
    Path file = dir.resolve("pairs.txt");
    Files.write(file, lines);
    return file;
  }

  private static Function<String, Optional<FaceEmbedding>> embeddings(Map<String, Double> angles) {
    return image -> Optional.ofNullable(angles.get(image)).map(LfwProtocolTest::at);
  }

  @Test
  void tenFoldCrossValidationHasTheHandComputedAnswer() throws IOException {
    Map<String, Double> angles = new HashMap<>();
    LfwPairs pairs = LfwPairs.read(tenFolds(angles));

    LfwProtocol.Result result =
        LfwProtocol.evaluate(pairs, null, embeddings(angles), DistanceMetric.EUCLIDEAN);

    // Folds 2 (hard matched pair rejected), 4 (failure) and 6 (hard mismatched pair accepted)
    // each get 5 of 6 right, the others 6 of 6.
    double five = 5 / 6.0;
    double[] expected = {1, 1, five, 1, five, 1, five, 1, 1, 1};
    assertThat(result.foldAccuracies()).hasSize(10);
    for (int fold = 0; fold < 10; fold++) {
      assertThat(result.foldAccuracies().get(fold))
          .as("fold %d", fold)
          .isCloseTo(expected[fold], within(EPS));
    }
    assertThat(result.accuracy()).isCloseTo(0.95, within(EPS));
    // Sample standard deviation: sqrt((7 * 0.05^2 + 3 * (0.95 - 5/6)^2) / 9).
    assertThat(result.std()).isCloseTo(0.0805076485899413, within(1e-12));

    // Fold 2 trains without the hard matched pair: cut between 0.1 and 2.0 rad. Every other fold
    // sees it and cuts between 1.0 and 2.0 rad (fold 6 perfectly, the others with one error).
    double wide = (distance(0, 1.0) + distance(0, 2.0)) / 2;
    double narrow = (distance(0, 0.1) + distance(0, 2.0)) / 2;
    assertThat(result.foldThresholds().get(2)).isCloseTo(narrow, within(EPS));
    for (int fold : new int[] {0, 1, 3, 4, 5, 6, 7, 8, 9}) {
      assertThat(result.foldThresholds().get(fold))
          .as("fold %d", fold)
          .isCloseTo(wide, within(EPS));
    }
    assertThat(result.threshold()).isCloseTo((9 * wide + narrow) / 10, within(EPS));

    // Pooled over the 59 scored pairs: 29 same, 30 different; the 0.05 rad different pair is
    // closer than every same pair, all other different pairs are farther.
    assertThat(result.calibration().sameCount()).isEqualTo(29);
    assertThat(result.calibration().differentCount()).isEqualTo(30);
    assertThat(result.auc()).isCloseTo(29 / 30.0, within(EPS));
    assertThat(result.eer()).isCloseTo(1 / 30.0, within(EPS));

    assertThat(result.pairs()).isEqualTo(60);
    assertThat(result.failures())
        .containsExactly(
            new LfwPairs.Pair(
                "Same_4_1/Same_4_1_0001.jpg",
                "Same_4_1/Same_4_1_0002.jpg",
                true,
                4,
                2 + 4 * 6 + 1));
    assertThat(result.imagesWithoutEmbedding()).containsExactly("Same_4_1/Same_4_1_0002.jpg");
    assertThat(result.metric()).isEqualTo(DistanceMetric.EUCLIDEAN);
  }

  @Test
  void asksForEachImageOnce() throws IOException {
    Map<String, Double> angles = new HashMap<>();
    LfwPairs pairs = LfwPairs.read(tenFolds(angles));
    Map<String, Integer> calls = new HashMap<>();
    Function<String, Optional<FaceEmbedding>> counting =
        image -> {
          calls.merge(image, 1, Integer::sum);
          return embeddings(angles).apply(image);
        };

    LfwProtocol.evaluate(pairs, null, counting, DistanceMetric.EUCLIDEAN);

    assertThat(calls).hasSize(120).allSatisfy((image, count) -> assertThat(count).isEqualTo(1));
  }

  @Test
  void trainTestSplitTakesTheThresholdFromTheTrainPairs() throws IOException {
    Map<String, Double> angles = new HashMap<>();
    // Train: matched 0.1 and 0.3 rad, mismatched 1.0 and 2.0 rad: cut between 0.3 and 1.0.
    Path train =
        singleSet("train.txt", "T", new double[] {0.1, 0.3}, new double[] {1.0, 2.0}, angles);
    // Test: matched 0.2 (right) and 0.8 rad (rejected: wrong), mismatched 0.5 (accepted: wrong)
    // and 1.5 rad (right).
    Path test =
        singleSet("test.txt", "E", new double[] {0.2, 0.8}, new double[] {0.5, 1.5}, angles);

    LfwProtocol.Result result =
        LfwProtocol.evaluate(
            LfwPairs.read(test),
            LfwPairs.read(train),
            embeddings(angles),
            DistanceMetric.EUCLIDEAN);

    assertThat(result.threshold())
        .isCloseTo((distance(0, 0.3) + distance(0, 1.0)) / 2, within(EPS));
    assertThat(result.accuracy()).isCloseTo(0.5, within(EPS));
    assertThat(result.std()).isZero();
    assertThat(result.foldAccuracies()).hasSize(1);
    assertThat(result.pairs()).isEqualTo(4);
    // Test distances: same {0.2, 0.8}, different {0.5, 1.5}: 0.2 beats both, 0.8 beats 1.5.
    assertThat(result.auc()).isCloseTo(3 / 4.0, within(EPS));
    assertThat(result.failures()).isEmpty();
  }

  private Path singleSet(
      String file, String prefix, double[] same, double[] different, Map<String, Double> angles)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(String.valueOf(same.length));
    for (int k = 0; k < same.length; k++) {
      String name = prefix + "_Same_" + k;
      lines.add(name + " 1 2");
      angles.put(name + "/" + name + "_0001.jpg", 0.0);
      angles.put(name + "/" + name + "_0002.jpg", same[k]);
    }
    for (int k = 0; k < different.length; k++) {
      String first = prefix + "_First_" + k;
      String second = prefix + "_Second_" + k;
      lines.add(first + " 1 " + second + " 1");
      angles.put(first + "/" + first + "_0001.jpg", 0.0);
      angles.put(second + "/" + second + "_0001.jpg", different[k]);
    }
    Path path = dir.resolve(file);
    Files.write(path, lines);
    return path;
  }

  /**
   * A synthetic encoder for the real View 1 pairs: each person has a random direction in 64
   * dimensions and each image adds a little noise to it, so same-person pairs are always closer.
   */
  private static Optional<FaceEmbedding> synthetic(String image) {
    String person = image.substring(0, image.indexOf('/'));
    Random personRandom = new Random(person.hashCode());
    Random imageRandom = new Random(image.hashCode());
    float[] values = new float[64];
    for (int k = 0; k < values.length; k++) {
      values[k] = (float) (personRandom.nextGaussian() / 8 + imageRandom.nextGaussian() * 0.03);
    }
    return Optional.of(FaceEmbedding.normalised(MODEL, values));
  }

  @Test
  void realViewOneFilesWithSeparableEmbeddings() throws IOException {
    Path view = LfwPairsTest.viewOne();
    LfwPairs train = LfwPairs.read(view.resolve("pairsDevTrain.txt"));
    LfwPairs test = LfwPairs.read(view.resolve("pairsDevTest.txt"));
    String missing = "Abdullah_Gul/Abdullah_Gul_0013.jpg";
    long failing =
        test.pairs().stream()
            .filter(p -> p.firstImage().equals(missing) || p.secondImage().equals(missing))
            .count();

    LfwProtocol.Result result =
        LfwProtocol.evaluate(
            test,
            train,
            image -> image.equals(missing) ? Optional.empty() : synthetic(image),
            DistanceMetric.COSINE);

    assertThat(failing).isPositive();
    assertThat(result.pairs()).isEqualTo(1000);
    assertThat(result.failures()).hasSize((int) failing);
    assertThat(result.imagesWithoutEmbedding()).containsExactly(missing);
    assertThat(result.accuracy()).isCloseTo(1.0 - failing / 1000.0, within(EPS));
    assertThat(result.auc()).isEqualTo(1.0);
    assertThat(result.eer()).isZero();
    assertThat(result.metric()).isEqualTo(DistanceMetric.COSINE);
  }

  @Test
  void singleSetWithoutTrainPairsIsRejected() throws IOException {
    Map<String, Double> angles = new HashMap<>();
    LfwPairs test =
        LfwPairs.read(singleSet("test.txt", "E", new double[] {0.1}, new double[] {2.0}, angles));

    assertThatThrownBy(
            () -> LfwProtocol.evaluate(test, null, embeddings(angles), DistanceMetric.EUCLIDEAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.txt")
        .hasMessageContaining("a train pairs file");
  }

  @Test
  void tenFoldsWithTrainPairsIsRejected() throws IOException {
    Map<String, Double> angles = new HashMap<>();
    LfwPairs folds = LfwPairs.read(tenFolds(angles));
    LfwPairs train =
        LfwPairs.read(singleSet("train.txt", "T", new double[] {0.1}, new double[] {2.0}, angles));

    assertThatThrownBy(
            () -> LfwProtocol.evaluate(folds, train, embeddings(angles), DistanceMetric.EUCLIDEAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10 folds")
        .hasMessageContaining("train.txt");
  }

  @Test
  void trainPairsWithoutAnyScorableSamePairAreReported() throws IOException {
    Map<String, Double> angles = new HashMap<>();
    Path train = singleSet("train.txt", "T", new double[] {0.1}, new double[] {2.0}, angles);
    Path test = singleSet("test.txt", "E", new double[] {0.1}, new double[] {2.0}, angles);
    angles.remove("T_Same_0/T_Same_0_0002.jpg");

    assertThatThrownBy(
            () ->
                LfwProtocol.evaluate(
                    LfwPairs.read(test),
                    LfwPairs.read(train),
                    embeddings(angles),
                    DistanceMetric.EUCLIDEAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("train.txt")
        .hasMessageContaining("0 same");
  }

  @Test
  void anEmbeddingFunctionReturningNullIsAProgrammingError() throws IOException {
    Map<String, Double> angles = new HashMap<>();
    LfwPairs folds = LfwPairs.read(tenFolds(angles));

    assertThatThrownBy(
            () -> LfwProtocol.evaluate(folds, null, image -> null, DistanceMetric.COSINE))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("Optional.empty()");
  }

  /** A single-set file of matched people {@code M<k>} and mismatched people {@code X<k> Y<k>}. */
  private Path poolFile(String file, int[] matched, int[] mismatched) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(String.valueOf(matched.length));
    for (int k : matched) {
      lines.add("M" + k + "\t1\t2");
    }
    for (int k : mismatched) {
      lines.add("X" + k + "\t1\tY" + k + "\t1");
    }
    Path path = dir.resolve(file);
    Files.write(path, lines);
    return path;
  }

  private static Map<String, Double> poolAngles(double hardMatched) {
    Map<String, Double> angles = new HashMap<>();
    for (int k = 1; k <= 4; k++) {
      angles.put("M" + k + "/M" + k + "_0001.jpg", 0.0);
      angles.put("M" + k + "/M" + k + "_0002.jpg", k == 3 ? hardMatched : 0.1);
      angles.put("X" + k + "/X" + k + "_0001.jpg", 0.0);
      angles.put("Y" + k + "/Y" + k + "_0001.jpg", k == 2 ? 0.05 : 2.0);
    }
    return angles;
  }

  @Test
  void crossValidationPoolsFilesIntoIdentityDisjointFolds() throws IOException {
    LfwPairs a = LfwPairs.read(poolFile("a.txt", new int[] {1, 2}, new int[] {1, 2}));
    LfwPairs b = LfwPairs.read(poolFile("b.txt", new int[] {3, 4}, new int[] {3, 4}));

    LfwProtocol.Result hard =
        LfwProtocol.crossValidate(
            List.of(a, b), 2, embeddings(poolAngles(1.0)), DistanceMetric.EUCLIDEAN);

    // Eight one-pair groups dealt by first name M1 M2 M3 M4 X1 X2 X3 X4 into folds 0 1 0 1 ...
    assertThat(hard.outcomes()).hasSize(8);
    // In pooled order (M1 M2 X1 X2 from a.txt, then M3 M4 X3 X4 from b.txt):
    assertThat(hard.outcomes().stream().mapToInt(LfwProtocol.Outcome::fold).toArray())
        .containsExactly(0, 1, 0, 1, 0, 1, 0, 1);
    assertThat(hard.outcomes().get(0).source()).isEqualTo(a.source());
    assertThat(hard.outcomes().get(4).source()).isEqualTo(b.source());
    // Fold 0 (M1 M3 X1 X3) takes its threshold from fold 1 (M2 M4 at 0.1, X2 at 0.05, X4 at 2.0):
    // midway between 0.1 and 2.0 rad, which rejects the hard M3 (1.0 rad). Fold 1 takes it from
    // fold 0: midway between 1.0 and 2.0 rad, which accepts the hard X2 (0.05 rad).
    assertThat(hard.foldThresholds().get(0))
        .isCloseTo((distance(0, 0.1) + distance(0, 2.0)) / 2, within(EPS));
    assertThat(hard.foldThresholds().get(1))
        .isCloseTo((distance(0, 1.0) + distance(0, 2.0)) / 2, within(EPS));
    assertThat(hard.foldAccuracies()).containsExactly(0.75, 0.75);
    assertThat(hard.accuracy()).isCloseTo(0.75, within(EPS));
    assertThat(hard.std()).isZero();
    assertThat(hard.outcomes().get(4).correct()).isFalse(); // M3
    assertThat(hard.outcomes().get(3).correct()).isFalse(); // X2
    assertThat(hard.outcomes().get(3).distance()).isCloseTo(distance(0, 0.05), within(EPS));

    LfwProtocol.Result easy =
        LfwProtocol.crossValidate(
            List.of(a, b), 2, embeddings(poolAngles(0.1)), DistanceMetric.EUCLIDEAN);
    PairedComparison comparison = LfwProtocol.compare(hard, easy);

    assertThat(easy.foldAccuracies()).containsExactly(1.0, 0.75);
    assertThat(comparison.onlyFirstRight()).isZero();
    assertThat(comparison.onlySecondRight()).isEqualTo(1);
    assertThat(comparison.bothRight()).isEqualTo(6);
    assertThat(comparison.bothWrong()).isEqualTo(1);
    assertThat(comparison.mcNemarP()).isEqualTo(1.0);
  }

  @Test
  void comparingResultsOnDifferentPairsIsRejected() throws IOException {
    LfwPairs a = LfwPairs.read(poolFile("a.txt", new int[] {1, 2}, new int[] {1, 2}));
    LfwPairs b = LfwPairs.read(poolFile("b.txt", new int[] {3, 4}, new int[] {3, 4}));
    Function<String, Optional<FaceEmbedding>> angles = embeddings(poolAngles(0.1));

    LfwProtocol.Result both =
        LfwProtocol.crossValidate(List.of(a, b), 2, angles, DistanceMetric.EUCLIDEAN);
    LfwProtocol.Result swapped =
        LfwProtocol.crossValidate(List.of(b, a), 2, angles, DistanceMetric.EUCLIDEAN);
    LfwProtocol.Result onlyA =
        LfwProtocol.crossValidate(List.of(a), 2, angles, DistanceMetric.EUCLIDEAN);

    assertThatThrownBy(() -> LfwProtocol.compare(both, swapped))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ at pair 1");
    assertThatThrownBy(() -> LfwProtocol.compare(both, onlyA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 and 4 pairs");
  }

  @Test
  void crossValidationOfRealViewOneHasTenFoldsAndCountsFailures() throws IOException {
    Path view = LfwPairsTest.viewOne();
    List<LfwPairs> files =
        List.of(
            LfwPairs.read(view.resolve("pairsDevTrain.txt")),
            LfwPairs.read(view.resolve("pairsDevTest.txt")));
    String missing = "Abdullah_Gul/Abdullah_Gul_0013.jpg";

    LfwProtocol.Result result =
        LfwProtocol.crossValidate(
            files,
            10,
            image -> image.equals(missing) ? Optional.empty() : synthetic(image),
            DistanceMetric.COSINE);

    assertThat(result.pairs()).isEqualTo(3200);
    assertThat(result.foldAccuracies()).hasSize(10);
    assertThat(result.failures()).isNotEmpty();
    assertThat(result.imagesWithoutEmbedding()).containsExactly(missing);
    long wrong = result.outcomes().stream().filter(o -> !o.correct()).count();
    assertThat(wrong).isEqualTo(result.failures().size());
    assertThat(result.accuracy()).isCloseTo(1.0 - wrong / 3200.0, within(1e-3));
    assertThat(result.auc()).isEqualTo(1.0);
  }
}
