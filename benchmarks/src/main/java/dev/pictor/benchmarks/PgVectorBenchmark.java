package dev.pictor.benchmarks;

import dev.pictor.face.Candidate;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.Identification;
import dev.pictor.face.Recognizer;
import dev.pictor.pgvector.PgSettings;
import dev.pictor.pgvector.PgVectorGallery;
import dev.pictor.pgvector.PgVectorRecognizer;
import dev.pictor.pgvector.PgVectorRecognizer.Mode;
import dev.pictor.recognition.ExactRecognizer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Timing program (not a test) for the PostgreSQL + pgvector gallery, next to the in-process {@link
 * ExactRecognizer} on the same vectors (faiss runs on them afterwards: {@code
 * benchmarks/pgvector/faiss_peer.py}, both from {@code benchmarks/pgvector/run.sh}).
 *
 * <p>The gallery is N random unit vectors of 128 values (one per person, Gaussian then normalised):
 * fine for speed, harder than faces for an approximate index (no clusters). Two probe sets of Q
 * each: {@code random} (independent random unit vectors: nobody matches, every neighbour is about
 * equally far) and {@code genuine} (an enrolled vector plus noise, at distance about 0.5, like a
 * second photo of an enrolled person). It measures batched enrollment (rows/s, without the index),
 * the HNSW index build, single enrollments with the index in place, top-5 identification latency
 * (p50/p99 over Q probes, one at a time) and recall@1/@5 of the index against the exact search of
 * the database, for several ef_search values, and the same for {@link ExactRecognizer}; next to
 * each latency, the CPU time per search of the client thread and of the server's backends, which
 * unlike wall time does not grow when the machine is shared.
 *
 * <p>With {@code --faces MODEL.f32} the vectors are face-like instead: drawn from a Gaussian model
 * fitted to real embeddings ({@code benchmarks/pgvector/face_model.py}: mean, how people differ,
 * how two photos of one person differ), so that the index meets the structure of a real gallery;
 * enrolled people and strangers are {@code unit(m + B z)}, a genuine probe is an enrolled vector
 * plus within-person noise, {@code unit(e + W z)}. {@code --ef 40,100,...} sets the ef_search
 * values, {@code --hnsw M,EF_CONSTRUCTION} the index build (16,64). {@code --ivf LISTS} builds an
 * IVFFlat index of LISTS lists instead, searched with each of {@code --probes 5,10,...}.
 *
 * <p>Usage: {@code PgVectorBenchmark load N Q DIR [--faces MODEL.f32] [--ef LIST] [--hnsw M,EFC]
 * [--ivf LISTS --probes LIST]} (server and credentials from the PICTOR_TEST_PG_* environment of
 * tools/postgres/test-postgres.sh; writes DIR/gallery.f32, DIR/random.f32, DIR/genuine.f32 for
 * faiss) or {@code PgVectorBenchmark rss GALLERY Q} (a fresh client that only searches: its RSS).
 * Not thread-safe; a program.
 */
public final class PgVectorBenchmark {

  private static final String MODEL = "bench-128";
  private static final int DIM = 128;
  private static final int TOP = 5;
  private static final int[] DEFAULT_EF_SEARCH = {40, 64, 100, 200, 400};

