package dev.pictor.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.ModelException;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.FaceDetector;
import dev.pictor.image.RgbImage;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelKind;
import dev.pictor.onnx.store.VerifiedModel;
import dev.pictor.onnx.support.AreaResampler;
import dev.pictor.onnx.support.GuardedSession;
import dev.pictor.onnx.support.OrtRuntime;
import dev.pictor.onnx.support.SessionFactory;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * YuNet face detector on ONNX Runtime. The photo is scaled down (pixel-area averaging) so its
 * longer side is at most {@link DetectorOptions#maxInputSide()}, padded at the right and bottom to
 * multiples of 32, and fed as BGR 0..255; boxes and landmarks are mapped back to original
 * coordinates.
 *
 * <p>Thread-safe; owns its session. {@link #close()} is idempotent and waits for runs in flight;
 * later calls throw {@link IllegalStateException}.
 */
public final class OnnxFaceDetector implements FaceDetector {
  private static final int ALIGN = 32;

  private final ModelCard card;
  private final DetectorOptions options;
  private final GuardedSession session;
  private final ExecutionDevice device;

  private OnnxFaceDetector(
      ModelCard card, DetectorOptions options, GuardedSession session, ExecutionDevice device) {
    this.card = card;
    this.options = options;
    this.session = session;
    this.device = device;
  }

  /** Opens a detector for a verified YuNet model (dynamic input size). */
  public static OnnxFaceDetector open(VerifiedModel model, DetectorOptions options)
      throws ModelException {
    model.requireKind(ModelKind.DETECTOR);
    SessionFactory.OpenedSession opened =
        SessionFactory.open(
            model.card().id(), model.onnx(), options.device(), options.intraOpThreads());
    OrtSession ort = opened.session();
    for (int stride : YuNetDecoder.STRIDES) {
      for (String head : List.of("cls_", "obj_", "bbox_", "kps_")) {
        if (!ort.getOutputNames().contains(head + stride)) {
          throw SessionFactory.reject(
              ort,
              "model "
                  + model.card().id()
                  + " at "
                  + model.location()
                  + " is not a YuNet detector: no output "
                  + head
                  + stride);
        }
      }
    }
    return new OnnxFaceDetector(
        model.card(),
        options,
        new GuardedSession(ort, "face detector " + model.card().id()),
        opened.device());
  }

  @Override
  public ModelCard card() {
    return card;
  }

  /** The device the session actually runs on. */
  @Override
  public ExecutionDevice device() {
    return device;
  }

  @Override
  public List<DetectedFace> detect(RgbImage image) throws InferenceException {
    if (image == null) {
      throw new IllegalArgumentException("image must not be null");
    }
    double scale =
        Math.min(1.0, (double) options.maxInputSide() / Math.max(image.width(), image.height()));
    int w = Math.max(1, (int) Math.round(image.width() * scale));
    int h = Math.max(1, (int) Math.round(image.height() * scale));
    int inputW = (w + ALIGN - 1) / ALIGN * ALIGN;
    int inputH = (h + ALIGN - 1) / ALIGN * ALIGN;
    float[] planes = new float[3 * inputW * inputH];
    AreaResampler.toPlanes(
        image.rgb(),
        image.width(),
        image.height(),
        w,
        h,
        planes,
        inputW,
        inputH,
        !card.input().wantsRgb());
    float scaleX = (float) w / image.width();
    float scaleY = (float) h / image.height();
    long[] shape = {1, 3, inputH, inputW};
    List<YuNetDecoder.StrideOutput> outputs = session.use(s -> run(s, planes, shape));
    List<DetectedFace> candidates =
        YuNetDecoder.decode(outputs, inputW, inputH, scaleX, scaleY, options.scoreThreshold());
    return YuNetDecoder.suppress(
        candidates, options.nmsIouThreshold(), options.minFaceSize(), options.maxFaces());
  }

  private List<YuNetDecoder.StrideOutput> run(OrtSession s, float[] planes, long[] shape)
      throws InferenceException {
    try (OnnxTensor input =
            OnnxTensor.createTensor(OrtRuntime.environment(), FloatBuffer.wrap(planes), shape);
        OrtSession.Result result = s.run(Map.of(s.getInputNames().iterator().next(), input))) {
      List<YuNetDecoder.StrideOutput> outputs = new ArrayList<>();
      for (int stride : YuNetDecoder.STRIDES) {
        outputs.add(
            new YuNetDecoder.StrideOutput(
                stride,
                flat(result, "cls_" + stride),
                flat(result, "obj_" + stride),
                flat(result, "bbox_" + stride),
                flat(result, "kps_" + stride)));
      }
      return outputs;
    } catch (OrtException | RuntimeException e) {
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

  private static float[] flat(OrtSession.Result result, String name) throws OrtException {
    OnnxTensor t =
        (OnnxTensor)
            result.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
    FloatBuffer buffer = t.getFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  @Override
  public void close() {
    session.close();
  }
}
