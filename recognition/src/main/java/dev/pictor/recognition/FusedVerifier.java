package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.face.Verification;
import dev.pictor.face.Verifier;
import java.util.List;

/**
 * 1:1 verification with two encoders at once ({@link FusionPreset}), against one gallery per
 * encoder: the probe is a fused embedding ({@link FusionPreset#fuse}), each part is compared with
 * the claimed person's embeddings in that encoder's gallery, and the two distances are fused.
 *
 * <p>Policy with several enrolled embeddings: each encoder's <b>nearest</b> enrolled embedding
 * counts (its minimum distance), and the fused distance is {@link FusionPreset#fusedDistance} of
 * the two minima; with one photo per person that is the distance of the fused embeddings. The
 * answer's metric is {@link DistanceMetric#EUCLIDEAN} (the fused distance), its threshold the
 * preset's and its model id the fused id.
 *
 * <p>Thread-safe if the galleries are (Pictor's are); does not close them.
 */
public final class FusedVerifier implements Verifier {
  private final Gallery first;
  private final Gallery second;
  private final FusionPreset preset;

  /**
   * @param first the gallery of the preset's first encoder
   * @param second the gallery of the preset's second encoder
   * @param preset the encoders, weight and threshold
   * @throws IllegalArgumentException if a gallery holds another model's embeddings
   */
  public FusedVerifier(Gallery first, Gallery second, FusionPreset preset) {
    checkGalleries(first, second, preset);
    this.first = first;
    this.second = second;
    this.preset = preset;
  }

  static void checkGalleries(Gallery first, Gallery second, FusionPreset preset) {
    if (first == null || second == null || preset == null) {
      throw new IllegalArgumentException("two galleries and a preset are required");
    }
    if (!first.modelId().equals(preset.firstModelId())
        || !second.modelId().equals(preset.secondModelId())) {
      throw new IllegalArgumentException(
          "the galleries hold embeddings of '"
              + first.modelId()
              + "' and '"
              + second.modelId()
              + "', the fusion needs '"
              + preset.firstModelId()
              + "' and '"
              + preset.secondModelId()
              + "'");
    }
  }

  /**
   * Compares the fused {@code probe} with {@code claimedName}'s embeddings in both galleries.
   *
   * @throws IllegalArgumentException if the name is not enrolled in both galleries, or the probe is
   *     not a fused embedding of this preset
   */
  @Override
  public Verification verify(FaceEmbedding probe, String claimedName) throws GalleryException {
    FaceEmbedding a = preset.first(probe);
    FaceEmbedding b = preset.second(probe);
    List<FaceEmbedding> enrolledA = first.embeddingsOf(claimedName);
    List<FaceEmbedding> enrolledB = second.embeddingsOf(claimedName);
    if (enrolledA.isEmpty() || enrolledB.isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + claimedName
              + "' is not enrolled in both galleries (it has "
              + enrolledA.size()
              + " embeddings of "
              + preset.firstModelId()
              + " and "
              + enrolledB.size()
              + " of "
              + preset.secondModelId()
              + ")");
    }
    double distance =
        preset.fusedDistance(
            GalleryVerifier.nearest(a, enrolledA, preset.firstMetric()),
            GalleryVerifier.nearest(b, enrolledB, preset.secondMetric()));
    return new Verification(
        claimedName,
        distance <= preset.threshold(),
        distance,
        preset.threshold(),
        preset.metric(),
        preset.id());
  }
}
