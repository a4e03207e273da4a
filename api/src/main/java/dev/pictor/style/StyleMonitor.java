package dev.pictor.style;

/**
 * Receives progress from a running {@link StyleTransfer} and may cancel it. Called on the thread
 * that runs {@code stylize}; keep it quick. Implementations decide their own thread safety, for
 * example a cancel flag set from another thread should be {@code volatile}.
 */
public interface StyleMonitor {

  /** Ignores progress and never cancels. */
  StyleMonitor NONE = new StyleMonitor() {};

  /** Called after each step (an optimisation iteration, or a tile of a one-pass network). */
  default void onProgress(StyleProgress progress) {}

  /** Polled between steps; returning {@code true} ends the run with the best image so far. */
  default boolean isCancelled() {
    return false;
  }
}
