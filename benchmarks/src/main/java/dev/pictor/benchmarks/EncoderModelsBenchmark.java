package dev.pictor.benchmarks;

import dev.pictor.Pictor;
import dev.pictor.PictorException;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Faces per second of Pictor's packaged face encoders side by side (one JMH operation = one face),
 * on the CPU with {@value FaceEncoderBenchmark#THREADS} threads, at batch 1 and batch {@value
 * FaceEncoderBenchmark#BATCH}: {@code face-resnet128} (150x150 input) and {@code mobilefacenet512}
 * (112x112). The crops are the same faces-tv crops; for a 112x112 model, their central 112x112
 * window. Each model runs in its own forked JVM. JMH calls each benchmark from one thread; the
 * state opens the encoder at the start of a trial and closes it at its end.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 6, time = 2)
public class EncoderModelsBenchmark {

  /** One encoder and its crops, open for the whole trial. */
  @State(Scope.Benchmark)
  public static class Encoder {
    @Param({"face-resnet128", "mobilefacenet512"})
    String modelId;

    FaceEncoder encoder;
    List<FaceImage> one;
    List<FaceImage> batch;

    /** Opens the encoder and reads the crops at its input size. */
    @Setup(Level.Trial)
    public void open() throws Exception {
      encoder =
          Pictor.faceEncoder(
              EncoderOptions.builder()
                  .modelId(modelId)
                  .intraOpThreads(FaceEncoderBenchmark.THREADS)
                  .maxBatchSize(FaceEncoderBenchmark.BATCH)
                  .build());
      int side = encoder.card().input().width();
      batch = new ArrayList<>();
      for (FaceImage crop : FaceCrops.load(FaceEncoderBenchmark.BATCH)) {
        batch.add(centre(crop, side));
      }
      one = batch.subList(0, 1);
    }

    /** Closes the encoder. */
    @TearDown(Level.Trial)
    public void close() {
      encoder.close();
    }
  }

  /** The central {@code side x side} window of {@code crop}. */
  static FaceImage centre(FaceImage crop, int side) {
    if (crop.width() == side && crop.height() == side) {
      return crop;
    }
    int x0 = (crop.width() - side) / 2;
    int y0 = (crop.height() - side) / 2;
    float[] rgb = new float[side * side * 3];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        for (int c = 0; c < 3; c++) {
          rgb[(y * side + x) * 3 + c] = crop.value(x0 + x, y0 + y, c);
        }
      }
    }
    return new FaceImage(side, side, rgb);
  }

  /** One face per run. */
  @Benchmark
  @OperationsPerInvocation(1)
  public List<FaceEmbedding> batch1(Encoder e) throws PictorException {
    return e.encoder.encodeAll(e.one);
  }

  /** {@value FaceEncoderBenchmark#BATCH} faces per run. */
  @Benchmark
  @OperationsPerInvocation(FaceEncoderBenchmark.BATCH)
  public List<FaceEmbedding> batch16(Encoder e) throws PictorException {
    return e.encoder.encodeAll(e.batch);
  }
}
