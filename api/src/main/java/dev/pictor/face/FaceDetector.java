package dev.pictor.face;

import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.image.RgbImage;
import dev.pictor.model.ModelCard;
import java.util.List;

/**
 * Finds faces and their five landmarks in a photo.
 *
 * <p>Thread safety: implementations are safe for concurrent calls. They own native memory, so the
 * caller closes them; {@link #close()} is idempotent, waits for calls in flight, and later calls
 * throw {@link IllegalStateException}.
 */
public interface FaceDetector extends AutoCloseable {

  /** The card of the detector's model. */
  ModelCard card();

  /**
   * The device this instance's sessions actually run on: the one asked for, or the CPU after a
   * {@code PREFER} fallback.
   */
  ExecutionDevice device();

  /**
   * The faces in {@code image} whose score reaches the options' threshold and whose box is at least
   * the minimum size, in original image coordinates, highest score first; empty if there are none.
   *
   * @throws IllegalStateException if the detector is closed
   * @throws InferenceException if the run fails
   */
  List<DetectedFace> detect(RgbImage image) throws InferenceException;

  /** Releases the native session. Idempotent; waits for calls in flight. */
  @Override
  void close();
}