  private PgVectorBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 4 && args.length % 2 == 0 && args[0].equals("load")) {
      Vectors vectors = Vectors.RANDOM;
      int[] ef = DEFAULT_EF_SEARCH;
      int[] hnsw = {16, 64};
      int ivfLists = 0;
      int[] probes = {5, 10, 20, 40};
      for (int i = 4; i < args.length; i += 2) {
        switch (args[i]) {
          case "--faces" -> vectors = Vectors.faceLike(Path.of(args[i + 1]));
          case "--hnsw" ->
              hnsw = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
          case "--ef" ->
              ef = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
          case "--ivf" -> ivfLists = Integer.parseInt(args[i + 1]);
          case "--probes" ->
              probes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      load(
          Integer.parseInt(args[1]),
          Integer.parseInt(args[2]),
          Path.of(args[3]),
          vectors,
          new Search(ef, hnsw, ivfLists, probes));
    } else if (args.length == 3 && args[0].equals("rss")) {
      rss(args[1], Integer.parseInt(args[2]));
    } else {
      System.err.println(
          "usage: PgVectorBenchmark load N Q DIR [--faces MODEL.f32] [--ef LIST] [--hnsw M,EFC]"
              + " [--ivf LISTS --probes LIST] | rss GALLERY Q");
      System.exit(2);
    }
  }

  private static PgSettings settings() {
    return PgSettings.builder()
        .url(System.getenv("PICTOR_TEST_PG_URL"))
        .user(System.getenv("PICTOR_TEST_PG_USER"))
        .password(System.getenv("PICTOR_TEST_PG_PASSWORD").toCharArray())
        .statementTimeout(java.time.Duration.ofMinutes(10))
        .build();
  }

  private static float[] randomUnit(SplittableRandom random) {
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      double g = gaussian(random);
      v[i] = (float) g;
      norm += g * g;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (v[i] / norm);
    }
    return v;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static FaceEmbedding unit(float[] raw) {
    return FaceEmbedding.normalised(MODEL, raw);
  }

  /**
   * Where the benchmark's vectors come from: uniformly random unit vectors, or a Gaussian model of
   * real face embeddings (mean {@code m}, between-people square root {@code B}, within-person
   * square root {@code W}).
   */
  private record Vectors(String what, float[] mean, float[][] between, float[][] within) {
    static final Vectors RANDOM = new Vectors("random unit vectors", null, null, null);

    static Vectors faceLike(Path model) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(model)).order(ByteOrder.LITTLE_ENDIAN);
      if (b.remaining() != 4 * (DIM + 2 * DIM * DIM)) {
        throw new IOException(model + " is not a face model of " + DIM + " values");
      }
      float[] mean = new float[DIM];
      b.asFloatBuffer().get(mean);
      b.position(4 * DIM);
      float[][] between = new float[DIM][DIM];
      float[][] within = new float[DIM][DIM];
      for (float[][] m : List.of(between, within)) {
        for (float[] row : m) {
          for (int j = 0; j < DIM; j++) {
            row[j] = b.getFloat();
          }
        }
      }
      return new Vectors(
          "face-like vectors (Gaussian model " + model.getFileName() + ")", mean, between, within);
    }

    /** An enrolled person, or a stranger. */
    float[] person(SplittableRandom random) {
      return mean == null ? randomUnit(random) : unitOf(plus(mean, times(between, random)));
    }

    /** Another photo of the person enrolled as {@code enrolled}. */
    float[] secondPhoto(float[] enrolled, SplittableRandom random) {
      if (mean == null) {
        float[] noise = randomUnit(random);
        float[] probe = new float[DIM];
        for (int d = 0; d < DIM; d++) {
          probe[d] = enrolled[d] + 0.5f * noise[d];
        }
        return unitOf(probe);
      }
      return unitOf(plus(enrolled, times(within, random)));
    }

    private static float[] times(float[][] root, SplittableRandom random) {
      double[] z = new double[DIM];
      for (int i = 0; i < DIM; i++) {
        z[i] = gaussian(random);
      }
      float[] out = new float[DIM];
      for (int i = 0; i < DIM; i++) {
        double sum = 0;
        for (int j = 0; j < DIM; j++) {
          sum += root[i][j] * z[j];
        }
        out[i] = (float) sum;
      }
      return out;
    }

    private static float[] plus(float[] a, float[] b) {
      float[] out = new float[DIM];
      for (int i = 0; i < DIM; i++) {
        out[i] = a[i] + b[i];
      }
      return out;
    }

    private static float[] unitOf(float[] raw) {
      return FaceEmbedding.normalised(MODEL, raw).values();
    }
  }

  /** The index to build and the settings to search it with: HNSW, or IVFFlat when lists > 0. */
  private record Search(int[] efSearch, int[] hnsw, int ivfLists, int[] probes) {
    boolean ivf() {
      return ivfLists > 0;
    }
  }

  private static void load(int n, int q, Path dir, Vectors vectors, Search search)
      throws Exception {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(20261202L);
    float[][] gallery = new float[n][];
    for (int i = 0; i < n; i++) {
      gallery[i] = vectors.person(random);
    }
    float[][] strangers = new float[q][];
    float[][] genuine = new float[q][];
    for (int i = 0; i < q; i++) {
      strangers[i] = vectors.person(random);
      genuine[i] = vectors.secondPhoto(gallery[random.nextInt(n)], random);
    }
    write(dir.resolve("gallery.f32"), gallery);
    write(dir.resolve("random.f32"), strangers);
    write(dir.resolve("genuine.f32"), genuine);

    String name = "bench-" + n + "-" + Long.toHexString(System.nanoTime());
    System.out.printf(Locale.ROOT, "gallery %s: %d %s of %d%n", name, n, vectors.what(), DIM);
    try (PgVectorGallery pg =
        PgVectorGallery.open(settings(), name, MODEL, DIM, DistanceMetric.EUCLIDEAN)) {
      pg.dropIndex();
      long t0 = System.nanoTime();
      int batch = 1000;
      for (int start = 0; start < n; start += batch) {
        Map<String, List<FaceEmbedding>> people = new LinkedHashMap<>();
        for (int i = start; i < Math.min(n, start + batch); i++) {
          people.put("p" + i, List.of(new FaceEmbedding(MODEL, gallery[i])));
        }
        pg.enrollAll(people);
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "batched enrollment (1000 people per transaction, no index): %.1f s, %.0f rows/s%n",
          loadSeconds,
          n / loadSeconds);
      long t1 = System.nanoTime();
      if (search.ivf()) {
        pg.rebuildIvfIndex(3072, search.ivfLists());
        System.out.printf(
            Locale.ROOT,
            "IVFFlat index build (lists=%d, maintenance_work_mem=3GB): %.1f s%n",
            search.ivfLists(),
            (System.nanoTime() - t1) / 1e9);
      } else {
        pg.rebuildIndex(3072, search.hnsw()[0], search.hnsw()[1]);
        System.out.printf(
            Locale.ROOT,
            "HNSW index build (m=%d, ef_construction=%d, maintenance_work_mem=3GB): %.1f s%n",
            search.hnsw()[0],
            search.hnsw()[1],
            (System.nanoTime() - t1) / 1e9);
      }
      int singles = 300;
      long t2 = System.nanoTime();
      for (int i = 0; i < singles; i++) {
        pg.enroll("single-" + i, List.of(unit(vectors.person(random))));
      }
      double singleSeconds = (System.nanoTime() - t2) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "single enrollments with the index in place: %.0f rows/s (%.2f ms each)%n",
          singles / singleSeconds,
          1000 * singleSeconds / singles);
      for (int i = 0; i < singles; i++) {
        pg.remove("single-" + i);
      }

      PgVectorRecognizer exact =
          new PgVectorRecognizer(pg, DistanceMetric.EUCLIDEAN, 0.6, Mode.EXACT, 40);
      for (String set : List.of("random", "genuine")) {
        float[][] probes = set.equals("random") ? strangers : genuine;
        System.out.printf(Locale.ROOT, "%n probes: %s (%d)%n", set, q);
        List<List<String>> truth = new ArrayList<>();
        long[] exactTimes = new long[q];
        Cpu exactCpu = Cpu.start();
        for (int i = 0; i < q; i++) {
          long s = System.nanoTime();
          truth.add(names(exact.identify(new FaceEmbedding(MODEL, probes[i]), TOP)));
          exactTimes[i] = System.nanoTime() - s;
        }
        report("pgvector exact (full scan in the server)", exactTimes, truth, truth, exactCpu);
        for (int setting : search.ivf() ? search.probes() : search.efSearch()) {
          PgVectorRecognizer index =
              search.ivf()
                  ? exact.withMode(Mode.INDEX).withProbes(setting)
                  : exact.withMode(Mode.INDEX).withEfSearch(setting);
          warm(index, probes);
          List<List<String>> found = new ArrayList<>();
          long[] times = new long[q];
          Cpu cpu = Cpu.start();
          for (int i = 0; i < q; i++) {
            long s = System.nanoTime();
            found.add(names(index.identify(new FaceEmbedding(MODEL, probes[i]), TOP)));
            times[i] = System.nanoTime() - s;
          }
          report(
              search.ivf()
                  ? "pgvector IVFFlat probes=" + setting
                  : "pgvector HNSW ef_search=" + setting,
              times,
              found,
              truth,
              cpu);
        }
      }

      // The in-process peer on the same gallery: a copy of every vector in the client.
      List<Gallery.Enrolled> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        all.add(new Gallery.Enrolled("p" + i, new FaceEmbedding(MODEL, gallery[i])));
      }
      Recognizer inProcess =
          new ExactRecognizer(new MemoryGallery(MODEL, all), DistanceMetric.EUCLIDEAN, 0.6);
      for (String set : List.of("random", "genuine")) {
        float[][] probes = set.equals("random") ? strangers : genuine;
        List<List<String>> truth = new ArrayList<>();
        for (float[] p : probes) {
          truth.add(names(exact.identify(new FaceEmbedding(MODEL, p), TOP)));
        }
        warm(inProcess, probes);
        List<List<String>> found = new ArrayList<>();
        long[] times = new long[q];
        Cpu cpu = Cpu.start();
        for (int i = 0; i < q; i++) {
          long s = System.nanoTime();
          found.add(names(inProcess.identify(new FaceEmbedding(MODEL, probes[i]), TOP)));
          times[i] = System.nanoTime() - s;
        }
        report("ExactRecognizer in-process (" + set + " probes)", times, found, truth, cpu);
      }
      System.out.printf(Locale.ROOT, "%nclient after ExactRecognizer: %s%n", memory());
      System.out.println("kept gallery " + name + " (drop it with the rss step)");
    }
  }

  /** A fresh client that only searches the gallery: what it holds does not depend on its size. */
  private static void rss(String name, int q) throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    System.out.printf(Locale.ROOT, "client before connecting: %s%n", memory());
    try (PgVectorGallery pg = PgVectorGallery.openExisting(settings(), name)) {
      PgVectorRecognizer index =
          new PgVectorRecognizer(
              pg, DistanceMetric.EUCLIDEAN, 0.6, Mode.INDEX, PgVectorRecognizer.DEFAULT_EF_SEARCH);
      for (int i = 0; i < q; i++) {
        index.identify(unit(randomUnit(random)), TOP);
      }
      System.out.printf(
          Locale.ROOT,
          "client after %d searches of %s (%d people): %s%n",
          q,
          name,
          pg.count(),
          memory());
      pg.store().drop(name);
    }
  }

  private static void warm(Recognizer recognizer, float[][] probes) throws Exception {
    for (int i = 0; i < Math.min(20, probes.length); i++) {
      recognizer.identify(new FaceEmbedding(MODEL, probes[i]), TOP);
    }
  }

  private static List<String> names(Identification id) {
    return id.candidates().stream().map(Candidate::name).toList();
  }

  private static void report(
      String what, long[] nanos, List<List<String>> found, List<List<String>> truth, Cpu cpu) {
    String cpuPerCall = cpu.perCall(nanos.length);
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double p50 = sorted[sorted.length / 2] / 1e6;
    double p99 =
        sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
    int hits1 = 0;
    int hits5 = 0;
    for (int i = 0; i < truth.size(); i++) {
      if (!found.get(i).isEmpty() && found.get(i).get(0).equals(truth.get(i).get(0))) {
        hits1++;
      }
      for (String name : truth.get(i)) {
        if (found.get(i).contains(name)) {
          hits5++;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "  %-48s p50 %7.2f ms  p99 %7.2f ms  recall@1 %.3f  recall@5 %.3f  %s%n",
        what,
        p50,
        p99,
        hits1 / (double) truth.size(),
        hits5 / (double) (TOP * truth.size()),
        cpuPerCall);
  }

  /**
   * CPU time spent on the searches, per search: this client thread's, and the server's (the
   * PostgreSQL backends of this benchmark's pool, application_name 'pictor', from {@code
   * /proc/PID/schedstat}: the server of run.sh is local). Unlike wall time, it does not count the
   * time spent waiting for a core, so it stays comparable when the machine is shared.
   */
  private record Cpu(long client, long server, List<Long> pids) {

    static Cpu start() throws Exception {
      List<Long> pids = new ArrayList<>();
      try (java.sql.Connection connection =
              java.sql.DriverManager.getConnection(
                  System.getenv("PICTOR_TEST_PG_URL"),
                  System.getenv("PICTOR_TEST_PG_USER"),
                  System.getenv("PICTOR_TEST_PG_PASSWORD"));
          java.sql.Statement statement = connection.createStatement();
          java.sql.ResultSet rows =
              statement.executeQuery(
                  "SELECT pid FROM pg_stat_activity WHERE application_name = 'pictor'")) {
        while (rows.next()) {
          pids.add(rows.getLong(1));
        }
      }
      return new Cpu(threadCpu(), serverCpu(pids), List.copyOf(pids));
    }

    String perCall(int calls) {
      long server = serverCpu(pids);
      if (server < 0 || this.server < 0) {
        return String.format(
            Locale.ROOT, "CPU client %.2f ms", (threadCpu() - client) / 1e6 / calls);
      }
      return String.format(
          Locale.ROOT,
          "CPU client %.2f ms server %.2f ms",
          (threadCpu() - client) / 1e6 / calls,
          (server - this.server) / 1e6 / calls);
    }

    private static long threadCpu() {
      return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Nanoseconds on a CPU of these processes, or -1 where /proc does not say. */
    private static long serverCpu(List<Long> pids) {
      long total = 0;
      for (long pid : pids) {
        try {
          total +=
              Long.parseLong(
                  Files.readString(Path.of("/proc/" + pid + "/schedstat")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
          return -1;
        }
      }
      return total;
    }
  }

  private static String memory() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    long heap = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    String rss = "?";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = line.substring(6).strip();
        }
      }
    } catch (IOException e) {
      rss = "unknown (" + e.getMessage() + ")";
    }
    return "RSS " + rss + ", heap in use after GC " + heap + " MiB";
  }

  /** Rows of little-endian float32, for numpy.fromfile. */
  private static void write(Path file, float[][] rows) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out))) {
      ByteBuffer buffer = ByteBuffer.allocate(DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] row : rows) {
        buffer.clear();
        buffer.asFloatBuffer().put(row);
        data.write(buffer.array());
      }
    }
  }
}
