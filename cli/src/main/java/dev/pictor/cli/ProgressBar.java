package dev.pictor.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of one long piece of work on stderr, drawn as its {@link Progress.Style} says.
 *
 * <ul>
 *   <li>{@link Progress.Style#REDRAWN REDRAWN} (a terminal): one line redrawn in place with a
 *       carriage return, with the rate and the time left: {@code encoding [########## ] 20/40
 *       12.5/s ETA 0:02}.
 *   <li>{@link Progress.Style#LINES LINES} (a file or a pipe): no carriage return at all; a plain
 *       line when another tenth of the work is done and at least {@value #LINE_INTERVAL_SECONDS} s
 *       have passed since the last one, and one line at the end: {@code encoding 40/40 in 3.2 s
 *       (12.5/s)}.
 *   <li>{@link Progress.Style#OFF OFF}: nothing.
 * </ul>
 *
 * <p>Not thread-safe: one thread advances it. Closing is idempotent and ends the bar's line, so
 * later messages start on a fresh one; it does not close the writer.
 */
final class ProgressBar implements AutoCloseable {
  /** Lists up to this long get no bar ({@link Progress#items}). */
  static final int MIN_ITEMS = 20;

  /** With {@link Progress.Style#LINES}: the least time between two lines before the last. */
  static final int LINE_INTERVAL_SECONDS = 10;

  private static final int WIDTH = 30;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Progress progress;
  private final String label;
  private final int total;
  private final boolean visible;
  private final long started;
  private int done;
  private String detail = "";
  private boolean closed;

  /** REDRAWN: the length of the line drawn last, so a shorter one can blank its tail. */
  private int drawnLength;

  /** LINES: the tenth of the work last reported, and when. */
  private int reportedTenth;

  private long reportedAt;

  ProgressBar(Progress progress, String label, int total, boolean visible) {
    this.progress = progress;
    this.label = label;
    this.total = Math.max(0, total);
    this.visible = visible && this.total > 0 && progress.style() != Progress.Style.OFF;
    this.started = progress.nanoClock().getAsLong();
    this.reportedAt = started;
    if (this.visible && progress.style() == Progress.Style.REDRAWN) {
      redraw();
    }
  }

  /** Marks {@code items} more items as done and redraws. */
  void advance(int items) {
    advanceTo(done + items, detail);
  }

  /**
   * Sets how much is done, with a short text shown after the count (empty for none), and redraws.
   */
  void advanceTo(int newDone, String newDetail) {
    done = Math.max(0, Math.min(total, newDone));
    detail = newDetail;
    if (!visible || closed) {
      return;
    }
    if (progress.style() == Progress.Style.REDRAWN) {
      redraw();
      return;
    }
    long now = progress.nanoClock().getAsLong();
    int tenth = (int) (10L * done / total);
    if (done < total
        && tenth > reportedTenth
        && now - reportedAt >= LINE_INTERVAL_SECONDS * NANOS_PER_SECOND) {
      reportedTenth = tenth;
      reportedAt = now;
      PrintWriter err = progress.err();
      err.println(label + " " + done + "/" + total + rate(now) + eta(now) + suffix());
      err.flush();
    }
  }

  private void redraw() {
    long now = progress.nanoClock().getAsLong();
    int filled = (int) ((long) WIDTH * done / total);
    String line =
        label
            + " ["
            + "#".repeat(filled)
            + " ".repeat(WIDTH - filled)
            + "] "
            + done
            + "/"
            + total
            + rate(now)
            + (done < total ? eta(now) : "")
            + suffix();
    // Blank what is left of a longer line drawn before.
    String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
    drawnLength = line.length();
    PrintWriter err = progress.err();
    err.print("\r" + line + padding);
    err.flush();
  }

  private String suffix() {
    return detail.isEmpty() ? "" : "  " + detail;
  }

  /** Items per second so far, e.g. {@code " 12.5/s"}; empty before the first item or instant. */
  private String rate(long now) {
    long elapsed = now - started;
    if (done == 0 || elapsed <= 0) {
      return "";
    }
    return String.format(Locale.ROOT, "  %.3g/s", done * (double) NANOS_PER_SECOND / elapsed);
  }

  /** The time left at the rate so far, e.g. {@code " ETA 1:05"}; empty when unknown. */
  private String eta(long now) {
    long elapsed = now - started;
    if (done == 0 || elapsed <= 0) {
      return "";
    }
    long seconds = Math.round((double) elapsed / done * (total - done) / NANOS_PER_SECOND);
    return "  ETA " + clock(seconds);
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  static String clock(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }

  /** Ends the bar's line; with {@link Progress.Style#LINES}, prints the summary line. */
  @Override
  public void close() {
    if (visible && !closed) {
      PrintWriter err = progress.err();
      if (progress.style() == Progress.Style.REDRAWN) {
        err.println();
      } else {
        long now = progress.nanoClock().getAsLong();
        err.println(
            String.format(
                Locale.ROOT,
                "%s %d/%d in %.1f s%s%s",
                label,
                done,
                total,
                (now - started) / (double) NANOS_PER_SECOND,
                rate(now).isEmpty() ? "" : " (" + rate(now).strip() + ")",
                suffix()));
      }
      err.flush();
    }
    closed = true;
  }
}
