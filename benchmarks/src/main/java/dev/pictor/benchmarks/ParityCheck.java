package dev.pictor.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.PictorException;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.onnx.store.VerifiedModel;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Checks that OpenCV DNN and Pictor compute the same thing on real crops, so that the benchmark
 * compares like with like: OpenCV's raw outputs against ONNX Runtime's raw outputs for the same
 * tensor, and OpenCV's outputs, L2-normalised, against Pictor's embeddings (which also checks that
 * both are fed the same input). Stateless.
 *
 * <p>Run alone with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.pictor.benchmarks.ParityCheck}; the benchmark runs it before measuring OpenCV.
 */
public final class ParityCheck {
  /**
   * Largest accepted absolute difference per value. Raw descriptors have norm about 1.5, so this is
   * well under what could change a verification decision, and well above float rounding differences
   * between two runtimes' convolution algorithms.
   */
  static final double TOLERANCE = 1e-3;

  /** How many crops are compared, in one batch. */
  static final int FACES = 16;

  private ParityCheck() {}

  /**
   * Differences found by {@link #run}.
   *
   * @param faces crops compared
   * @param maxAbsRaw largest |OpenCV - ONNX Runtime| over the raw outputs
   * @param maxAbsEmbedding largest |OpenCV normalised - Pictor embedding|
   */
  record Result(int faces, double maxAbsRaw, double maxAbsEmbedding) {
    @Override
    public String toString() {
      return String.format(
          "parity on %d real crops: max |OpenCV - ONNX Runtime| raw = %.2e, "
              + "max |OpenCV - Pictor| embedding = %.2e (tolerance %.0e)",
          faces, maxAbsRaw, maxAbsEmbedding, TOLERANCE);
    }
  }

  /**
   * Compares the three on {@link #FACES} crops.
   *
   * @throws IllegalStateException if a difference exceeds {@link #TOLERANCE}
   */
  static Result run(VerifiedModel model, FaceEncoder pictor, OpenCvDnnEncoder openCv)
      throws IOException, OrtException, PictorException {
    List<FaceImage> faces = FaceCrops.load(FACES);
    float[][] ort = onnxRuntime(model, faces);
    float[][] cv = openCv.encode(faces);
    List<FaceEmbedding> embeddings = pictor.encodeAll(faces);
    double raw = 0;
    double embedded = 0;
    for (int i = 0; i < faces.size(); i++) {
      raw = Math.max(raw, maxAbsDiff(cv[i], ort[i]));
      float[] unit = FaceEmbedding.normalised(model.card().id(), cv[i]).values();
      embedded = Math.max(embedded, maxAbsDiff(unit, embeddings.get(i).values()));
    }
    Result result = new Result(faces.size(), raw, embedded);
    if (!(raw <= TOLERANCE && embedded <= TOLERANCE)) {
      throw new IllegalStateException("OpenCV DNN and Pictor disagree: " + result);
    }
    return result;
  }

  /** The model's raw outputs from a plain ONNX Runtime session, bypassing Pictor. */
  private static float[][] onnxRuntime(VerifiedModel model, List<FaceImage> faces)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {faces.size(), 3, model.card().input().height(), model.card().input().width()};
    FloatBuffer input = FloatBuffer.wrap(FaceCrops.nchw(faces, model.card()));
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(FaceEncoderBenchmark.THREADS);
      try (OrtSession session = env.createSession(model.onnx(), options);
          OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
          OrtSession.Result result =
              session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
        return (float[][]) result.get(0).getValue();
      }
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalStateException("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }

  /** Prints OpenCV's build summary and the parity result; exits with status 1 if they disagree. */
  public static void main(String[] args) throws Exception {
    VerifiedModel model = FaceEncoderBenchmark.resolveModel();
    OpenCvDnnEncoder openCv =
        new OpenCvDnnEncoder(model.card(), model.onnx(), FaceEncoderBenchmark.THREADS);
    System.out.println(OpenCvDnnEncoder.buildSummary());
    try (FaceEncoder pictor = FaceEncoderBenchmark.openPictor()) {
      System.out.println(run(model, pictor, openCv));
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
