package dev.pictor.style;

import dev.pictor.image.RgbImage;
import java.time.Duration;

/**
 * What a style transfer run produced.
 *
 * @param image the stylised image (the best one so far when the run stopped early)
 * @param outcome why the run ended
 * @param steps steps done
 * @param initial the first progress report (costs of the starting image), or the last one for
 *     methods without a cost
 * @param last the final progress report
 * @param elapsed wall time of the whole run
 */
public record StyleResult(
    RgbImage image,
    Outcome outcome,
    int steps,
    StyleProgress initial,
    StyleProgress last,
    Duration elapsed) {

  /** Why a run ended. */
  public enum Outcome {
    /** All planned steps ran. */
    COMPLETED,
    /** The time budget ran out; the image is the best one so far. */
    TIME_BUDGET,
    /** The monitor cancelled; the image is the best one so far. */
    CANCELLED
  }

  public StyleResult {
    if (image == null || outcome == null || initial == null || last == null || elapsed == null) {
      throw new IllegalArgumentException("image, outcome, progress and elapsed must not be null");
    }
  }
}
