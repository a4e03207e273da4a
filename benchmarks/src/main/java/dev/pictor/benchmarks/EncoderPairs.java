package dev.pictor.benchmarks;

import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.onnx.store.VerifiedModel;
import java.util.List;

/**
 * Pictor's encoder against OpenCV DNN as paired measurements ({@link PairedBlocks}): same encoders,
 * threads ({@value FaceEncoderBenchmark#THREADS}), crops and parity check as {@link
 * FaceEncoderBenchmark}, in one JVM, at batch 1 and {@value FaceEncoderBenchmark#BATCH}.
 *
 * <pre>
 * java -Dpictor.shared.dir=../shared -cp benchmarks/target/benchmarks.jar \
 *     dev.pictor.benchmarks.EncoderPairs [PAIRS [SECONDS_PER_BLOCK]]
 * </pre>
 */
public final class EncoderPairs {
  private EncoderPairs() {}

  /** Runs the pairs; arguments: pairs per batch size (40), seconds per block (1). */
  public static void main(String[] args) throws Exception {
    PairedBlocks paired = PairedBlocks.fromArguments(args);
    List<FaceImage> crops = FaceCrops.load(FaceEncoderBenchmark.BATCH);
    VerifiedModel model = FaceEncoderBenchmark.resolveModel();
    OpenCvDnnEncoder openCv =
        new OpenCvDnnEncoder(model.card(), model.onnx(), FaceEncoderBenchmark.THREADS);
    try (FaceEncoder pictor = FaceEncoderBenchmark.openPictor()) {
      System.out.println(ParityCheck.run(model, pictor, openCv));
      for (List<FaceImage> batch : List.of(crops.subList(0, 1), crops)) {
        paired.compare(
            "batch " + batch.size(),
            "OpenCV DNN",
            () -> openCv.encode(batch),
            "Pictor",
            () -> pictor.encodeAll(batch),
            batch.size());
      }
    }
    System.out.println("load at the end: " + PairedBlocks.load());
  }
}
