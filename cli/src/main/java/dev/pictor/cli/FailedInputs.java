package dev.pictor.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * How a batch command reports the inputs it could not use while it processed the others: one line
 * per bad input on stderr as it is found ({@link #report}), then one summary line ({@link
 * #summarise}), and the exit code {@value PictorCli#USAGE} however the rest went, so a script sees
 * that its answer is incomplete. Stateless.
 */
final class FailedInputs {
  private FailedInputs() {}

  /** Prints {@code pictor: skipped PROBLEM} for each problem. */
  static void report(PrintWriter err, List<String> problems) {
    for (String problem : problems) {
      err.println("pictor: skipped " + problem);
    }
    err.flush();
  }

  /**
   * Prints the summary line if some inputs failed and returns the exit code.
   *
   * @param failed how many inputs could not be used
   * @param total how many inputs were given
   * @param code the exit code had every input been usable
   * @return {@code code} when nothing failed, else {@link PictorCli#USAGE}
   */
  static int summarise(PrintWriter err, int failed, int total, int code) {
    if (failed == 0) {
      return code;
    }
    err.printf(
        Locale.ROOT,
        "pictor: some inputs failed: %d of %d could not be used (see above); the others were"
            + " processed%n",
        failed,
        total);
    err.flush();
    return PictorCli.USAGE;
  }
}
