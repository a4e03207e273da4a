package dev.pictor.face;

import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.model.ModelCard;
import java.util.List;

/**
 * Maps aligned face crops to L2-normalised embeddings.
 *
 * <p>Thread safety: implementations are safe for concurrent calls from any number of threads. They
 * own native memory, so the caller closes them; {@link #close()} is idempotent, waits for calls in
 * flight, and any call after it throws {@link IllegalStateException}.
 */
public interface FaceEncoder extends AutoCloseable {

  /** The card of the model this encoder runs: input size, metric, default threshold, ... */
  ModelCard card();

  /**
   * The device this instance's sessions actually run on: the one asked for, or the CPU after a
   * {@code PREFER} fallback.
   */
  ExecutionDevice device();

  /**
   * Encodes one face.
   *
   * @throws IllegalArgumentException if the image size is not the card's input size
   * @throws IllegalStateException if the encoder is closed
   * @throws InferenceException if the run fails
   */
  FaceEmbedding encode(FaceImage face) throws InferenceException;

  /**
   * Encodes several faces in batched runs (one run per {@code maxBatchSize} faces of the options),
   * returning the embeddings in input order.
   *
   * @throws IllegalArgumentException if the list is empty or an image has the wrong size
   * @throws IllegalStateException if the encoder is closed
   * @throws InferenceException if a run fails
   */
  List<FaceEmbedding> encodeAll(List<FaceImage> faces) throws InferenceException;

  /** Releases the native session. Idempotent; waits for calls in flight. */
  @Override
  void close();
}
