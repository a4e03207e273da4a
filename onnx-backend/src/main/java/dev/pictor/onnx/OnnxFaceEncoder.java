package dev.pictor.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.ModelException;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelKind;
import dev.pictor.onnx.store.VerifiedModel;
import dev.pictor.onnx.support.FaceTensors;
import dev.pictor.onnx.support.GuardedSession;
import dev.pictor.onnx.support.OrtRuntime;
import dev.pictor.onnx.support.SessionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link FaceEncoder} running an ONNX model with input {@code [N, 3, H, W]} (normalised as its
 * card says) and output {@code [N, D]}; outputs are L2-normalised.
 *
 * <p>Thread-safe: one ONNX Runtime session serves concurrent calls. Owns the session; {@link
 * #close()} is idempotent and waits for runs in flight, later calls throw {@link
 * IllegalStateException}.
 */
public final class OnnxFaceEncoder implements FaceEncoder {
  private final ModelCard card;
  private final GuardedSession session;
  private final String inputName;
  private final ExecutionDevice device;
  private final int maxBatchSize;
  private final ConcurrentParts<float[]> parts; // null: every batch is one run of `session`

  private OnnxFaceEncoder(
      ModelCard card,
      GuardedSession session,
      String inputName,
      ExecutionDevice device,
      int batch,
      ConcurrentParts<float[]> parts) {
    this.card = card;
    this.session = session;
    this.inputName = inputName;
    this.device = device;
    this.maxBatchSize = batch;
    this.parts = parts;
  }

  /**
   * Opens an encoder for a verified model.
   *
   * <p>On the CPU with T > 1 threads of its own ({@link EncoderOptions#intraOpThreads()}, or one
   * per core for 0), a batch of at least T faces runs as T concurrent parts on a second, one-thread
   * session instead of one run split operator by operator across T threads: more faces per second
   * on the same cores (see {@link ConcurrentParts}). Batch 1 keeps the T-thread run.
   */
  public static OnnxFaceEncoder open(VerifiedModel model, EncoderOptions options)
      throws ModelException {
    model.requireKind(ModelKind.ENCODER);
    ModelCard card = model.card();
    SessionFactory.OpenedSession opened =
        SessionFactory.open(card.id(), model.onnx(), options.device(), options.intraOpThreads());
    OrtSession ort = opened.session();
    String input = SessionFactory.singleInput(ort, card.id(), model.location()); // closes if not
    GuardedSession guarded = new GuardedSession(ort, "face encoder " + card.id());
    ConcurrentParts<float[]> parts = null;
    try {
      int threads =
          options.intraOpThreads() > 0
              ? options.intraOpThreads()
              : Runtime.getRuntime().availableProcessors();
      if (opened.device().kind() == ExecutionDevice.Kind.CPU
          && threads > 1
          && !OrtRuntime.sharedThreadPool()) {
        OrtSession single =
            SessionFactory.open(card.id(), model.onnx(), ExecutionDevice.cpu(), 1).session();
        parts =
            new ConcurrentParts<>(
                threads,
                new GuardedSession(single, "face encoder " + card.id()),
                "face encoder " + card.id());
      }
      return new OnnxFaceEncoder(
          card, guarded, input, opened.device(), options.maxBatchSize(), parts);
    } catch (ModelException | RuntimeException e) {
      guarded.close();
      if (parts != null) {
        parts.close();
      }
      throw e;
    }
  }

  @Override
  public ModelCard card() {
    return card;
  }

  /** The device the session actually runs on (the CPU after a PREFER fallback). */
  @Override
  public ExecutionDevice device() {
    return device;
  }

  @Override
  public FaceEmbedding encode(FaceImage face) throws InferenceException {
    return encodeAll(List.of(face)).get(0);
  }

  @Override
  public List<FaceEmbedding> encodeAll(List<FaceImage> faces) throws InferenceException {
    if (faces == null || faces.isEmpty()) {
      throw new IllegalArgumentException("faces must not be empty");
    }
    for (int i = 0; i < faces.size(); i++) {
      FaceImage f = faces.get(i);
      if (f == null) {
        throw new IllegalArgumentException("face " + i + " is null");
      }
      if (f.width() != card.input().width() || f.height() != card.input().height()) {
        throw new IllegalArgumentException(
            "face "
                + i
                + " is "
                + f.width()
                + "x"
                + f.height()
                + ", model "
                + card.id()
                + " needs "
                + card.input().width()
                + "x"
                + card.input().height()
                + " aligned crops");
      }
    }
    List<FaceEmbedding> out = new ArrayList<>(faces.size());
    for (int from = 0; from < faces.size(); from += maxBatchSize) {
      List<FaceImage> batch = faces.subList(from, Math.min(faces.size(), from + maxBatchSize));
      List<float[]> raw =
          parts != null && parts.splits(batch.size())
              ? parts.run(batch, (s, part) -> List.of(run(s, part)))
              : List.of(session.use(s -> run(s, batch)));
      for (float[] r : raw) {
        out.add(FaceEmbedding.normalised(card.id(), r));
      }
    }
    return out;
  }

  private float[][] run(OrtSession s, List<FaceImage> batch) throws InferenceException {
    long[] shape = {batch.size(), 3, card.input().height(), card.input().width()};
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                OrtRuntime.environment(), FaceTensors.pack(card, batch), shape);
        OrtSession.Result result = s.run(Map.of(inputName, input))) {
      float[][] raw = (float[][]) result.get(0).getValue();
      if (raw.length != batch.size() || raw[0].length != card.encoder().embeddingSize()) {
        throw new InferenceException(
            "model "
                + card.id()
                + " returned ["
                + raw.length
                + ", "
                + raw[0].length
                + "], expected ["
                + batch.size()
                + ", "
                + card.encoder().embeddingSize()
                + "]",
            null);
      }
      return raw;
    } catch (OrtException | ClassCastException e) {
      throw new InferenceException(
          "model "
              + card.id()
              + " failed on input "
              + java.util.Arrays.toString(shape)
              + " on "
              + device
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    session.close();
    if (parts != null) {
      parts.close();
    }
  }
}
