package dev.pictor.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Verification;
import dev.pictor.recognition.SqliteGallery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairClassifierVerifierTest {

  private static FaceEmbedding e(String model, float... v) {
    return FaceEmbedding.normalised(model, v);
  }

  @Test
  void mostLikelyEnrolledEmbeddingDecides(@TempDir Path dir) throws Exception {
    // P(same) = sigmoid(4 - 10 * (|dx| + |dy|)): close pairs are "same".
    PairClassifier c =
        PairClassifier.of("enc", PairClassifier.Feature.ABS_DIFF, new double[] {-10, -10}, 4);
    try (SqliteGallery gallery = SqliteGallery.open(dir.resolve("g.db"), "enc", 2)) {
      gallery.enroll("alice", List.of(e("enc", 0, 1), e("enc", 1, 0)));
      PairClassifierVerifier verifier = new PairClassifierVerifier(gallery, c, 0.5);

      Verification near = verifier.verify(e("enc", 1, 0.05f), "alice");
      FaceEmbedding probe = e("enc", 1, 0.05f);
      double best = c.probability(probe, e("enc", 1, 0));
      assertThat(best).isGreaterThan(c.probability(probe, e("enc", 0, 1)));
      assertThat(near.match()).isTrue();
      assertThat(near.distance()).isCloseTo(1 - best, within(1e-9));
      assertThat(near.threshold()).isEqualTo(0.5);
      assertThat(near.modelId()).isEqualTo("enc");

      Verification far = verifier.verify(e("enc", -1, -1), "alice");
      assertThat(far.match()).isFalse();
      assertThat(far.distance()).isGreaterThan(far.threshold());

      assertThatThrownBy(() -> verifier.verify(e("enc", 1, 0), "bob")).hasMessageContaining("bob");
      assertThatThrownBy(() -> verifier.verify(e("other", 1, 0), "alice"))
          .hasMessageContaining("other");
      assertThatThrownBy(
              () ->
                  new PairClassifierVerifier(
                      gallery,
                      PairClassifier.of(
                          "enc2", PairClassifier.Feature.ABS_DIFF, new double[] {1, 1}, 0),
                      0.5))
          .hasMessageContaining("enc2");
    }
  }
}
