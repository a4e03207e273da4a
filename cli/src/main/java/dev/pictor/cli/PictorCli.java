package dev.pictor.cli;

import dev.pictor.BackendUnavailableException;
import dev.pictor.ImageException;
import dev.pictor.PictorException;
import dev.pictor.face.GalleryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code pictor} command: parses the command line, runs a subcommand and turns its outcome into
 * an exit code.
 *
 * <p>Exit codes: {@value #OK} success, {@value #NEGATIVE} a negative answer ({@code compare} or
 * {@code verify} of two different people, {@code identify} of someone unknown), {@value #USAGE} a
 * usage or input error (an image that cannot be read or has no face, a gallery or data file that
 * cannot be used; also some inputs of a batch that failed while the others were processed), {@value
 * #FAILURE} the model, the device or a run failed, or an internal error (an unexpected exception,
 * out of memory). Errors are reported on stderr in one line that names the file, model or device
 * concerned; a stack trace only for internal errors, with {@value #DEBUG_VARIABLE}=1.
 *
 * <p>A {@link CommandLine} from {@link #newCommandLine()} is meant for one thread at a time; make
 * one per run.
 */
@Command(
    name = "pictor",
    // INHERIT: every subcommand gets --help and --version too.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = PictorCli.Version.class,
    description = {
      "Face embeddings, face verification (1:1) and recognition (1:K), embedding learning and"
          + " neural style transfer with Pictor, on the CPU or a CUDA GPU.",
      "",
      "Inputs are photos: faces are detected (YuNet), aligned on their 68-point shape (or 5"
          + " landmarks, --alignment 5-point) and encoded."
          + " Give --aligned for face crops that are already aligned (like the 150x150 crops in"
          + " faces-tv): they are resized whole, without detection.",
      "The detector model is read from --model-dir, -Dpictor.model.dir, $PICTOR_MODEL_DIR or"
          + " ~/.cache/pictor/models (bin/pictor points at ../shared/models when it exists)."
    },
    subcommands = {
      EmbedCommand.class,
      CompareCommand.class,
      VerifyCommand.class,
      EnrollCommand.class,
      IdentifyCommand.class,
      GalleryCommand.class,
      EvaluateCommand.class,
      TrainCommand.class,
      ModelsCommand.class,
      StylizeCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success, the same person, everyone recognised",
      "1:negative answer: different people (compare, verify), someone UNKNOWN (identify)",
      "2:usage or input error: an image that cannot be read, a photo without a face, a gallery"
          + " or data file that cannot be used (each command's --help says which)",
      "3:the model or device cannot be used, a run failed, or an internal error (out of memory,"
          + " a bug: one line, the stack trace with PICTOR_DEBUG=1)"
    })
public final class PictorCli implements Callable<Integer> {
  /** Exit code: success, or "the same person". */
  public static final int OK = 0;

  /** Exit code: a negative answer, such as "different people" or "UNKNOWN". */
  public static final int NEGATIVE = 1;

  /** Exit code: a usage error, or input that cannot be used (an image, a gallery, a data file). */
  public static final int USAGE = 2;

  /** Exit code: the model or device cannot be used, or a run failed. */
  public static final int FAILURE = 3;

  @Spec private CommandSpec spec;

  private final Progress.Style progressStyle;

  private PictorCli(Progress.Style progressStyle) {
    this.progressStyle = progressStyle;
  }

  /** How the subcommands draw their progress bars. */
  Progress.Style progressStyle() {
    return progressStyle;
  }

  /**
   * Environment variable: when set to anything but {@code 0}, an internal error also prints its
   * stack trace.
   */
  static final String DEBUG_VARIABLE = "PICTOR_DEBUG";

  /** Runs the program and exits the JVM with its exit code. */
  public static void main(String[] args) {
    CommandLine cli;
    try {
      cli = newCommandLine();
    } catch (IllegalArgumentException e) {
      // A bad PICTOR_PROGRESS.
      System.err.println("pictor: " + e.getMessage());
      System.exit(USAGE);
      return;
    }
    System.exit(execute(cli, args));
  }

  /**
   * A fresh command line for {@code pictor}, writing to {@link System#out} and {@link System#err}.
   * Progress bars are redrawn in place when stderr is a terminal and printed as plain lines now and
   * then otherwise, unless {@value Progress#VARIABLE} ({@code auto}, {@code bar}, {@code lines},
   * {@code off}) says otherwise.
   *
   * @throws IllegalArgumentException if {@value Progress#VARIABLE} has another value
   */
  public static CommandLine newCommandLine() {
    Progress.Style style =
        Progress.choose(System.getenv(Progress.VARIABLE), Progress.stderrIsTerminal());
    return newCommandLine(
        new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
        new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true),
        style);
  }

  /**
   * A fresh command line for {@code pictor} writing to {@code out} and {@code err}, as to a file:
   * progress in {@linkplain Progress.Style#LINES plain lines}.
   */
  static CommandLine newCommandLine(Writer out, Writer err) {
    return newCommandLine(out, err, Progress.Style.LINES);
  }

  /**
   * A fresh command line for {@code pictor} writing to {@code out} and {@code err}, both through a
   * {@link TerminalSafeWriter}: control and bidirectional characters in names, file names or
   * messages are printed as escapes, never passed to the terminal. Progress bars are drawn as
   * {@code style} says.
   */
  static CommandLine newCommandLine(Writer out, Writer err, Progress.Style style) {
    CommandLine cli = new CommandLine(new PictorCli(style));
    // No ANSI styles in the help: the safe writers would show their escape characters.
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    cli.setOut(new PrintWriter(new TerminalSafeWriter(out), true));
    cli.setErr(new PrintWriter(new TerminalSafeWriter(err), true));
    cli.setExecutionExceptionHandler(PictorCli::report);
    cli.setParameterExceptionHandler(PictorCli::usageError);
    return cli;
  }

  /**
   * A usage error: the message and one line pointing to the command's {@code --help}, not the whole
   * help (60 lines and more, which push the message out of sight). Exit code {@value #USAGE}.
   */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("pictor: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return USAGE;
  }

  /**
   * Runs {@code cli} on {@code args} and returns the exit code. Errors that picocli lets through
   * (an {@link OutOfMemoryError}, a {@link StackOverflowError}, any other {@link Error}) are
   * internal errors too: one line on stderr, exit code {@value #FAILURE}, never 0 or 1.
   */
  static int execute(CommandLine cli, String... args) {
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      PrintWriter err = cli.getErr();
      err.println(
          "pictor: out of memory ("
              + e.getMessage()
              + "): give the JVM more, e.g. PICTOR_JAVA_OPTS=-Xmx4g, or use smaller inputs");
      debugTrace(e, err);
      err.flush();
      return FAILURE;
    } catch (RuntimeException | Error e) {
      internalError(e, cli.getErr());
      return FAILURE;
    }
  }

  /** {@code pictor} without a subcommand is a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing subcommand: choose embed, compare, verify, enroll, identify, gallery, evaluate,"
            + " train, stylize or models.");
  }

  /** Prints what went wrong on stderr and chooses the exit code. */
  private static int report(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    int code;
    if (e instanceof ImageException
        || e instanceof GalleryException
        || e instanceof InputException) {
      err.println("pictor: " + e.getMessage());
      code = USAGE;
    } else if (e instanceof PictorException || e instanceof BackendUnavailableException) {
      err.println("pictor: " + e.getMessage());
      code = FAILURE;
    } else {
      internalError(e, err);
      return FAILURE;
    }
    err.flush();
    return code;
  }

  /** One line for a failure that is a bug, not bad input; the trace only with {@link #debug()}. */
  private static void internalError(Throwable e, PrintWriter err) {
    err.println(
        "pictor: internal error: "
            + e
            + (debug() ? "" : " (set " + DEBUG_VARIABLE + "=1 for the stack trace)")
            + "; please report it");
    debugTrace(e, err);
    err.flush();
  }

  private static void debugTrace(Throwable e, PrintWriter err) {
    if (debug()) {
      e.printStackTrace(err);
    }
  }

  private static boolean debug() {
    String value = System.getenv(DEBUG_VARIABLE);
    return value != null && !value.isEmpty() && !value.equals("0");
  }

  /** {@code --version}: the Pictor version and the Java runtime. Stateless. */
  static final class Version implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = PictorCli.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException("resource " + RESOURCE + " is missing from the pictor jar");
        }
        properties.load(in);
      }
      return new String[] {
        "pictor " + properties.getProperty("version", "unknown"),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ") on "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
      };
    }
  }
}
