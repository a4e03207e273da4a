package dev.pictor.cli;

import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleProgress;
import java.util.Locale;

/**
 * A {@link ProgressBar} for a style transfer run: the tiles of a feed-forward network, or the
 * optimisation steps of Gatys et al. with the current cost J. Runs of one step (a photo in one
 * tile) show nothing; a new total (the next scale of a coarse-to-fine run) starts a new bar.
 *
 * <p>Not thread-safe: the run calls it from one thread. Closing is idempotent.
 */
final class StyleProgressBar implements StyleMonitor, AutoCloseable {
  private final Progress progress;
  private final String label;
  private final boolean showCost;
  private ProgressBar bar;
  private int total = -1;

  StyleProgressBar(Progress progress, String label, boolean showCost) {
    this.progress = progress;
    this.label = label;
    this.showCost = showCost;
  }

  @Override
  public void onProgress(StyleProgress p) {
    if (p.totalSteps() <= 1) {
      return;
    }
    if (bar == null || p.totalSteps() != total) {
      close();
      total = p.totalSteps();
      bar = progress.steps(label, total);
    }
    bar.advanceTo(p.step(), showCost ? String.format(Locale.ROOT, "J %.4g", p.totalCost()) : "");
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
