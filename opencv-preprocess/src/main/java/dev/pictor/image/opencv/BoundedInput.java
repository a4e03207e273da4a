package dev.pictor.image.opencv;

import dev.pictor.ImageException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream to its end into memory, refusing streams longer than a limit as soon as the limit
 * is passed, so that an endless or huge stream never fills the heap. Stateless and thread-safe (the
 * stream itself is not).
 */
final class BoundedInput {
  private BoundedInput() {}

  /**
   * Reads {@code in} to its end; does not close it.
   *
   * @param limit most bytes accepted, at most {@link ImageReadOptions#MAX_ENCODED_BYTES_LIMIT}
   * @throws ImageException naming the input if the stream has more than {@code limit} bytes
   * @throws IOException if reading fails
   */
  static byte[] readAll(InputStream in, long limit, String inputName)
      throws IOException, ImageException {
    // readNBytes grows its buffer as data arrives; it never allocates the limit up front.
    byte[] bytes = in.readNBytes((int) limit);
    if (bytes.length == limit && in.read() != -1) {
      throw tooLarge(inputName, -1, limit);
    }
    return bytes;
  }

  /**
   * The error for an input of {@code size} bytes over {@code limit}; {@code size} is -1 for a
   * stream whose length is not known.
   */
  static ImageException tooLarge(String inputName, long size, long limit) {
    String has = size < 0 ? "more than " + limit : Long.toString(size);
    return new ImageException(
        inputName
            + ": the input has "
            + has
            + " bytes, more than the limit of "
            + limit
            + " bytes for an encoded image (ImageReadOptions.maxEncodedBytes)");
  }
}
