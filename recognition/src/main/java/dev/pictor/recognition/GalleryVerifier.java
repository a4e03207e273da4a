package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.face.Verification;
import dev.pictor.face.Verifier;
import dev.pictor.model.ModelCard;
import java.util.List;

/**
 * 1:1 verification against the embeddings enrolled in a gallery, with the nearest-embedding policy
 * of {@link Verifier}. Thread-safe if the gallery is (Pictor's is); does not close the gallery.
 */
public final class GalleryVerifier implements Verifier {
  private final Gallery gallery;
  private final DistanceMetric metric;
  private final double threshold;

  /**
   * @param gallery the enrolled people
   * @param metric the distance to use
   * @param threshold a claim is accepted at distance {@code <=} this
   */
  public GalleryVerifier(Gallery gallery, DistanceMetric metric, double threshold) {
    if (gallery == null) {
      throw new IllegalArgumentException("gallery and metric are required");
    }
    MatchRule rule = new MatchRule(metric, threshold);
    this.gallery = gallery;
    this.metric = rule.metric();
    this.threshold = rule.threshold();
  }

  /** A verifier with the metric and default threshold of the encoder's card. */
  public static GalleryVerifier forModel(Gallery gallery, ModelCard encoder) {
    MatchRule rule = MatchRule.of(gallery, encoder);
    return new GalleryVerifier(gallery, rule.metric(), rule.threshold());
  }

  @Override
  public Verification verify(FaceEmbedding probe, String claimedName) throws GalleryException {
    List<FaceEmbedding> enrolled = gallery.embeddingsOf(claimedName);
    if (enrolled.isEmpty()) {
      throw new IllegalArgumentException("'" + claimedName + "' is not enrolled");
    }
    double nearest = nearest(probe, enrolled, metric);
    return new Verification(
        claimedName, nearest <= threshold, nearest, threshold, metric, gallery.modelId());
  }

  /** The nearest-embedding policy: the smallest distance of {@code probe} to {@code enrolled}. */
  static double nearest(FaceEmbedding probe, List<FaceEmbedding> enrolled, DistanceMetric metric) {
    double nearest = Double.POSITIVE_INFINITY;
    for (FaceEmbedding e : enrolled) {
      nearest = Math.min(nearest, probe.distanceTo(e, metric));
    }
    return nearest;
  }
}
