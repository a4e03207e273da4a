package dev.pictor.face;

/**
 * 1:1 verification against a gallery. Thread-safe.
 *
 * <p>Policy with several enrolled embeddings for one person: the <b>nearest</b> one counts (the
 * minimum distance), so one good enrollment photo is enough and extra photos only help.
 */
public interface Verifier {

  /**
   * Compares {@code probe} with the enrolled embeddings of {@code claimedName}.
   *
   * @throws IllegalArgumentException if the name is not enrolled or the probe is from another model
   */
  Verification verify(FaceEmbedding probe, String claimedName) throws GalleryException;
}
