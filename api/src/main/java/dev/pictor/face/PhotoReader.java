package dev.pictor.face;

import dev.pictor.ImageException;
import dev.pictor.image.RgbImage;

/**
 * Reads the photo a source names, for {@link FaceAnalyzer#analyzeAll}: a file path read by {@code
 * Images::read} of pictor-opencv, a database key, a URL. Called once per source, one at a time, so
 * only one decoded photo is held at once.
 *
 * @param <T> what names a photo
 */
@FunctionalInterface
public interface PhotoReader<T> {
  /**
   * The photo of {@code source}.
   *
   * @throws ImageException if it cannot be read; {@link FaceAnalyzer#analyzeAll} reports it for
   *     this source and goes on with the next
   */
  RgbImage read(T source) throws ImageException;
}
