package dev.pictor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where and how the {@code pictor} command line draws its {@link ProgressBar}s: the stderr writer,
 * the {@link Style} and a nanosecond clock (injected, so tests need no real time). Immutable; the
 * bars it makes are not thread-safe.
 *
 * @param err where bars are drawn
 * @param style how they are drawn
 * @param nanoClock the time in nanoseconds, such as {@link System#nanoTime()}
 */
record Progress(PrintWriter err, Style style, LongSupplier nanoClock) {
  /**
   * Environment variable that chooses the style: {@code auto} (the default: {@code bar} when stderr
   * is a terminal, else {@code lines}), {@code bar}, {@code lines} or {@code off}.
   */
  static final String VARIABLE = "PICTOR_PROGRESS";

  /** How bars are drawn. */
  enum Style {
    /** One line redrawn in place with a carriage return, with rate and ETA: for a terminal. */
    REDRAWN,
    /** Plain lines now and then and one at the end, never a carriage return: for log files. */
    LINES,
    /** No progress at all. */
    OFF
  }

  /** The progress of the command {@code spec} belongs to, on its stderr. */
  static Progress of(CommandSpec spec) {
    Object root = spec.root().userObject();
    Style style = root instanceof PictorCli cli ? cli.progressStyle() : Style.LINES;
    return new Progress(spec.commandLine().getErr(), style, System::nanoTime);
  }

  /**
   * A bar for a list of {@code total} items, shown only for more than {@value
   * ProgressBar#MIN_ITEMS}.
   */
  ProgressBar items(String label, int total) {
    return new ProgressBar(this, label, total, total > ProgressBar.MIN_ITEMS);
  }

  /** A bar for {@code total} steps of one long task, shown however few they are. */
  ProgressBar steps(String label, int total) {
    return new ProgressBar(this, label, total, true);
  }

  /**
   * The style that {@value #VARIABLE} asks for, or for {@code auto} (or unset) the one that suits
   * stderr.
   *
   * @param variable the value of {@value #VARIABLE}, or null
   * @param terminal whether stderr is a terminal
   * @throws IllegalArgumentException naming the variable and its value if it is not one of the four
   */
  static Style choose(String variable, boolean terminal) {
    String value = variable == null ? "auto" : variable.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "auto" -> terminal ? Style.REDRAWN : Style.LINES;
      case "bar" -> Style.REDRAWN;
      case "lines" -> Style.LINES;
      case "off" -> Style.OFF;
      default ->
          throw new IllegalArgumentException(
              VARIABLE + " must be auto, bar, lines or off, was '" + variable + "'");
    };
  }

  /**
   * Whether stderr is a terminal. Java tells only whether stdin and stdout are ({@link
   * System#console()}); where {@code /proc/self/fd/2} exists (Linux), it also says whether stderr
   * is a terminal device, so {@code pictor ... 2> log} gets no redrawn bars.
   */
  static boolean stderrIsTerminal() {
    if (System.console() == null) {
      return false;
    }
    Path stderr = Path.of("/proc/self/fd/2");
    if (!Files.isSymbolicLink(stderr)) {
      return true;
    }
    try {
      String target = Files.readSymbolicLink(stderr).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // Unknown: plain lines are safe everywhere.
      return false;
    }
  }
}
