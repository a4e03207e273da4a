package dev.pictor.benchmarks;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.Identification;
import dev.pictor.recognition.ExactRecognizer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The seeded gallery and probes of {@link IdentifyBenchmark}, and a writer that saves them for the
 * faiss peer ({@code tools/reference/identify_faiss.py}) with the exact top 5 of every probe.
 *
 * <p>File layout, little-endian: int32 rows, dimension, probes, k; rows x dimension float32 (the
 * gallery, row i is {@code person-i}); probes x dimension float32; probes x k int32 (the rows of
 * {@link ExactRecognizer}'s top k, nearest first). Stateless; {@code main} is single-threaded.
 */
public final class IdentifyData {
  static final int DIMENSION = 128;
  static final int PROBES = 64;
  static final long SEED = 42;

  private IdentifyData() {}

  /** The gallery: {@code size} random unit vectors named {@code person-<row>}, then the probes. */
  static List<Gallery.Enrolled> gallery(Random random, int size) {
    List<Gallery.Enrolled> enrolled = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      enrolled.add(new Gallery.Enrolled("person-" + i, randomUnit(random)));
    }
    return enrolled;
  }

  static FaceEmbedding[] probes(Random random) {
    FaceEmbedding[] probes = new FaceEmbedding[PROBES];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = randomUnit(random);
    }
    return probes;
  }

  static FaceEmbedding randomUnit(Random random) {
    float[] v = new float[DIMENSION];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return FaceEmbedding.normalised("bench", v);
  }

  /**
   * Writes the benchmark's vectors. Usage: {@code IdentifyData OUT_FILE [SIZE]} (default 100000).
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: IdentifyData OUT_FILE [SIZE]");
      System.exit(2);
    }
    int size = args.length == 2 ? Integer.parseInt(args[1]) : 100_000;
    Random random = new Random(SEED);
    List<Gallery.Enrolled> enrolled = gallery(random, size);
    FaceEmbedding[] probes = probes(random);
    int k = 5;
    ExactRecognizer recognizer =
        new ExactRecognizer(new MemoryGallery("bench", enrolled), DistanceMetric.EUCLIDEAN, 0.43);
    try (OutputStream out = Files.newOutputStream(Path.of(args[0]));
        DataOutputStream data = new DataOutputStream(out)) {
      ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(size).putInt(DIMENSION).putInt(probes.length).putInt(k);
      data.write(header.array());
      for (Gallery.Enrolled e : enrolled) {
        writeFloats(data, e.embedding().values());
      }
      for (FaceEmbedding p : probes) {
        writeFloats(data, p.values());
      }
      for (FaceEmbedding p : probes) {
        Identification id = recognizer.identify(p, k);
        ByteBuffer rows = ByteBuffer.allocate(4 * k).order(ByteOrder.LITTLE_ENDIAN);
        id.candidates()
            .forEach(c -> rows.putInt(Integer.parseInt(c.name().substring("person-".length()))));
        data.write(rows.array());
      }
    } catch (IOException e) {
      System.err.println("cannot write " + args[0] + ": " + e.getMessage());
      System.exit(2);
    }
    System.out.println("wrote " + size + " rows, " + probes.length + " probes to " + args[0]);
  }

  private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    out.write(b.array());
  }
}
