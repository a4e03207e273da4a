package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import java.util.List;

/**
 * 1:1 verification of two faces, no gallery: "same person" when the distance between their
 * embeddings is at most the threshold. Immutable and thread-safe.
 *
 * <p>{@link GalleryVerifier} answers the same question against a person's enrolled embeddings; this
 * one is for two photos in hand ({@code pictor verify A B}).
 */
public final class TwoFaceVerifier {
  private final String modelId;
  private final MatchRule rule;

  private TwoFaceVerifier(String modelId, MatchRule rule) {
    this.modelId = modelId;
    this.rule = rule;
  }

  /**
   * A verifier with the encoder's metric and default threshold.
   *
   * @throws IllegalArgumentException if the card is not an encoder's or has no usable threshold
   */
  public static TwoFaceVerifier forModel(ModelCard encoder) {
    EncoderSection section = encoder.requireEncoder();
    return withThreshold(encoder.id(), section.metric(), section.threshold());
  }

  /**
   * A verifier with an explicit threshold, for embeddings of {@code modelId}.
   *
   * @throws IllegalArgumentException if the model id is blank, the metric null, or the threshold
   *     negative, NaN or infinite
   */
  public static TwoFaceVerifier withThreshold(
      String modelId, DistanceMetric metric, double threshold) {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("model id is required");
    }
    return new TwoFaceVerifier(modelId, new MatchRule(metric, threshold));
  }

  /**
   * Compares two faces.
   *
   * @throws IllegalArgumentException if either embedding is from another model than this verifier's
   */
  public TwoFaceVerdict verify(FaceEmbedding first, FaceEmbedding second) {
    requireModel("first", first);
    requireModel("second", second);
    double distance = first.distanceTo(second, rule.metric());
    return new TwoFaceVerdict(
        distance <= rule.threshold(), distance, rule.threshold(), rule.metric(), modelId);
  }

  /**
   * Every pair of several faces compared at once ({@code pictor compare} with three or more
   * photos): {@code [i][j]} is the distance between faces i and j (symmetric, 0 on the diagonal);
   * the pair is the same person when it is at most {@link #threshold()}, as {@link #verify} says.
   *
   * @throws IllegalArgumentException if an embedding is from another model than this verifier's
   */
  public double[][] distances(List<FaceEmbedding> faces) {
    for (int i = 0; i < faces.size(); i++) {
      requireModel("face " + i, faces.get(i));
    }
    int n = faces.size();
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        d[i][j] = faces.get(i).distanceTo(faces.get(j), rule.metric());
        d[j][i] = d[i][j];
      }
    }
    return d;
  }

  /** The largest distance that is still the same person. */
  public double threshold() {
    return rule.threshold();
  }

  private void requireModel(String which, FaceEmbedding embedding) {
    if (!modelId.equals(embedding.modelId())) {
      throw new IllegalArgumentException(
          "the "
              + which
              + " embedding is from model '"
              + embedding.modelId()
              + "', this verifier compares '"
              + modelId
              + "'");
    }
  }
}
