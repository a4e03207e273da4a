package dev.pictor;

/** An image could not be used: unreadable, truncated, unsupported or oversized. Names the input. */
public class ImageException extends PictorException {
  private static final long serialVersionUID = 1L;

  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
