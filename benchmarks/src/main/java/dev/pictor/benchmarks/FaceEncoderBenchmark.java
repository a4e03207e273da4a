package dev.pictor.benchmarks;

import dev.pictor.ModelException;
import dev.pictor.Pictor;
import dev.pictor.PictorException;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.VerifiedModel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Face encoder throughput in faces per second (one JMH operation = one face), on the CPU with
 * {@value #THREADS} threads, at batch 1 and batch {@value #BATCH}: Pictor's {@link FaceEncoder}
 * against OpenCV DNN running the same ONNX bytes. Both take the same real crops and return
 * descriptors; Pictor's time includes its tensor packing and L2 normalisation, OpenCV's its blob
 * packing.
 *
 * <p>Each benchmark runs in its own forked JVM, so one runtime's thread pool never competes with
 * the other's. Before OpenCV is measured, {@link ParityCheck} must pass. JMH calls each benchmark
 * from one thread; the states open the encoders at the start of a trial and close what can be
 * closed at its end.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
public class FaceEncoderBenchmark {
  /** Threads given to each runtime. */
  static final int THREADS = 2;

  /** The larger batch size. */
  static final int BATCH = 16;

  /** Resolves the packaged face encoder model, verified against its card. */
  static VerifiedModel resolveModel() throws ModelException {
    return ModelStore.standard(Optional.empty()).resolve(EncoderOptions.DEFAULT_MODEL_ID);
  }

  /** Pictor's encoder as a user would open it for this benchmark. */
  static FaceEncoder openPictor() throws ModelException {
    return Pictor.faceEncoder(
        EncoderOptions.builder().intraOpThreads(THREADS).maxBatchSize(BATCH).build());
  }

  /** The crops: one for batch 1, {@value #BATCH} different ones for the larger batch. */
  @State(Scope.Benchmark)
  public static class Crops {
    List<FaceImage> one;
    List<FaceImage> batch;

    /** Reads the crops from the shared folder. */
    @Setup(Level.Trial)
    public void load() throws Exception {
      batch = FaceCrops.load(BATCH);
      one = batch.subList(0, 1);
    }
  }

  /** Pictor's encoder, open for the whole trial. */
  @State(Scope.Benchmark)
  public static class PictorEncoder {
    FaceEncoder encoder;

    /** Opens the encoder. */
    @Setup(Level.Trial)
    public void open() throws ModelException {
      encoder = openPictor();
    }

    /** Closes the encoder. */
    @TearDown(Level.Trial)
    public void close() {
      encoder.close();
    }
  }

  /** OpenCV DNN on the same model, checked against Pictor before use. */
  @State(Scope.Benchmark)
  public static class OpenCvEncoder {
    OpenCvDnnEncoder net;

    /** Loads the network and runs the parity check; fails the trial if they disagree. */
    @Setup(Level.Trial)
    public void open() throws Exception {
      VerifiedModel model = resolveModel();
      net = new OpenCvDnnEncoder(model.card(), model.onnx(), THREADS);
      System.out.println(OpenCvDnnEncoder.buildSummary());
      try (FaceEncoder pictor = openPictor()) {
        System.out.println(ParityCheck.run(model, pictor, net));
      }
    }
  }

  /** Pictor, one face per run. */
  @Benchmark
  @OperationsPerInvocation(1)
  public List<FaceEmbedding> pictorBatch1(PictorEncoder pictor, Crops crops)
      throws PictorException {
    return pictor.encoder.encodeAll(crops.one);
  }

  /** Pictor, {@value #BATCH} faces per run. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<FaceEmbedding> pictorBatch16(PictorEncoder pictor, Crops crops)
      throws PictorException {
    return pictor.encoder.encodeAll(crops.batch);
  }

  /** OpenCV DNN, one face per run. */
  @Benchmark
  @OperationsPerInvocation(1)
  public float[][] openCvDnnBatch1(OpenCvEncoder openCv, Crops crops) {
    return openCv.net.encode(crops.one);
  }

  /** OpenCV DNN, {@value #BATCH} faces per run. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float[][] openCvDnnBatch16(OpenCvEncoder openCv, Crops crops) {
    return openCv.net.encode(crops.batch);
  }
}
