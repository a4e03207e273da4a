package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How {@link ProgressBar} draws on a terminal, in a log file, and not at all; on a fake clock. */
class ProgressBarTest {
  private static final long SECOND = 1_000_000_000L;

  private final StringWriter text = new StringWriter();
  private final AtomicLong now = new AtomicLong(5 * SECOND);

  private Progress progress(Progress.Style style) {
    return new Progress(new PrintWriter(text), style, now::get);
  }

  @Test
  void onATerminalTheLineIsRedrawnWithRateAndEta() {
    try (ProgressBar bar = progress(Progress.Style.REDRAWN).items("encoding", 40)) {
      now.addAndGet(2 * SECOND);
      bar.advance(10);
    }

    String[] frames = text.toString().split("\r", -1);
    // "" before the first \r, the bar at 0, the bar at 10
    assertThat(frames).hasSize(3);
    assertThat(frames[1]).startsWith("encoding [" + " ".repeat(30) + "] 0/40");
    // 10 items in 2 s: 5/s, 30 left: 6 s
    assertThat(frames[2])
        .isEqualTo("encoding [#######" + " ".repeat(23) + "] 10/40  5.00/s  ETA 0:06\n");
  }

  @Test
  void aShorterRedrawBlanksTheRestOfTheLongerOne() {
    try (ProgressBar bar = progress(Progress.Style.REDRAWN).steps("stylizing", 3)) {
      now.addAndGet(SECOND);
      bar.advanceTo(1, "J 1.234e+05");
      now.addAndGet(SECOND);
      bar.advanceTo(2, "J 9");
    }

    String[] frames = text.toString().split("\r", -1);
    assertThat(frames[2]).endsWith("J 1.234e+05");
    assertThat(frames[3]).hasSize(frames[2].length() + 1).endsWith("J 9" + " ".repeat(8) + "\n");
  }

  @Test
  void inALogThereIsNoCarriageReturnOnlyALineNowAndThenAndASummary() {
    try (ProgressBar bar = progress(Progress.Style.LINES).items("analyzing", 100)) {
      for (int i = 0; i < 100; i++) {
        // 1 s per item: a line every 10 s, at each tenth
        now.addAndGet(SECOND);
        bar.advance(1);
      }
    }

    String log = text.toString();
    assertThat(log).doesNotContain("\r");
    assertThat(log.lines())
        .hasSize(10)
        .startsWith("analyzing 10/100  1.00/s  ETA 1:30")
        .endsWith("analyzing 100/100 in 100.0 s (1.00/s)");
  }

  @Test
  void inALogAFastRunPrintsOnlyTheSummary() {
    try (ProgressBar bar = progress(Progress.Style.LINES).items("encoding", 40)) {
      for (int i = 0; i < 40; i++) {
        now.addAndGet(SECOND / 10);
        bar.advance(1);
      }
    }

    assertThat(text.toString()).isEqualTo("encoding 40/40 in 4.0 s (10.0/s)\n");
  }

  @Test
  void shortListsAndTheOffStyleDrawNothing() {
    try (ProgressBar shortList = progress(Progress.Style.REDRAWN).items("encoding", 20);
        ProgressBar off = progress(Progress.Style.OFF).steps("stylizing", 300)) {
      shortList.advance(20);
      off.advance(300);
    }

    assertThat(text.toString()).isEmpty();
  }

  @Test
  void closeIsIdempotent() {
    ProgressBar bar = progress(Progress.Style.REDRAWN).steps("x", 2);
    bar.close();
    bar.close();
    bar.advance(1);

    assertThat(text.toString()).isEqualTo("\rx [" + " ".repeat(30) + "] 0/2\n");
  }

  @Test
  void theStyleFollowsTheTerminalUnlessTheVariableChoosesOne() {
    assertThat(Progress.choose(null, true)).isEqualTo(Progress.Style.REDRAWN);
    assertThat(Progress.choose(null, false)).isEqualTo(Progress.Style.LINES);
    assertThat(Progress.choose("auto", false)).isEqualTo(Progress.Style.LINES);
    assertThat(Progress.choose("BAR", false)).isEqualTo(Progress.Style.REDRAWN);
    assertThat(Progress.choose("lines", true)).isEqualTo(Progress.Style.LINES);
    assertThat(Progress.choose("off", true)).isEqualTo(Progress.Style.OFF);
    assertThatThrownBy(() -> Progress.choose("fancy", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PICTOR_PROGRESS must be auto, bar, lines or off, was 'fancy'");
  }

  @Test
  void etaClock() {
    assertThat(ProgressBar.clock(0)).isEqualTo("0:00");
    assertThat(ProgressBar.clock(65)).isEqualTo("1:05");
    assertThat(ProgressBar.clock(3 * 3600 + 7)).isEqualTo("3:00:07");
  }
}
