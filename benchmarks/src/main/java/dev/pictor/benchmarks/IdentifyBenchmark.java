package dev.pictor.benchmarks;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.Identification;
import dev.pictor.recognition.ExactRecognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Open-set identification latency in a gallery of {@code size} 128-d embeddings (one per person):
 * {@link ExactRecognizer} (contiguous array, dot products) against the obvious loop over the
 * enrolled {@link FaceEmbedding}s with {@link FaceEmbedding#distanceTo}. The embeddings are random
 * unit vectors (seeded): search cost does not depend on their values. Single-threaded.
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

  /** Builds the gallery and the probes. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Random random = new Random(42);
    enrolled = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      enrolled.add(new Gallery.Enrolled("person-" + i, randomUnit(random)));
    }
    MemoryGallery gallery = new MemoryGallery("bench", enrolled);
    recognizer = new ExactRecognizer(gallery, DistanceMetric.EUCLIDEAN, 0.43);
    recognizer.identify(randomUnit(random), 1); // builds the index outside the measurement
    probes = new FaceEmbedding[64];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = randomUnit(random);
    }
  }

  private static FaceEmbedding randomUnit(Random random) {
    float[] v = new float[128];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return FaceEmbedding.normalised("bench", v);
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
