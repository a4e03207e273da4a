package dev.pictor.recognition;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A pairs file does not follow the LFW pairs format. The message starts with {@code file:line:}
 * (line numbers count from 1) so that the bad line can be found at once.
 *
 * <p>It is an {@link IOException} because it reports bad external data, not a programming error;
 * instances are immutable once thrown.
 */
public final class LfwPairsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file; transient because {@link Path} is not serializable. */
  private final transient Path file;

  private final int line;

  /**
   * A format error.
   *
   * @param file the pairs file
   * @param line the 1-based line number
   * @param problem what is wrong with that line
   */
  public LfwPairsFormatException(Path file, int line, String problem) {
    this(file, line, problem, null);
  }

  /**
   * A format error with its cause.
   *
   * @param file the pairs file
   * @param line the 1-based line number
   * @param problem what is wrong with that line
   * @param cause the underlying error, or null
   */
  public LfwPairsFormatException(Path file, int line, String problem, Throwable cause) {
    super(Objects.requireNonNull(file, "file") + ":" + line + ": " + problem, cause);
    this.file = file;
    this.line = line;
  }

  /** The pairs file; null after deserialisation. */
  public Path file() {
    return file;
  }

  /** The 1-based number of the offending line. */
  public int line() {
    return line;
  }
}
