package dev.pictor.face;

import dev.pictor.ImageException;
import java.util.Optional;

/**
 * What one photo gave when one face was asked of it ({@link FaceAnalyzer#analyzeAll}, {@link
 * FaceAnalyzer#alignAll}): the chosen face, or none, with how many faces were found; or the reason
 * the photo could not be read.
 *
 * @param <T> what names the photo
 * @param <F> what is kept of the face: a {@link Face}, or an aligned {@link FaceImage}
 * @param source the photo's source, as given
 * @param face the chosen face; empty if the photo has no face the rule picks, or is unreadable
 * @param facesFound how many faces the detector found (0 when unreadable)
 * @param unreadable why the photo could not be read, if it could not
 */
public record FaceChoice<T, F>(
    T source, Optional<F> face, int facesFound, Optional<ImageException> unreadable) {

  public FaceChoice {
    if (face == null || unreadable == null || facesFound < 0) {
      throw new IllegalArgumentException("face and unreadable are required, facesFound >= 0");
    }
    if (face.isPresent() && (unreadable.isPresent() || facesFound == 0)) {
      throw new IllegalArgumentException("a chosen face comes from a readable photo with faces");
    }
  }

  /** Whether the photo could be read. */
  public boolean readable() {
    return unreadable.isEmpty();
  }
}
