package dev.pictor.learning;

import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.face.Verification;
import dev.pictor.face.Verifier;
import java.util.List;

/**
 * 1:1 verification against a gallery with a {@link PairClassifier} instead of a distance threshold.
 * Policy, as {@link Verifier} asks: the enrolled embedding that the classifier finds <em>most
 * likely</em> the same person counts.
 *
 * <p>The {@link Verification} it returns carries {@code distance = 1 - P(same)} and {@code
 * threshold = 1 - decisionProbability}, so that {@code match == distance <= threshold} holds as for
 * the distance verifiers; its {@code metric} is null, since no distance metric was used.
 *
 * <p>Thread-safe if the gallery is; does not close the gallery.
 */
public final class PairClassifierVerifier implements Verifier {
  private final Gallery gallery;
  private final PairClassifier classifier;
  private final double decisionProbability;

  /**
   * @param gallery the enrolled people; must hold embeddings of the classifier's encoder
   * @param classifier the pair classifier
   * @param decisionProbability accept when {@code P(same) >= this}, in (0, 1); 0.5 minimises the
   *     training error
   * @throws IllegalArgumentException if the gallery's model differs from the classifier's or the
   *     probability is out of range
   */
  public PairClassifierVerifier(
      Gallery gallery, PairClassifier classifier, double decisionProbability) {
    if (gallery == null || classifier == null) {
      throw new IllegalArgumentException("gallery and classifier are required");
    }
    if (!gallery.modelId().equals(classifier.encoderModelId())) {
      throw new IllegalArgumentException(
          "gallery holds embeddings of model '"
              + gallery.modelId()
              + "', the classifier takes model '"
              + classifier.encoderModelId()
              + "'");
    }
    if (!(decisionProbability > 0 && decisionProbability < 1)) {
      throw new IllegalArgumentException(
          "decision probability must lie in (0, 1), was " + decisionProbability);
    }
    this.gallery = gallery;
    this.classifier = classifier;
    this.decisionProbability = decisionProbability;
  }

  @Override
  public Verification verify(FaceEmbedding probe, String claimedName) throws GalleryException {
    List<FaceEmbedding> enrolled = gallery.embeddingsOf(claimedName);
    if (enrolled.isEmpty()) {
      throw new IllegalArgumentException("'" + claimedName + "' is not enrolled");
    }
    double best = 0;
    for (FaceEmbedding e : enrolled) {
      best = Math.max(best, classifier.probability(probe, e));
    }
    return new Verification(
        claimedName,
        best >= decisionProbability,
        1 - best,
        1 - decisionProbability,
        null,
        classifier.encoderModelId());
  }
}
