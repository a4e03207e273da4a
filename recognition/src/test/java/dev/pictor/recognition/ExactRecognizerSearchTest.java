package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.face.Candidate;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.face.Identification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blocked float scan with exact re-ranking gives exactly the answer of a naive search with
 * {@link FaceEmbedding#distanceTo} over every enrolled embedding: same names, same distances, same
 * order, ties by name, for any number of slices.
 */
class ExactRecognizerSearchTest {
  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  /** The reference: every person's nearest embedding by distanceTo, sorted by distance, name. */
  private static List<Candidate> naive(Gallery g, FaceEmbedding probe, DistanceMetric m, int k)
      throws Exception {
    Map<String, Double> nearest = new HashMap<>();
    for (Gallery.Enrolled e : g.all()) {
      nearest.merge(e.name(), probe.distanceTo(e.embedding(), m), Math::min);
    }
    List<Candidate> all = new ArrayList<>();
    nearest.forEach((name, d) -> all.add(new Candidate(name, d)));
    all.sort(Comparator.comparingDouble(Candidate::distance).thenComparing(Candidate::name));
    return all.subList(0, Math.min(k, all.size()));
  }

  /** The rows of {@code g} in a seeded random order, so that name order is not scan order. */
  private static Gallery shuffled(InMemoryGallery g, long seed) {
    return new Gallery() {
      @Override
      public String modelId() {
        return g.modelId();
      }

      @Override
      public void enroll(String name, List<FaceEmbedding> embeddings) {
        g.enroll(name, embeddings);
      }

      @Override
      public boolean remove(String name) {
        return g.remove(name);
      }

      @Override
      public void rename(String from, String to) {
        g.rename(from, to);
      }

      @Override
      public List<String> names() throws GalleryException {
        return g.names();
      }

      @Override
      public int count() throws GalleryException {
        return g.count();
      }

      @Override
      public List<FaceEmbedding> embeddingsOf(String name) throws GalleryException {
        return g.embeddingsOf(name);
      }

      @Override
      public List<Enrolled> all() throws GalleryException {
        List<Enrolled> rows = new ArrayList<>(g.all());
        Collections.shuffle(rows, new Random(seed));
        return rows;
      }

      @Override
      public long version() {
        return g.version();
      }

      @Override
      public void close() {}
    };
  }

  private static float[] gaussian(Random r, int d) {
    float[] v = new float[d];
    for (int i = 0; i < d; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static FaceEmbedding unit(Random r, int d) {
    return FaceEmbedding.normalised("m", gaussian(r, d));
  }

  /** A probe close to an enrolled embedding, so the top k are near each other. */
  private static FaceEmbedding near(Random r, FaceEmbedding e, double noise) {
    float[] v = e.values();
    for (int i = 0; i < v.length; i++) {
      v[i] += (float) (noise * r.nextGaussian());
    }
    return FaceEmbedding.normalised("m", v);
  }

  @Test
  void sameTopKAsTheNaiveSearchOnRandomData() throws Exception {
    Random random = new Random(5);
    InMemoryGallery g = new InMemoryGallery("m");
    // 1,203 rows (not a multiple of the block), 1 to 3 embeddings per person
    int rows = 0;
    for (int p = 0; rows < 1203; p++) {
      int n = Math.min(1 + p % 3, 1203 - rows);
      List<FaceEmbedding> es = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        es.add(unit(random, 128));
      }
      g.enroll("p" + p, es);
      rows += n;
    }
    List<Gallery.Enrolled> enrolled = g.all();
    for (DistanceMetric metric : DistanceMetric.values()) {
      ExactRecognizer r = new ExactRecognizer(shuffled(g, 1), metric, 0.5);
      for (int q = 0; q < 30; q++) {
        FaceEmbedding probe =
            q % 2 == 0
                ? unit(random, 128)
                : near(random, enrolled.get(random.nextInt(enrolled.size())).embedding(), 0.05);
        for (int k : new int[] {1, 5, 40}) {
          assertThat(r.identify(probe, k).candidates())
              .as("%s, probe %d, top %d", metric, q, k)
              .isEqualTo(naive(g, probe, metric, k));
        }
      }
    }
  }

  @Test
  void sameTopKForVectorsThatAreNotExactlyUnitLength() throws Exception {
    Random random = new Random(8);
    InMemoryGallery g = new InMemoryGallery("m");
    for (int p = 0; p < 300; p++) {
      // FaceEmbedding accepts norms within 1e-3 of 1: cosine and Euclidean orders then differ
      float[] v = FaceEmbedding.normalised("m", gaussian(random, 37)).values();
      float s = (float) (1 + 1.8e-3 * (random.nextDouble() - 0.5));
      for (int i = 0; i < v.length; i++) {
        v[i] *= s;
      }
      g.enroll("p" + p, List.of(new FaceEmbedding("m", v)));
    }
    for (DistanceMetric metric : DistanceMetric.values()) {
      ExactRecognizer r = new ExactRecognizer(g, metric, 1);
      for (int q = 0; q < 20; q++) {
        FaceEmbedding probe = FaceEmbedding.normalised("m", gaussian(random, 37));
        assertThat(r.identify(probe, 7).candidates()).isEqualTo(naive(g, probe, metric, 7));
      }
    }
  }

  @Test
  void tiesAreBrokenByNameWhereverTheRowsAre() throws Exception {
    Random random = new Random(3);
    FaceEmbedding twin = unit(random, 128);
    InMemoryGallery g = new InMemoryGallery("m");
    // the same embedding under 12 names, spread over several blocks, among 500 others
    List<String> twins = new ArrayList<>();
    for (int p = 0; p < 500; p++) {
      g.enroll("other" + p, List.of(unit(random, 128)));
      if (p % 41 == 0) {
        String name = "twin" + (char) ('z' - twins.size());
        twins.add(name);
        g.enroll(name, List.of(twin));
      }
    }
    ExactRecognizer r = new ExactRecognizer(shuffled(g, 4), DistanceMetric.EUCLIDEAN, 0.1);
    Identification id = r.identify(twin, 5);
    List<String> expected = twins.stream().sorted().limit(5).toList();
    assertThat(id.candidates()).extracting(Candidate::name).isEqualTo(expected);
    assertThat(id.candidates()).extracting(Candidate::distance).containsOnly(0.0);
    assertThat(id.name()).contains(expected.get(0));
    for (int slices = 2; slices <= 5; slices++) {
      assertThat(r.parallel(pool, slices).identify(twin, 5).candidates())
          .isEqualTo(id.candidates());
    }
  }

  @Test
  void manyExactTiesOnCoarseVectorsGiveTheNaiveOrder() throws Exception {
    // entries in {-1, 0, 1}, 8 dimensions: 3,000 people share a few hundred distinct distances
    Random random = new Random(13);
    InMemoryGallery g = new InMemoryGallery("m");
    for (int p = 0; p < 3000; p++) {
      g.enroll("p" + p, List.of(coarse(random)));
    }
    for (DistanceMetric metric : DistanceMetric.values()) {
      ExactRecognizer r = new ExactRecognizer(shuffled(g, 9), metric, 0.2);
      for (int q = 0; q < 10; q++) {
        FaceEmbedding probe = coarse(random);
        List<Candidate> expected = naive(g, probe, metric, 20);
        assertThat(r.identify(probe, 20).candidates()).isEqualTo(expected);
        assertThat(r.parallel(pool, 3).identify(probe, 20).candidates()).isEqualTo(expected);
      }
    }
  }

  private static FaceEmbedding coarse(Random r) {
    float[] v = new float[8];
    while (true) {
      for (int i = 0; i < v.length; i++) {
        v[i] = r.nextInt(3) - 1;
      }
      for (float x : v) {
        if (x != 0) {
          return FaceEmbedding.normalised("m", v);
        }
      }
    }
  }

  @Test
  void everySliceCountGivesTheSameAnswer() throws Exception {
    Random random = new Random(21);
    InMemoryGallery g = new InMemoryGallery("m");
    for (int p = 0; p < 2000; p++) {
      g.enroll("p" + p, List.of(unit(random, 128)));
    }
    ExactRecognizer one = new ExactRecognizer(g, DistanceMetric.COSINE, 0.3);
    for (int q = 0; q < 10; q++) {
      FaceEmbedding probe = unit(random, 128);
      List<Candidate> expected = naive(g, probe, DistanceMetric.COSINE, 10);
      assertThat(one.identify(probe, 10).candidates()).isEqualTo(expected);
      for (int slices : new int[] {1, 2, 3, 4, 7, 100}) {
        assertThat(one.parallel(pool, slices).identify(probe, 10).candidates())
            .as("%d slices", slices)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void topKLargerThanTheGalleryListsEveryone() throws Exception {
    Random random = new Random(2);
    InMemoryGallery g = new InMemoryGallery("m");
    for (int p = 0; p < 40; p++) {
      g.enroll("p" + p, List.of(unit(random, 16), unit(random, 16)));
    }
    FaceEmbedding probe = unit(random, 16);
    assertThat(
            new ExactRecognizer(g, DistanceMetric.EUCLIDEAN, 1).identify(probe, 100).candidates())
        .hasSize(40)
        .isEqualTo(naive(g, probe, DistanceMetric.EUCLIDEAN, 100));
  }

  @Test
  void refusesABadExecutorOrSliceCountAndAProbeOfTheWrongSize() throws Exception {
    InMemoryGallery g = new InMemoryGallery("m");
    g.enroll("ann", List.of(FaceEmbedding.normalised("m", new float[] {1, 0, 0})));
    ExactRecognizer r = new ExactRecognizer(g, DistanceMetric.EUCLIDEAN, 0.5);
    assertThatThrownBy(() -> r.parallel(null, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.parallel(pool, 0)).hasMessageContaining("slices");
    assertThatThrownBy(() -> r.identify(FaceEmbedding.normalised("m", new float[] {1, 0}), 1))
        .hasMessageContaining("2 dimensions");
  }
}
