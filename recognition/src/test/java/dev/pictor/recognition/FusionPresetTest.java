package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.face.Candidate;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Identification;
import dev.pictor.face.Verification;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FusionPresetTest {
  private static final FusionPreset PRESET =
      new FusionPreset(
          "a", DistanceMetric.EUCLIDEAN, 4, "b", DistanceMetric.COSINE, 6, 0.3, 0.8, "test");

  private static FaceEmbedding random(Random r, String model, int d) {
    float[] v = new float[d];
    for (int i = 0; i < d; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return FaceEmbedding.normalised(model, v);
  }

  /** The fused distance written out: sqrt(w |a1-a2|^2 + (1-w) * 2 * cosineDistance(b1, b2)). */
  private static double expected(
      FaceEmbedding a1, FaceEmbedding b1, FaceEmbedding a2, FaceEmbedding b2) {
    double q1 = Math.pow(a1.distanceTo(a2, DistanceMetric.EUCLIDEAN), 2);
    double q2 = 2 * b1.distanceTo(b2, DistanceMetric.COSINE);
    return Math.sqrt(0.3 * q1 + 0.7 * q2);
  }

  @Test
  void fusedEmbeddingsAreUnitVectorsWhoseDistanceIsTheFusedDistance() {
    Random r = new Random(1);
    for (int trial = 0; trial < 20; trial++) {
      FaceEmbedding a1 = random(r, "a", 4);
      FaceEmbedding b1 = random(r, "b", 6);
      FaceEmbedding a2 = random(r, "a", 4);
      FaceEmbedding b2 = random(r, "b", 6);
      FaceEmbedding f1 = PRESET.fuse(a1, b1);
      FaceEmbedding f2 = PRESET.fuse(a2, b2);
      assertThat(f1.modelId()).isEqualTo("a+b");
      assertThat(f1.size()).isEqualTo(10);
      double fused = f1.distanceTo(f2, DistanceMetric.EUCLIDEAN);
      assertThat(fused).isCloseTo(expected(a1, b1, a2, b2), within(1e-5));
      assertThat(
              PRESET.fusedDistance(
                  a1.distanceTo(a2, DistanceMetric.EUCLIDEAN),
                  b1.distanceTo(b2, DistanceMetric.COSINE)))
          .isCloseTo(fused, within(1e-5));
      // each encoder's part comes back
      assertThat(PRESET.first(f1).distanceTo(a1, DistanceMetric.EUCLIDEAN)).isLessThan(1e-5);
      assertThat(PRESET.second(f1).distanceTo(b1, DistanceMetric.EUCLIDEAN)).isLessThan(1e-5);
      assertThat(PRESET.second(f1).modelId()).isEqualTo("b");
    }
  }

  @Test
  void wrongModelsSizesAndWeightsAreRefused() {
    Random r = new Random(2);
    assertThatThrownBy(() -> PRESET.fuse(random(r, "b", 6), random(r, "a", 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model 'a'");
    assertThatThrownBy(() -> PRESET.fuse(random(r, "a", 5), random(r, "b", 6)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PRESET.first(random(r, "a", 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a+b'");
    for (double w : new double[] {0, 1, -0.1, Double.NaN}) {
      assertThatThrownBy(
              () ->
                  new FusionPreset(
                      "a", DistanceMetric.EUCLIDEAN, 4, "b", DistanceMetric.COSINE, 6, w, 0.8, ""))
          .as("weight %s", w)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(
            () ->
                new FusionPreset(
                    "a", DistanceMetric.EUCLIDEAN, 4, "a", DistanceMetric.COSINE, 6, 0.5, 0.8, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBestPresetFusesTheTwoPackagedEncoders() {
    FusionPreset best = FusionPreset.best();
    assertThat(best.id()).isEqualTo(FusionPreset.BEST_ID);
    assertThat(best.size()).isEqualTo(640);
    assertThat(best.firstMetric()).isEqualTo(DistanceMetric.EUCLIDEAN);
    assertThat(best.secondMetric()).isEqualTo(DistanceMetric.COSINE);
    assertThat(best.source()).contains("LFW View 1");
  }

  @Test
  void verifierAndRecognizerFuseEachGallerysNearestEmbedding() throws Exception {
    Random r = new Random(3);
    InMemoryGallery ga = new InMemoryGallery("a");
    InMemoryGallery gb = new InMemoryGallery("b");
    FaceEmbedding annA = random(r, "a", 4);
    FaceEmbedding annB = random(r, "b", 6);
    FaceEmbedding bobA1 = random(r, "a", 4);
    FaceEmbedding bobA2 = random(r, "a", 4);
    FaceEmbedding bobB = random(r, "b", 6);
    ga.enroll("ann", List.of(annA));
    gb.enroll("ann", List.of(annB));
    ga.enroll("bob", List.of(bobA1, bobA2));
    gb.enroll("bob", List.of(bobB));
    ga.enroll("cy", List.of(random(r, "a", 4))); // only in the first gallery: never a candidate
    FaceEmbedding pa = random(r, "a", 4);
    FaceEmbedding pb = random(r, "b", 6);
    FaceEmbedding probe = PRESET.fuse(pa, pb);

    double ann = expected(pa, pb, annA, annB);
    double bob = Math.min(expected(pa, pb, bobA1, bobB), expected(pa, pb, bobA2, bobB));
    Verification v = new FusedVerifier(ga, gb, PRESET).verify(probe, "bob");
    assertThat(v.distance()).isCloseTo(bob, within(1e-5));
    assertThat(v.threshold()).isEqualTo(0.8);
    assertThat(v.match()).isEqualTo(bob <= 0.8);
    assertThat(v.metric()).isEqualTo(DistanceMetric.EUCLIDEAN);
    assertThat(v.modelId()).isEqualTo("a+b");
    assertThatThrownBy(() -> new FusedVerifier(ga, gb, PRESET).verify(probe, "cy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not enrolled in both");
    assertThatThrownBy(() -> new FusedVerifier(ga, gb, PRESET).verify(pa, "ann"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FusedVerifier(gb, ga, PRESET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the fusion needs 'a' and 'b'");

    double limit = (ann + bob) / 2;
    Identification id = new FusedRecognizer(ga, gb, PRESET, limit).identify(probe, 5);
    assertThat(id.candidates()).extracting(Candidate::name).containsExactlyInAnyOrder("ann", "bob");
    assertThat(id.candidates().get(0).distance()).isCloseTo(Math.min(ann, bob), within(1e-5));
    assertThat(id.candidates().get(1).distance()).isCloseTo(Math.max(ann, bob), within(1e-5));
    assertThat(id.name()).contains(ann < bob ? "ann" : "bob");
    assertThat(id.modelId()).isEqualTo("a+b");
    Identification strict =
        new FusedRecognizer(ga, gb, PRESET, Math.min(ann, bob) / 2).identify(probe, 1);
    assertThat(strict.recognised()).isFalse();
    assertThat(strict.candidates()).hasSize(1);
  }
}
