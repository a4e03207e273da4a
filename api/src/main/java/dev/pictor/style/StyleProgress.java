package dev.pictor.style;

import java.time.Duration;

/**
 * One progress report of a style transfer run.
 *
 * @param step steps done, from 1
 * @param totalSteps steps planned (iterations over all scales, or tiles)
 * @param totalCost J(G) after this step, {@code NaN} for methods without a cost (one-pass nets)
 * @param contentCost J_content, {@code NaN} when not computed
 * @param styleCost J_style, {@code NaN} when not computed
 * @param elapsed time since the run started
 */
public record StyleProgress(
    int step,
    int totalSteps,
    double totalCost,
    double contentCost,
    double styleCost,
    Duration elapsed) {

  public StyleProgress {
    if (step < 0 || totalSteps < 0) {
      throw new IllegalArgumentException("steps must not be negative: " + step + "/" + totalSteps);
    }
    if (elapsed == null) {
      throw new IllegalArgumentException("elapsed must not be null");
    }
  }

  /** A report for a step of a method that computes no cost. */
  public static StyleProgress withoutCost(int step, int totalSteps, Duration elapsed) {
    return new StyleProgress(step, totalSteps, Double.NaN, Double.NaN, Double.NaN, elapsed);
  }
}
