package dev.pictor;

/**
 * Root of Pictor's checked exceptions: something outside the program's control (a model file, an
 * image, a native run) went wrong. Programming errors use the JDK's unchecked exceptions instead.
 */
public class PictorException extends Exception {
  private static final long serialVersionUID = 1L;

  public PictorException(String message) {
    super(message);
  }

  public PictorException(String message, Throwable cause) {
    super(message, cause);
  }
}
