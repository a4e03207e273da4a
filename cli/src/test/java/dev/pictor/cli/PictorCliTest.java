package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * How {@link PictorCli} reports usage errors and turns failures that are not bad input into exit
 * code 3, and what its help texts say; in-process, without models.
 */
class PictorCliTest {

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    private final RuntimeException exception;
    private final Error error;

    Boom(RuntimeException exception, Error error) {
      this.exception = exception;
      this.error = error;
    }

    @Override
    public Integer call() {
      if (error != null) {
        throw error;
      }
      throw exception;
    }
  }

  private record Outcome(int code, String err) {}

  private static Outcome run(Boom boom) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PictorCli.newCommandLine(out, err);
    cli.addSubcommand("boom", boom);
    // Streams set on a command line reach the subcommands it has: set them again for "boom".
    cli.setOut(cli.getOut());
    cli.setErr(cli.getErr());
    int code = PictorCli.execute(cli, "boom");
    return new Outcome(code, err.toString());
  }

  @Test
  void anUnexpectedExceptionIsOneLineAndExitCode3() {
    Outcome outcome = run(new Boom(new IllegalStateException("bug \u001b[2J here"), null));

    assertThat(outcome.code()).isEqualTo(PictorCli.FAILURE);
    assertThat(outcome.err().lines()).hasSize(1);
    assertThat(outcome.err())
        .startsWith("pictor: internal error: java.lang.IllegalStateException: bug \\x1b[2J here")
        .contains("PICTOR_DEBUG=1");
  }

  @Test
  void outOfMemoryIsExitCode3NeverANegativeAnswer() {
    Outcome outcome = run(new Boom(null, new OutOfMemoryError("Java heap space")));

    assertThat(outcome.code()).isEqualTo(PictorCli.FAILURE);
    assertThat(outcome.err().lines()).hasSize(1);
    assertThat(outcome.err()).startsWith("pictor: out of memory (Java heap space)");
  }

  @Test
  void anyOtherErrorIsAnInternalError() {
    Outcome outcome = run(new Boom(null, new StackOverflowError()));

    assertThat(outcome.code()).isEqualTo(PictorCli.FAILURE);
    assertThat(outcome.err()).startsWith("pictor: internal error: java.lang.StackOverflowError");
    assertThat(outcome.err()).doesNotContain("\tat ");
  }

  @Test
  void aUsageErrorIsTheMessageAndOneLinePointingToHelp() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        PictorCli.execute(
            PictorCli.newCommandLine(out, err), "verify", "--threshold", "x", "a.jpg");

    assertThat(code).isEqualTo(PictorCli.USAGE);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines())
        .hasSize(2)
        .last()
        .isEqualTo("Try 'pictor verify --help' for more information.");
    assertThat(err.toString()).startsWith("pictor: ").contains("--threshold").contains("'x'");
  }

  @Test
  void aMisspelledCommandGetsASuggestionAndTheHint() {
    StringWriter err = new StringWriter();
    int code =
        PictorCli.execute(PictorCli.newCommandLine(new StringWriter(), err), "verfy", "a.jpg");

    assertThat(code).isEqualTo(PictorCli.USAGE);
    assertThat(err.toString().lines()).hasSizeLessThanOrEqualTo(3);
    assertThat(err.toString())
        .contains("verfy")
        .contains("verify")
        .endsWith("Try 'pictor --help' for more information.\n")
        .doesNotContain("Usage:");
  }

  @Test
  void aMissingSubcommandPointsToTheHelpOfItsParent() {
    StringWriter err = new StringWriter();
    int code = PictorCli.execute(PictorCli.newCommandLine(new StringWriter(), err), "gallery");

    assertThat(code).isEqualTo(PictorCli.USAGE);
    assertThat(err.toString().lines())
        .containsExactly(
            "pictor: Missing subcommand: choose list, remove, rename or copy.",
            "Try 'pictor gallery --help' for more information.");
  }

  @Test
  void everyHelpTextFormatsAndEveryOptionValueHasALabel() {
    List<String> problems = new ArrayList<>();
    List<CommandLine> commands = new ArrayList<>(List.of(PictorCli.newCommandLine(out(), out())));
    for (int i = 0; i < commands.size(); i++) {
      CommandLine command = commands.get(i);
      commands.addAll(command.getSubcommands().values());
      CommandSpec spec = command.getCommandSpec();
      String name = spec.qualifiedName();
      List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
      lines.addAll(spec.usageMessage().exitCodeList().values());
      for (ArgSpec arg : spec.args()) {
        lines.addAll(rawDescription(arg));
        boolean takesValue = !(arg.isOption() && ((OptionSpec) arg).arity().max() == 0);
        // picocli's fallback label is the field name in angle brackets, e.g. <perPerson>.
        if (takesValue && arg.paramLabel().matches("<\\w+>")) {
          problems.add(name + " " + describe(arg) + " shows " + arg.paramLabel());
        }
      }
      for (String line : lines) {
        try {
          String.format(line);
        } catch (IllegalFormatException e) {
          problems.add(name + ": cannot format '" + line + "': " + e);
        }
      }
    }

    assertThat(commands).hasSizeGreaterThan(15);
    assertThat(problems).isEmpty();
  }

  /**
   * The description of {@code arg} as written in its annotation: picocli's {@link
   * ArgSpec#description()} is already formatted (and on a bad {@code %} only warns on stderr).
   */
  private static List<String> rawDescription(ArgSpec arg) {
    if (arg.userObject() instanceof AnnotatedElement element) {
      Option option = element.getAnnotation(Option.class);
      if (option != null) {
        return List.of(option.description());
      }
      Parameters parameters = element.getAnnotation(Parameters.class);
      if (parameters != null) {
        return List.of(parameters.description());
      }
    }
    // The standard help options, built by picocli.
    return List.of();
  }

  private static String describe(ArgSpec arg) {
    return arg.isOption() ? ((OptionSpec) arg).longestName() : "parameter " + arg.paramLabel();
  }

  private static StringWriter out() {
    return new StringWriter();
  }

  @Test
  void theHelpOfEvaluateLfwStylizeAndTrainTripletSaysWhatTheCodeDoes() {
    StringWriter out = new StringWriter();
    CommandLine cli = PictorCli.newCommandLine(out, new StringWriter());
    String lfw = help(cli, "evaluate", "lfw");
    String stylize = help(cli, "stylize");
    String triplet = help(cli, "train", "triplet");
    String identify = help(cli, "evaluate", "identify");
    String top = help(cli);

    assertThat(lfw)
        .contains("aligned as --alignment says (by default on its 68-point shape")
        .doesNotContain("aligned on its 5 landmarks");
    assertThat(stylize).contains("--model STYLE").contains("--style PAINTING").contains("Gatys");
    assertThat(top)
        .containsPattern("(?s)\\n  stylize +Renders [^\\[]*--model STYLE[^\\[]*--style PAINTING");
    assertThat(triplet).doesNotContainPattern("<[a-z][A-Za-z]*>").contains("--images-per-person=K");
    assertThat(identify).contains("i.e. 1%)");
  }

  private static String help(CommandLine root, String... path) {
    CommandLine command = root;
    for (String name : path) {
      command = command.getSubcommands().get(name);
    }
    StringWriter text = new StringWriter();
    command.usage(new PrintWriter(text));
    return text.toString();
  }

  @Test
  void terminalSafeWriterEscapesControlAndBidiCharactersOnly() {
    assertThat(TerminalSafeWriter.escape("a\u001b]0;x\u0007b\u202Ec\u0085d"))
        .isEqualTo("a\\x1b]0;x\\x07b\\u202ec\\x85d");
    assertThat(TerminalSafeWriter.escape("line\ttab\r\nnext é ü 漢字"))
        .isEqualTo("line\ttab\r\nnext é ü 漢字");
  }
}
