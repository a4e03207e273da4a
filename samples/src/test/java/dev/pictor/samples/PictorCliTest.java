package dev.pictor.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** How {@link PictorCli} turns failures that are not bad input into exit code 3. */
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
  void terminalSafeWriterEscapesControlAndBidiCharactersOnly() {
    assertThat(TerminalSafeWriter.escape("a\u001b]0;x\u0007b\u202Ec\u0085d"))
        .isEqualTo("a\\x1b]0;x\\x07b\\u202ec\\x85d");
    assertThat(TerminalSafeWriter.escape("line\ttab\r\nnext é ü 漢字"))
        .isEqualTo("line\ttab\r\nnext é ü 漢字");
  }
}
