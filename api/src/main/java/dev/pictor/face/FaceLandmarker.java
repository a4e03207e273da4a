package dev.pictor.face;

import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.image.RgbImage;
import dev.pictor.model.ModelCard;
import java.util.List;

/**
 * Finds the 68 landmarks ({@link FaceShape}) of faces whose boxes are known, for alignment that
 * uses the whole face rather than five points.
 *
 * <p>Thread-safe: concurrent calls are allowed. Owns native memory; the caller closes it. {@link
 * #close()} is idempotent and waits for runs in flight; calls after it throw {@link
 * IllegalStateException}.
 */
public interface FaceLandmarker extends AutoCloseable {

  /** The landmark model's card. */
  ModelCard card();

  /**
   * The device this instance's sessions actually run on: the one asked for, or the CPU after a
   * {@code PREFER} fallback.
   */
  ExecutionDevice device();

  /**
   * The shape of each face, in order.
   *
   * @param image the photo the boxes refer to
   * @param faces face boxes from a detector, in {@code image} coordinates, each with a positive
   *     size
   * @return one shape per box, in {@code image} coordinates; empty if {@code faces} is empty
   * @throws InferenceException if a run fails
   * @throws IllegalArgumentException if a box is empty
   */
  List<FaceShape> shapes(RgbImage image, List<Box> faces) throws InferenceException;

  @Override
  void close();
}
