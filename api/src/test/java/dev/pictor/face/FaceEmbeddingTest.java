package dev.pictor.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FaceEmbeddingTest {

  @Test
  void normalisesToUnitLength() {
    FaceEmbedding e = FaceEmbedding.normalised("m", new float[] {3, 4});
    assertThat(e.values()).containsExactly(0.6f, 0.8f);
    assertThat(e.size()).isEqualTo(2);
  }

  @Test
  void refusesVectorsThatAreNotUnitLength() {
    assertThatThrownBy(() -> new FaceEmbedding("m", new float[] {3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("norm is 5.0");
    assertThatThrownBy(() -> FaceEmbedding.normalised("m", new float[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void distancesFollowTheMetric() {
    FaceEmbedding a = FaceEmbedding.normalised("m", new float[] {1, 0});
    FaceEmbedding b = FaceEmbedding.normalised("m", new float[] {0, 1});
    assertThat(a.distanceTo(b, DistanceMetric.EUCLIDEAN)).isCloseTo(Math.sqrt(2), within(1e-9));
    assertThat(a.distanceTo(b, DistanceMetric.SQUARED_EUCLIDEAN)).isCloseTo(2.0, within(1e-9));
    assertThat(a.distanceTo(b, DistanceMetric.COSINE)).isCloseTo(1.0, within(1e-9));
    assertThat(a.distanceTo(a, DistanceMetric.EUCLIDEAN)).isZero();
  }

  @Test
  void comparingEmbeddingsOfDifferentModelsIsAnError() {
    FaceEmbedding a = FaceEmbedding.normalised("model-a", new float[] {1, 0});
    FaceEmbedding b = FaceEmbedding.normalised("model-b", new float[] {1, 0});
    assertThatThrownBy(() -> a.distanceTo(b, DistanceMetric.EUCLIDEAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model-a")
        .hasMessageContaining("model-b");
  }

  @Test
  void isImmutableAndDoesNotPrintValues() {
    float[] raw = {0.6f, 0.8f};
    FaceEmbedding e = new FaceEmbedding("m", raw);
    raw[0] = 1;
    e.values()[1] = 0;
    assertThat(e.values()).containsExactly(0.6f, 0.8f);
    assertThat(e.toString()).doesNotContain("0.6").contains("size=2");
    assertThat(e).isEqualTo(new FaceEmbedding("m", new float[] {0.6f, 0.8f}));
  }

  @Test
  void metricRejectsVectorsOfDifferentLength() {
    assertThatThrownBy(() -> DistanceMetric.EUCLIDEAN.between(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
