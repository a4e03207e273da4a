package dev.pictor.benchmarks;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.Identification;
import dev.pictor.recognition.ExactRecognizer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Open-set identification latency in a gallery of {@code size} 128-d embeddings (one per person):
 * {@link ExactRecognizer} (blocked float scan, exact re-ranking) on one thread and on every core,
 * against the obvious loop over the enrolled {@link FaceEmbedding}s with {@link
 * FaceEmbedding#distanceTo}. The embeddings are seeded random unit vectors ({@link IdentifyData}
 * writes the same ones for the faiss peer, {@code tools/reference/identify_faiss.py}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class IdentifyBenchmark {
  @Param({"100000"})
  int size;

  private ExactRecognizer recognizer;
  private List<Gallery.Enrolled> enrolled;
  private FaceEmbedding[] probes;
  private int next;

  private ExactRecognizer parallel;
  private ExecutorService pool;

  /** Builds the gallery and the probes (the vectors {@link IdentifyData} writes for faiss). */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Random random = new Random(IdentifyData.SEED);
    enrolled = IdentifyData.gallery(random, size);
    probes = IdentifyData.probes(random);
    MemoryGallery gallery = new MemoryGallery("bench", enrolled);
    recognizer = new ExactRecognizer(gallery, DistanceMetric.EUCLIDEAN, 0.43);
    recognizer.identify(probes[0], 1); // builds the index outside the measurement
    int cores = Runtime.getRuntime().availableProcessors();
    pool = Executors.newFixedThreadPool(Math.max(1, cores - 1));
    parallel = recognizer.parallel(pool, cores);
    parallel.identify(probes[0], 1);
  }

  /** Stops the parallel search's threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  private FaceEmbedding probe() {
    next = (next + 1) & (probes.length - 1);
    return probes[next];
  }

  /** Pictor: top-5 identification. */
  @Benchmark
  public Identification exactRecognizer() throws Exception {
    return recognizer.identify(probe(), 5);
  }

  /** Pictor: top-5 identification split over every core (the caller and cores - 1 threads). */
  @Benchmark
  public Identification exactRecognizerAllCores() throws Exception {
    return parallel.identify(probe(), 5);
  }

  /** Baseline: nearest neighbour by a loop over the embedding objects. */
  @Benchmark
  public String naiveLoop() {
    FaceEmbedding q = probe();
    String best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (Gallery.Enrolled e : enrolled) {
      double d = q.distanceTo(e.embedding(), DistanceMetric.EUCLIDEAN);
      if (d < bestDistance) {
        bestDistance = d;
        best = e.name();
      }
    }
    return best;
  }
}
