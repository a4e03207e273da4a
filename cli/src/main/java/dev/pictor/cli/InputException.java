package dev.pictor.cli;

/**
 * The user's input cannot be used: a folder or file that is missing or malformed, a name that is
 * not enrolled, data too small to evaluate. {@link PictorCli} prints the message in one line and
 * exits with {@value PictorCli#USAGE}, without the usage help (the command line itself was fine).
 *
 * <p>Messages name the file, folder or name concerned and never hold embedding values.
 */
final class InputException extends Exception {
  private static final long serialVersionUID = 1L;

  InputException(String message) {
    super(message);
  }

  InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
