package dev.pictor.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.face.FaceImage;
import dev.pictor.onnx.store.VerifiedModel;
import dev.pictor.onnx.support.FaceTensors;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The mechanism behind the encoder's concurrent parts, on plain ONNX Runtime sessions: one run of a
 * batch on a 2-thread session (A) against two concurrent runs of its halves on a 1-thread session
 * (B), paired ({@link PairedBlocks}), at batches 2, 4 and 16 of the real crops packed as Pictor
 * packs them. Session options as {@code SessionFactory}'s: all graph optimisations, spinning off.
 *
 * <pre>
 * java -Dpictor.shared.dir=../shared -cp benchmarks/target/benchmarks.jar \
 *     dev.pictor.benchmarks.ConcurrentRunsPairs [PAIRS [SECONDS_PER_BLOCK]]
 * </pre>
 */
public final class ConcurrentRunsPairs {
  private ConcurrentRunsPairs() {}

  /** Runs the pairs; arguments: pairs per batch size (40), seconds per block (1). */
  public static void main(String[] args) throws Exception {
    PairedBlocks paired = PairedBlocks.fromArguments(args);
    VerifiedModel model = FaceEncoderBenchmark.resolveModel();
    List<FaceImage> crops = FaceCrops.load(FaceEncoderBenchmark.BATCH);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (OrtSession two = open(env, model, 2);
        OrtSession one = open(env, model, 1)) {
      for (int n : new int[] {2, 4, 16}) {
        List<FaceImage> batch = crops.subList(0, n);
        List<FaceImage> left = batch.subList(0, n / 2);
        List<FaceImage> right = batch.subList(n / 2, n);
        paired.compare(
            "batch " + n,
            "one run, 2 threads",
            () -> run(env, two, model, batch),
            "two halves at once, 1 thread each",
            () -> {
              Future<?> other = pool.submit(() -> run(env, one, model, left));
              run(env, one, model, right);
              other.get();
            },
            n);
      }
    } finally {
      pool.shutdown();
    }
    System.out.println("load at the end: " + PairedBlocks.load());
  }

  private static OrtSession open(OrtEnvironment env, VerifiedModel model, int threads)
      throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(threads);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      return env.createSession(model.onnx(), options);
    }
  }

  private static Void run(
      OrtEnvironment env, OrtSession session, VerifiedModel model, List<FaceImage> faces)
      throws OrtException {
    FloatBuffer pixels = FaceTensors.pack(model.card(), faces);
    long[] shape = {faces.size(), 3, model.card().input().height(), model.card().input().width()};
    try (OnnxTensor input = OnnxTensor.createTensor(env, pixels, shape);
        OrtSession.Result result =
            session.run(Map.of(session.getInputNames().iterator().next(), input))) {
      if (((float[][]) result.get(0).getValue()).length != faces.size()) {
        throw new IllegalStateException("wrong output size");
      }
    }
    return null;
  }
}
