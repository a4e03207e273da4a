package dev.pictor;

/** A network run failed. The message names the model id, the input shape and the device. */
public class InferenceException extends PictorException {
  private static final long serialVersionUID = 1L;

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
