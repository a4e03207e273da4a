package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.model.ChannelOrder;
import dev.pictor.model.DetectorSection;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelInput;
import dev.pictor.model.ModelSection;
import java.util.List;
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
  void comparesEveryPairOfSeveralFacesAsVerifyWould() {
    List<FaceEmbedding> faces = List.of(vec("m", 1, 0), vec("m", 1, 0.1f), vec("m", 0, 1));
    TwoFaceVerifier verifier = TwoFaceVerifier.withThreshold("m", DistanceMetric.EUCLIDEAN, 0.5);

    double[][] d = verifier.distances(faces);

    assertThat(d).hasDimensions(3, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(d[i][i]).isZero();
      for (int j = 0; j < 3; j++) {
        if (i != j) {
          TwoFaceVerdict verdict = verifier.verify(faces.get(i), faces.get(j));
          assertThat(d[i][j]).isEqualTo(verdict.distance()).isEqualTo(d[j][i]);
          assertThat(d[i][j] <= verifier.threshold()).isEqualTo(verdict.samePerson());
        }
      }
    }
    assertThat(verifier.threshold()).isEqualTo(0.5);
    assertThatThrownBy(() -> verifier.distances(List.of(vec("m", 1, 0), vec("other", 1, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("face 1")
        .hasMessageContaining("other");
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

  private static ModelCard card(String id, ModelSection section) {
    return new ModelCard(
        id,
        "1",
        id + ".onnx",
        "0".repeat(64),
        "https://example.org/" + id,
        new ModelInput(112, 112, ChannelOrder.RGB, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)),
        section,
        "test weights",
        null,
        "MIT");
  }

  @Test
  void forModelTakesTheCardsMetricAndThreshold() {
    TwoFaceVerdict verdict =
        TwoFaceVerifier.forModel(
                card(
                    "m",
                    new EncoderSection(
                        2, DistanceMetric.COSINE, 0.5, "test", List.of(), List.of())))
            .verify(vec("m", 1, 0), vec("m", 1, 1));

    assertThat(verdict.metric()).isEqualTo(DistanceMetric.COSINE);
    assertThat(verdict.threshold()).isEqualTo(0.5);
    assertThat(verdict.modelId()).isEqualTo("m");
    assertThat(verdict.samePerson()).isTrue();
  }

  @Test
  void forModelRefusesACardThatIsNotAnEncodersNamingIt() {
    assertThatThrownBy(
            () -> TwoFaceVerifier.forModel(card("yunet", new DetectorSection(0.7, "test"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("yunet")
        .hasMessageContaining("not a face encoder")
        .hasMessageContaining("detector");
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
