package dev.pictor.learning.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.ModelException;
import dev.pictor.face.FaceImage;
import dev.pictor.model.ModelCard;
import dev.pictor.onnx.support.FaceTensors;
import dev.pictor.onnx.support.OrtRuntime;
import dev.pictor.onnx.support.SessionFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An ONNX Runtime session of a graph that takes aligned faces (packed as the card says, like the
 * encoder does) and returns one raw {@code [N, D]} row per face, without normalisation: the trunk
 * of an encoder, or a whole exported encoder in tests.
 *
 * <p>Not thread-safe (one session used by one caller at a time); owns the session, {@link #close()}
 * is idempotent.
 */
public final class TrunkSession implements AutoCloseable {
  private final ModelCard card;
  private final String id;
  private final OrtSession session;
  private final String input;
  private boolean closed;

  /**
   * @param card how to pack the input (size, channel order, mean, std)
   * @param id names the graph in messages
   * @param onnx the graph
   * @param device where to run
   * @throws ModelException if ONNX Runtime rejects the graph
   */
  public TrunkSession(ModelCard card, String id, byte[] onnx, ExecutionDevice device)
      throws ModelException {
    this.card = card;
    this.id = id;
    this.session = SessionFactory.open(id, onnx, device, 0).session();
    this.input = session.getInputNames().iterator().next();
  }

  /** One raw output row per face. */
  public float[][] run(List<FaceImage> faces) throws InferenceException {
    if (closed) {
      throw new IllegalStateException("session of " + id + " is closed");
    }
    long[] shape = {faces.size(), 3, card.input().height(), card.input().width()};
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(
                OrtRuntime.environment(), FaceTensors.pack(card, faces), shape);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      return (float[][]) result.get(0).getValue();
    } catch (OrtException | ClassCastException e) {
      throw new InferenceException(
          "graph " + id + " failed on input " + Arrays.toString(shape) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException("closing the session of " + id + " failed", e);
      }
    }
  }
}
