package dev.pictor.face;

/**
 * 1:K open-set identification against a gallery. Thread-safe.
 *
 * <p>A person's distance is that of their nearest enrolled embedding; the best person is returned
 * if that distance is at most the threshold, otherwise UNKNOWN.
 */
public interface Recognizer {

  /**
   * Identifies {@code probe}.
   *
   * @param topK how many candidates to return (at least 1)
   * @throws IllegalArgumentException if the probe is from another model than the gallery
   */
  Identification identify(FaceEmbedding probe, int topK) throws GalleryException;
}
