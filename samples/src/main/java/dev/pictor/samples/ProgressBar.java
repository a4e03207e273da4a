package dev.pictor.samples;

import java.io.PrintWriter;

/**
 * A one-line text progress bar, redrawn in place with a carriage return: {@code encoding
 * [########## ] 20/40}. Shown only for more than {@value #MIN_ITEMS} items, so short runs print
 * nothing extra; {@link #close()} ends the line, so later messages start on a fresh one.
 *
 * <p>Not thread-safe: one thread advances it. Closing is idempotent; it does not close the writer.
 */
final class ProgressBar implements AutoCloseable {
  /** Lists up to this long get no bar. */
  static final int MIN_ITEMS = 20;

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final String label;
  private final int total;
  private final boolean visible;
  private int done;
  private boolean closed;

  private ProgressBar(PrintWriter out, String label, int total) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.visible = total > MIN_ITEMS;
  }

  /** A bar for {@code total} items, drawn at 0 if it is shown at all. */
  static ProgressBar start(PrintWriter out, String label, int total) {
    ProgressBar bar = new ProgressBar(out, label, total);
    bar.draw();
    return bar;
  }

  /** Marks {@code items} more items as done and redraws. */
  void advance(int items) {
    done = Math.min(total, done + items);
    draw();
  }

  private void draw() {
    if (!visible || closed) {
      return;
    }
    int filled = (int) ((long) WIDTH * done / total);
    out.print(
        "\r"
            + label
            + " ["
            + "#".repeat(filled)
            + " ".repeat(WIDTH - filled)
            + "] "
            + done
            + "/"
            + total);
    out.flush();
  }

  /** Ends the bar's line. */
  @Override
  public void close() {
    if (visible && !closed) {
      out.println();
      out.flush();
    }
    closed = true;
  }
}
