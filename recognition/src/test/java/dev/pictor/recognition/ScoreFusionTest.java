package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreFusionTest {

  @Test
  void weightIsTheSmallestGridValueThatSeparatesTheTrainingFolds() {
    // First encoder (Euclidean): same pairs 0.2, different 1.2 (q = 0.04 and 1.44). Second
    // (cosine) is backwards: same 1.0, different 0.0 (q = 2 and 0). The fused squares are
    // 2 - 1.96 w for same and 1.44 w for different pairs: they separate once w > 0.588, so the
    // smallest grid weight that gets every training pair right is 0.60.
    int n = 40;
    double[] first = new double[n];
    double[] second = new double[n];
    boolean[] same = new boolean[n];
    int[] fold = new int[n];
    for (int k = 0; k < n; k++) {
      same[k] = k % 2 == 0;
      first[k] = same[k] ? 0.2 : 1.2;
      second[k] = same[k] ? 1.0 : 0.0;
      fold[k] = k % 4;
    }

    ScoreFusion.Result r =
        ScoreFusion.crossValidate(
            first, DistanceMetric.EUCLIDEAN, second, DistanceMetric.COSINE, same, fold, 4);

    assertThat(r.foldWeights()).allSatisfy(w -> assertThat(w).isCloseTo(0.60, within(1e-12)));
    assertThat(r.weight()).isCloseTo(0.60, within(1e-12));
    assertThat(r.accuracy()).isEqualTo(1.0);
    assertThat(r.std()).isZero();
    // Midway between the largest same (sqrt(2 - 1.176)) and smallest different (sqrt(0.864)).
    assertThat(r.threshold())
        .isCloseTo((Math.sqrt(2 - 1.96 * 0.6) + Math.sqrt(1.44 * 0.6)) / 2, within(1e-12));
    assertThat(r.correct()).containsOnly(true);
  }

  @Test
  void aMissingDistanceIsAWrongAnswer() {
    double[] first = {0.1, 1.5, 0.2, 1.4, 0.1, 1.3, Double.NaN, 1.5};
    double[] second = {0.1, 0.9, 0.1, 0.8, 0.2, 0.9, 0.1, 0.7};
    boolean[] same = {true, false, true, false, true, false, true, false};
    int[] fold = {0, 0, 1, 1, 0, 0, 1, 1};

    ScoreFusion.Result r =
        ScoreFusion.crossValidate(
            first, DistanceMetric.EUCLIDEAN, second, DistanceMetric.COSINE, same, fold, 2);

    assertThat(r.correct()[6]).isFalse();
    assertThat(r.foldAccuracies()).containsExactly(1.0, 0.75);
  }

  @Test
  void fusedDistanceIsTheDistanceOfTheWeightedConcatenation() {
    Random random = new Random(1);
    for (int trial = 0; trial < 20; trial++) {
      FaceEmbedding a1 = unit(random, 128);
      FaceEmbedding b1 = unit(random, 128);
      FaceEmbedding a2 = unit(random, 512);
      FaceEmbedding b2 = unit(random, 512);
      double w = random.nextDouble();
      double q1 =
          ScoreFusion.squared(
              a1.distanceTo(b1, DistanceMetric.EUCLIDEAN), DistanceMetric.EUCLIDEAN);
      double q2 =
          ScoreFusion.squared(a2.distanceTo(b2, DistanceMetric.COSINE), DistanceMetric.COSINE);
      FaceEmbedding a = concat(a1, a2, w);
      FaceEmbedding b = concat(b1, b2, w);

      assertThat(ScoreFusion.fused(q1, q2, w))
          .isCloseTo(a.distanceTo(b, DistanceMetric.EUCLIDEAN), within(1e-5));
    }
  }

  private static FaceEmbedding unit(Random random, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return FaceEmbedding.normalised("m" + size, v);
  }

  private static FaceEmbedding concat(FaceEmbedding first, FaceEmbedding second, double w) {
    float[] a = first.values();
    float[] b = second.values();
    float[] v = new float[a.length + b.length];
    for (int i = 0; i < a.length; i++) {
      v[i] = (float) (Math.sqrt(w) * a[i]);
    }
    for (int i = 0; i < b.length; i++) {
      v[a.length + i] = (float) (Math.sqrt(1 - w) * b[i]);
    }
    return FaceEmbedding.normalised("fused", v);
  }

  @Test
  void badInputIsRejected() {
    double[] two = {0.1, 0.2};
    boolean[] labels = {true, false};
    assertThatThrownBy(
            () ->
                ScoreFusion.crossValidate(
                    two,
                    DistanceMetric.COSINE,
                    new double[3],
                    DistanceMetric.COSINE,
                    labels,
                    new int[] {0, 1},
                    2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2, 3, 2 and 2");
    assertThatThrownBy(
            () ->
                ScoreFusion.crossValidate(
                    two,
                    DistanceMetric.COSINE,
                    two,
                    DistanceMetric.COSINE,
                    labels,
                    new int[] {0, 2},
                    2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }
}
