package dev.pictor;

/**
 * No backend can serve the request: no implementation on the class path, or a device that was
 * required (see {@link ExecutionDevice.Policy#REQUIRE}) is not available. The message says what is
 * missing and which artifact or driver to add.
 */
public class BackendUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
