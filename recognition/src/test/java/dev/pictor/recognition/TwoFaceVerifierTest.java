package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import org.junit.jupiter.api.Test;

class TwoFaceVerifierTest {
  private static FaceEmbedding vec(String model, float... v) {
    return FaceEmbedding.normalised(model, v);
  }

  @Test
  void decidesByDistanceAgainstTheThreshold() {
    FaceEmbedding a = vec("m", 1, 0);
    FaceEmbedding near = vec("m", 1, 0.1f);
    FaceEmbedding far = vec("m", 0, 1);
    TwoFaceVerifier verifier = TwoFaceVerifier.withThreshold("m", DistanceMetric.EUCLIDEAN, 0.5);

    TwoFaceVerdict same = verifier.verify(a, near);
    TwoFaceVerdict different = verifier.verify(a, far);

    assertThat(same.samePerson()).isTrue();
    assertThat(same.distance()).isEqualTo(a.distanceTo(near, DistanceMetric.EUCLIDEAN));
    assertThat(same.threshold()).isEqualTo(0.5);
    assertThat(same.metric()).isEqualTo(DistanceMetric.EUCLIDEAN);
    assertThat(same.modelId()).isEqualTo("m");
    assertThat(different.samePerson()).isFalse();
    assertThat(different.distance())
        .isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void theThresholdItselfStillCountsAsTheSamePerson() {
    FaceEmbedding a = vec("m", 1, 0);
    FaceEmbedding b = vec("m", 0, 1);
    double d = a.distanceTo(b, DistanceMetric.COSINE);

    assertThat(
            TwoFaceVerifier.withThreshold("m", DistanceMetric.COSINE, d).verify(a, b).samePerson())
        .isTrue();
    assertThat(
            TwoFaceVerifier.withThreshold("m", DistanceMetric.COSINE, Math.nextDown(d))
                .verify(a, b)
                .samePerson())
        .isFalse();
  }

  @Test
  void refusesEmbeddingsOfAnotherModelNamingWhichOne() {
    TwoFaceVerifier verifier = TwoFaceVerifier.withThreshold("m", DistanceMetric.EUCLIDEAN, 0.5);

    assertThatThrownBy(() -> verifier.verify(vec("m", 1, 0), vec("other", 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("second")
        .hasMessageContaining("other");
    assertThatThrownBy(() -> verifier.verify(vec("other", 1, 0), vec("m", 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first");
  }

  @Test
  void refusesUnusableSettings() {
    assertThatThrownBy(() -> TwoFaceVerifier.withThreshold(" ", DistanceMetric.EUCLIDEAN, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TwoFaceVerifier.withThreshold("m", null, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> TwoFaceVerifier.withThreshold("m", DistanceMetric.EUCLIDEAN, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
