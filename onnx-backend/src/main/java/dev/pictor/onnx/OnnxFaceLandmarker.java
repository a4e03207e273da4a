package dev.pictor.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.ModelException;
import dev.pictor.face.Box;
import dev.pictor.face.FaceLandmarker;
import dev.pictor.face.FaceShape;
import dev.pictor.face.LandmarkerOptions;
import dev.pictor.image.RgbImage;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelKind;
import dev.pictor.onnx.store.VerifiedModel;
import dev.pictor.onnx.support.GuardedSession;
import dev.pictor.onnx.support.OrtRuntime;
import dev.pictor.onnx.support.SessionFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Finds 68 facial landmarks (iBUG 300-W order: jaw 0-16, eyebrows 17-26, nose 27-35, eyes 36-47,
 * mouth 48-67) in faces whose boxes are known, with the {@code face-landmark68} model
 * (face-api.js's FaceLandmark68Net: square input crop, output the 68 points as fractions of the
 * crop's side).
 *
 * <p>Cropping follows face-api.js: the crop is the face box made square around its centre (side =
 * the box's longer side). Unlike face-api.js, which letterboxes the box itself with black, the
 * extra area is filled with the photo's own pixels; only parts outside the photo are black. The
 * crop is resampled to the model's input size here in Java: bilinear interpolation at each output
 * pixel's centre (half-pixel convention), averaged over {@code k x k} evenly spaced points per
 * output pixel when shrinking by a factor up to {@code k}, so large faces are not aliased. This
 * resampling is not bit-identical to TF.js's {@code resizeBilinear}, so points can differ from
 * face-api.js's by a fraction of a pixel. The points are mapped back to the photo's coordinates
 * (continuous: the crop covers {@code [x0, x0 + side]}).
 *
 * <p>Thread-safe: one ONNX Runtime session serves concurrent calls. Owns the session; {@link
 * #close()} is idempotent and waits for runs in flight, later calls throw {@link
 * IllegalStateException}.
 */
public final class OnnxFaceLandmarker implements FaceLandmarker {
  /** Number of landmarks per face. */
  public static final int POINTS = 68;

  private final ModelCard card;
  private final GuardedSession session;
  private final String inputName;
  private final ExecutionDevice device;
  private final LandmarkerOptions options;

  private OnnxFaceLandmarker(
      ModelCard card,
      GuardedSession session,
      String inputName,
      ExecutionDevice device,
      LandmarkerOptions options) {
    this.card = card;
    this.session = session;
    this.inputName = inputName;
    this.device = device;
    this.options = options;
  }

  /**
   * Opens a landmarker for a verified 68-point model as {@code options} say ({@code modelId} and
   * {@code modelDirectory} were used to find {@code model}; the rest applies here).
   *
   * @throws ModelException if ONNX Runtime rejects the model or it is not a landmark model
   */
  public static OnnxFaceLandmarker open(VerifiedModel model, LandmarkerOptions options)
      throws ModelException {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    model.requireKind(ModelKind.LANDMARKER);
    ModelCard card = model.card();
    if (card.input().width() != card.input().height()
        || card.landmarker().points() != FaceShape.POINTS) {
      throw new ModelException(
          "model "
              + card.id()
              + " is not a 68-point landmark model (needs a square input and "
              + FaceShape.POINTS
              + " points)");
    }
    SessionFactory.OpenedSession opened =
        SessionFactory.open(card.id(), model.onnx(), options.device(), options.intraOpThreads());
    OrtSession ort = opened.session();
    String input = SessionFactory.singleInput(ort, card.id(), model.location());
    return new OnnxFaceLandmarker(
        card,
        new GuardedSession(ort, "face landmarker " + card.id()),
        input,
        opened.device(),
        options);
  }

  /**
   * Opens a landmarker for a verified 68-point model (square input, output {@code [N, 136]}) with
   * the default crop of {@link LandmarkerOptions}.
   *
   * @param model e.g. {@code ModelStore.standard(Optional.empty()).resolve("face-landmark68")}
   * @param device where to run; a PREFER policy falls back to the CPU
   * @param intraOpThreads threads per run, 0 for ONNX Runtime's default
   * @param maxBatchSize most faces per run, at least 1
   * @throws ModelException if ONNX Runtime rejects the model or it is not a landmark model
   */
  public static OnnxFaceLandmarker open(
      VerifiedModel model, ExecutionDevice device, int intraOpThreads, int maxBatchSize)
      throws ModelException {
    return open(
        model,
        LandmarkerOptions.builder()
            .modelId(model.card().id())
            .device(device)
            .intraOpThreads(intraOpThreads)
            .maxBatchSize(maxBatchSize)
            .build());
  }

  /** The model's card. */
  @Override
  public ModelCard card() {
    return card;
  }

  /** The device the session actually runs on (the CPU after a PREFER fallback). */
  @Override
  public ExecutionDevice device() {
    return device;
  }

  /**
   * The shape of each face: each detector box is first scaled and shifted as the options say
   * ({@link LandmarkerOptions#cropFor}), then cropped as {@link #landmarks68} does.
   */
  @Override
  public List<FaceShape> shapes(RgbImage image, List<Box> faces) throws InferenceException {
    if (image == null || faces == null) {
      throw new IllegalArgumentException("image and faces must not be null");
    }
    List<Box> crops = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      Box b = faces.get(i);
      if (b == null || !(b.width() > 0) || !(b.height() > 0)) {
        throw new IllegalArgumentException("face box " + i + " must have a positive size: " + b);
      }
      crops.add(options.cropFor(b));
    }
    List<FaceShape> shapes = new ArrayList<>(faces.size());
    for (float[] points : landmarks68(image, crops)) {
      shapes.add(FaceShape.of(points));
    }
    return shapes;
  }

  /**
   * The 68 landmarks of each face, from boxes used as they are.
   *
   * @param image the photo the boxes refer to
   * @param faces face boxes in {@code image}'s coordinates, e.g. from a detector; each must have a
   *     positive width and height
   * @return per box, in order, 136 values {@code x0, y0, x1, y1, ...} in {@code image}'s
   *     coordinates (points may lie outside the image); empty if {@code faces} is empty
   * @throws InferenceException if the model fails
   * @throws IllegalStateException after {@link #close()}
   */
  public List<float[]> landmarks68(RgbImage image, List<Box> faces) throws InferenceException {
    if (image == null || faces == null) {
      throw new IllegalArgumentException("image and faces must not be null");
    }
    for (int i = 0; i < faces.size(); i++) {
      Box b = faces.get(i);
      if (b == null || !(b.width() > 0) || !(b.height() > 0)) {
        throw new IllegalArgumentException("face box " + i + " must have a positive size: " + b);
      }
    }
    if (faces.isEmpty()) {
      return List.of();
    }
    byte[] rgb = image.rgb();
    List<float[]> out = new ArrayList<>(faces.size());
    for (int from = 0; from < faces.size(); from += options.maxBatchSize()) {
      List<Box> batch = faces.subList(from, Math.min(faces.size(), from + options.maxBatchSize()));
      float[][] crops = new float[batch.size()][];
      double[][] frames = new double[batch.size()][];
      for (int k = 0; k < batch.size(); k++) {
        frames[k] = squareAround(batch.get(k));
        crops[k] = crop(rgb, image.width(), image.height(), frames[k]);
      }
      float[][] raw = session.use(s -> run(s, crops));
      for (int k = 0; k < batch.size(); k++) {
        double x0 = frames[k][0];
        double y0 = frames[k][1];
        double side = frames[k][2];
        float[] points = new float[2 * POINTS];
        for (int p = 0; p < POINTS; p++) {
          points[2 * p] = (float) (x0 + raw[k][2 * p] * side);
          points[2 * p + 1] = (float) (y0 + raw[k][2 * p + 1] * side);
        }
        out.add(points);
      }
    }
    return out;
  }

  /** {@code {x0, y0, side}} of the square with the box's centre and its longer side. */
  static double[] squareAround(Box box) {
    double side = Math.max(box.width(), box.height());
    double cx = box.x() + box.width() / 2.0;
    double cy = box.y() + box.height() / 2.0;
    return new double[] {cx - side / 2, cy - side / 2, side};
  }

  /**
   * The square {@code frame} of the photo resampled to the input size, normalised as the card says,
   * as planar (CHW) floats.
   */
  private float[] crop(byte[] rgb, int width, int height, double[] frame) {
    int n = card.input().width();
    int plane = n * n;
    double step = frame[2] / n;
    int k = Math.max(1, (int) Math.ceil(step - 1e-9));
    float[] mean = new float[3];
    float[] std = new float[3];
    int[] source = new int[3];
    for (int c = 0; c < 3; c++) {
      mean[c] = card.input().mean().get(c);
      std[c] = card.input().std().get(c);
      source[c] = card.input().wantsRgb() ? c : 2 - c;
    }
    float[] chw = new float[3 * plane];
    double[] sum = new double[3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        Arrays.fill(sum, 0);
        for (int si = 0; si < k; si++) {
          // sample points evenly spread over the output pixel, in pixel-index coordinates
          double y = frame[1] + (i + (si + 0.5) / k) * step - 0.5;
          for (int sj = 0; sj < k; sj++) {
            double x = frame[0] + (j + (sj + 0.5) / k) * step - 0.5;
            addBilinear(rgb, width, height, x, y, sum);
          }
        }
        int p = i * n + j;
        for (int c = 0; c < 3; c++) {
          float v = (float) (sum[source[c]] / (k * k));
          chw[c * plane + p] = (v - mean[c]) / std[c];
        }
      }
    }
    return chw;
  }

  /** Adds the bilinear interpolation at ({@code x}, {@code y}); pixels outside are black. */
  private static void addBilinear(
      byte[] rgb, int width, int height, double x, double y, double[] sum) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    for (int dy = 0; dy <= 1; dy++) {
      int yy = y0 + dy;
      double wy = dy == 0 ? 1 - fy : fy;
      if (yy < 0 || yy >= height || wy == 0) {
        continue;
      }
      for (int dx = 0; dx <= 1; dx++) {
        int xx = x0 + dx;
        double w = wy * (dx == 0 ? 1 - fx : fx);
        if (xx < 0 || xx >= width || w == 0) {
          continue;
        }
        int s = (yy * width + xx) * 3;
        sum[0] += w * (rgb[s] & 0xFF);
        sum[1] += w * (rgb[s + 1] & 0xFF);
        sum[2] += w * (rgb[s + 2] & 0xFF);
      }
    }
  }

  private float[][] run(OrtSession s, float[][] crops) throws InferenceException {
    int n = card.input().width();
    long[] shape = {crops.length, 3, n, n};
    FloatBuffer buf =
        ByteBuffer.allocateDirect(crops.length * 3 * n * n * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    for (float[] c : crops) {
      buf.put(c);
    }
    buf.flip();
    try (OnnxTensor input = OnnxTensor.createTensor(OrtRuntime.environment(), buf, shape);
        OrtSession.Result result = s.run(Map.of(inputName, input))) {
      float[][] raw = (float[][]) result.get(0).getValue();
      if (raw.length != crops.length || raw[0].length != 2 * POINTS) {
        throw new InferenceException(
            "model "
                + card.id()
                + " returned ["
                + raw.length
                + ", "
                + raw[0].length
                + "], expected ["
                + crops.length
                + ", "
                + 2 * POINTS
                + "]",
            null);
      }
      return raw;
    } catch (OrtException | ClassCastException e) {
      throw new InferenceException(
          "model "
              + card.id()
              + " failed on input "
              + Arrays.toString(shape)
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
  }
}
