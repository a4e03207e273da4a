package dev.pictor.face;

import dev.pictor.PictorException;

/**
 * The gallery's storage failed or cannot be used: a corrupt or foreign file, a gallery made by a
 * different model, an unsupported schema version, an I/O error. Names the file.
 */
public class GalleryException extends PictorException {
  private static final long serialVersionUID = 1L;

  public GalleryException(String message) {
    super(message);
  }

  public GalleryException(String message, Throwable cause) {
    super(message, cause);
  }
}
