package dev.pictor.style;

import dev.pictor.ExecutionDevice;
import dev.pictor.PictorException;
import dev.pictor.image.RgbImage;

/**
 * Renders a content image in one style. The style is fixed when the instance is made (a trained
 * network for a named style, or a style painting for optimisation), so callers only pass content.
 *
 * <p>Thread-safe: concurrent calls are allowed. Owns native sessions; the creator closes it. {@link
 * #close()} is idempotent and waits for calls in flight; calls after it throw {@link
 * IllegalStateException}.
 */
public interface StyleTransfer extends AutoCloseable {

  /** Identifies the style and method, for example {@code udnie} or {@code gatys-vgg19}. */
  String styleId();

  /**
   * The device this instance's sessions actually run on: the one asked for, or the CPU after a
   * {@code PREFER} fallback.
   */
  ExecutionDevice device();

  /**
   * Stylises {@code content}, reporting progress to {@code monitor} and stopping early when it asks
   * to (the result then says so and holds the best image so far).
   *
   * @throws dev.pictor.ImageException if the content image is unusable (for example too small)
   * @throws dev.pictor.InferenceException if a run fails
   */
  StyleResult stylize(RgbImage content, StyleMonitor monitor) throws PictorException;

  /** Stylises {@code content} to completion with no progress reports. */
  default RgbImage stylize(RgbImage content) throws PictorException {
    return stylize(content, StyleMonitor.NONE).image();
  }

  @Override
  void close();
}
