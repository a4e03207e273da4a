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

class ExactRecognizerTest {
  private static FaceEmbedding vec(String model, float... v) {
    return FaceEmbedding.normalised(model, v);
  }

  private static FaceEmbedding random(Random r, int d) {
    float[] v = new float[d];
    for (int i = 0; i < d; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return FaceEmbedding.normalised("m", v);
  }

  @Test
  void nearestPersonWithinTheThresholdIsRecognised() throws Exception {
    InMemoryGallery g = new InMemoryGallery("m");
    g.enroll("ann", List.of(vec("m", 1, 0, 0)));
    g.enroll("bob", List.of(vec("m", 0, 1, 0), vec("m", 0, 0, 1)));
    ExactRecognizer r = new ExactRecognizer(g, DistanceMetric.EUCLIDEAN, 0.5);
    Identification id = r.identify(vec("m", 0.1f, 0, 1), 5);
    assertThat(id.name()).contains("bob");
    assertThat(id.candidates()).extracting(Candidate::name).containsExactly("bob", "ann");
    assertThat(id.candidates().get(0).distance())
        .isCloseTo(
            vec("m", 0.1f, 0, 1).distanceTo(vec("m", 0, 0, 1), DistanceMetric.EUCLIDEAN),
            within(1e-6));
    assertThat(id.margin()).isGreaterThan(0);
  }

  @Test
  void farFromEveryoneIsUnknownButStillListsCandidates() throws Exception {
    InMemoryGallery g = new InMemoryGallery("m");
    g.enroll("ann", List.of(vec("m", 1, 0)));
    Identification id =
        new ExactRecognizer(g, DistanceMetric.EUCLIDEAN, 0.5).identify(vec("m", 0, 1), 3);
    assertThat(id.recognised()).isFalse();
    assertThat(id.candidates()).hasSize(1);
    assertThat(id.margin()).isInfinite();
  }

  @Test
  void emptyGalleryGivesUnknown() throws Exception {
    Identification id =
        new ExactRecognizer(new InMemoryGallery("m"), DistanceMetric.COSINE, 0.3)
            .identify(vec("m", 1, 0), 1);
    assertThat(id.recognised()).isFalse();
    assertThat(id.candidates()).isEmpty();
  }

  @Test
  void seesEnrollmentsMadeAfterItWasBuilt() throws Exception {
    InMemoryGallery g = new InMemoryGallery("m");
    g.enroll("ann", List.of(vec("m", 1, 0)));
    ExactRecognizer r = new ExactRecognizer(g, DistanceMetric.EUCLIDEAN, 0.1);
    assertThat(r.identify(vec("m", 0, 1), 1).recognised()).isFalse();
    g.enroll("cy", List.of(vec("m", 0, 1)));
    assertThat(r.identify(vec("m", 0, 1), 1).name()).contains("cy");
  }

  @Test
  void matchesABruteForceSearchForEveryMetric() throws Exception {
    Random random = new Random(11);
    InMemoryGallery g = new InMemoryGallery("m");
    for (int p = 0; p < 200; p++) {
      g.enroll("p" + p, List.of(random(random, 128), random(random, 128)));
    }
    for (DistanceMetric metric : DistanceMetric.values()) {
      ExactRecognizer r = new ExactRecognizer(g, metric, 10);
      for (int q = 0; q < 20; q++) {
        FaceEmbedding probe = random(random, 128);
        String expected = null;
        double best = Double.POSITIVE_INFINITY;
        for (var e : g.all()) {
          double d = probe.distanceTo(e.embedding(), metric);
          if (d < best) {
            best = d;
            expected = e.name();
          }
        }
        Identification id = r.identify(probe, 3);
        assertThat(id.candidates().get(0).name()).isEqualTo(expected);
        assertThat(id.candidates().get(0).distance()).isCloseTo(best, within(1e-5));
        assertThat(id.candidates()).hasSize(3);
      }
    }
  }

  @Test
  void refusesProbesOfAnotherModelAndBadArguments() throws Exception {
    InMemoryGallery g = new InMemoryGallery("m");
    g.enroll("ann", List.of(vec("m", 1, 0)));
    ExactRecognizer r = new ExactRecognizer(g, DistanceMetric.EUCLIDEAN, 0.5);
    assertThatThrownBy(() -> r.identify(vec("other", 1, 0), 1)).hasMessageContaining("other");
    assertThatThrownBy(() -> r.identify(vec("m", 1, 0), 0)).hasMessageContaining("topK");
    assertThatThrownBy(() -> new ExactRecognizer(g, DistanceMetric.EUCLIDEAN, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifierUsesTheNearestEnrolledEmbedding() throws Exception {
    InMemoryGallery g = new InMemoryGallery("m");
    g.enroll("bob", List.of(vec("m", 0, 1, 0), vec("m", 0, 0, 1)));
    GalleryVerifier v = new GalleryVerifier(g, DistanceMetric.EUCLIDEAN, 0.5);
    Verification yes = v.verify(vec("m", 0, 0.1f, 1), "bob");
    assertThat(yes.match()).isTrue();
    assertThat(yes.threshold()).isEqualTo(0.5);
    assertThat(yes.modelId()).isEqualTo("m");
    Verification no = v.verify(vec("m", 1, 0, 0), "bob");
    assertThat(no.match()).isFalse();
    assertThat(no.distance()).isCloseTo(Math.sqrt(2), within(1e-6));
    assertThatThrownBy(() -> v.verify(vec("m", 1, 0, 0), "nobody")).hasMessageContaining("nobody");
  }
}
