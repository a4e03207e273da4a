package dev.pictor.pgvector;

import static dev.pictor.recognition.contract.GalleryContract.MODEL;
import static dev.pictor.recognition.contract.GalleryContract.SIZE;
import static dev.pictor.recognition.contract.GalleryContract.embedding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.face.Candidate;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Identification;
import dev.pictor.pgvector.PgVectorRecognizer.Mode;
import dev.pictor.recognition.ExactRecognizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database search against the in-process {@link ExactRecognizer} on the same gallery: 400
 * people with 1 to 3 embeddings each, probes that are noisy copies of enrolled embeddings (so that
 * there is a true answer near the threshold region) and strangers.
 */
class PgVectorRecognizerTest {

  private static final int PEOPLE = 400;
  private static final double THRESHOLD = 0.6;
  private static String name;
  private static PgVectorGallery gallery;

  @BeforeAll
  static void enroll() throws Exception {
    name = TestPostgres.uniqueName("search");
    gallery =
        PgVectorGallery.open(
            TestPostgres.settings().build(), name, MODEL, SIZE, DistanceMetric.EUCLIDEAN);
    Map<String, List<FaceEmbedding>> people = new LinkedHashMap<>();
    for (int p = 0; p < PEOPLE; p++) {
      int count = 1 + p % 3;
      List<FaceEmbedding> list = new java.util.ArrayList<>();
      for (int j = 0; j < count; j++) {
        list.add(embedding(p * 10L + j));
      }
      people.put("person-" + p, list);
    }
    gallery.enrollAll(people);
  }

  @AfterAll
  static void drop() throws Exception {
    if (gallery != null) {
      gallery.store().drop(name);
      gallery.close();
    }
  }

  /** A probe at distance about {@code noise} from {@code base}. */
  private static FaceEmbedding near(FaceEmbedding base, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = base.values();
    for (int i = 0; i < v.length; i++) {
      v[i] += (float) (random.nextGaussian() * noise / Math.sqrt(v.length));
    }
    return FaceEmbedding.normalised(MODEL, v);
  }

  @Test
  void exactModeAgreesWithExactRecognizerOnEveryProbe() throws Exception {
    ExactRecognizer reference = new ExactRecognizer(gallery, DistanceMetric.EUCLIDEAN, THRESHOLD);
    PgVectorRecognizer exact =
        new PgVectorRecognizer(gallery, DistanceMetric.EUCLIDEAN, THRESHOLD, Mode.EXACT, 40);
    int recognised = 0;
    for (int q = 0; q < 60; q++) {
      FaceEmbedding probe =
          q % 3 == 2 ? embedding(9_000_000L + q) : near(embedding(q * 70L), 0.3 + q * 0.01, q);
      Identification expected = reference.identify(probe, 5);
      Identification actual = exact.identify(probe, 5);
      assertThat(actual.name()).as("probe %d", q).isEqualTo(expected.name());
      assertThat(actual.candidates())
          .extracting(Candidate::name)
          .containsExactlyElementsOf(expected.candidates().stream().map(Candidate::name).toList());
      for (int i = 0; i < 5; i++) {
        assertThat(actual.candidates().get(i).distance())
            .isCloseTo(expected.candidates().get(i).distance(), within(1e-5));
      }
      assertThat(actual.threshold()).isEqualTo(THRESHOLD);
      recognised += actual.recognised() ? 1 : 0;
    }
    assertThat(recognised).as("some probes recognised, some not").isBetween(5, 55);
  }

  @Test
  void indexModeFindsTheSamePeopleOnThisSmallGallery() throws Exception {
    ExactRecognizer reference = new ExactRecognizer(gallery, DistanceMetric.EUCLIDEAN, THRESHOLD);
    PgVectorRecognizer index = PgVectorRecognizer.forModel(gallery, card());
    assertThat(index.mode()).isEqualTo(Mode.INDEX);
    assertThat(index.efSearch()).isEqualTo(PgVectorRecognizer.DEFAULT_EF_SEARCH);
    int sameTop1 = 0;
    int probes = 60;
    for (int q = 0; q < probes; q++) {
      FaceEmbedding probe = near(embedding(q * 30L), 0.4, 1000 + q);
      Identification expected = reference.identify(probe, 3);
      Identification actual = index.identify(probe, 3);
      assertThat(actual.candidates()).hasSize(3);
      if (actual.candidates().get(0).name().equals(expected.candidates().get(0).name())) {
        sameTop1++;
        assertThat(actual.candidates().get(0).distance())
            .isCloseTo(expected.candidates().get(0).distance(), within(1e-5));
      }
    }
    assertThat(sameTop1).isGreaterThanOrEqualTo(probes - 1);
  }

  @Test
  void topKLargerThanTheRowsTheIndexReturnsStillGivesDistinctPeople() throws Exception {
    PgVectorRecognizer index =
        new PgVectorRecognizer(gallery, DistanceMetric.EUCLIDEAN, THRESHOLD, Mode.INDEX, 10);
    Identification id = index.identify(embedding(5), 50);
    assertThat(id.candidates()).hasSize(50);
    assertThat(id.candidates()).extracting(Candidate::name).doesNotHaveDuplicates();
    assertThat(id.candidates())
        .isSortedAccordingTo(java.util.Comparator.comparingDouble(Candidate::distance));
  }

  @Test
  void cosineDistancesAreReportedInTheRecognizersMetric() throws Exception {
    FaceEmbedding probe = near(embedding(40), 0.2, 7);
    PgVectorRecognizer cosine =
        new PgVectorRecognizer(gallery, DistanceMetric.COSINE, 0.1, Mode.EXACT, 40);
    Identification id = cosine.identify(probe, 1);
    assertThat(id.metric()).isEqualTo(DistanceMetric.COSINE);
    assertThat(id.candidates().get(0).distance())
        .isCloseTo(probe.distanceTo(embedding(40), DistanceMetric.COSINE), within(1e-9));
  }

  /**
   * One search sends its settings and its SELECT as one statement in autocommit mode: the settings
   * must reach the SELECT (an exact search must not touch the index, an index search must) and must
   * end with it (the pooled connection keeps its defaults), also after the driver has switched to a
   * server-side prepared statement (the fifth run) whose plan the server could cache.
   */
  @Test
  void searchSettingsReachTheSearchAndEndWithIt() throws Exception {
    try (PgVectorGallery one =
        PgVectorGallery.openExisting(TestPostgres.settings().maxConnections(1).build(), name)) {
      ExactRecognizer reference = new ExactRecognizer(one, DistanceMetric.EUCLIDEAN, THRESHOLD);
      PgVectorRecognizer exact =
          new PgVectorRecognizer(one, DistanceMetric.EUCLIDEAN, THRESHOLD, Mode.EXACT, 40);
      PgVectorRecognizer index = exact.withMode(Mode.INDEX).withEfSearch(64);
      String defaults = settingsOf(one);
      for (int round = 0; round < 8; round++) {
        long before = indexScans(one);
        for (int q = 0; q < 3; q++) {
          FaceEmbedding probe = near(embedding((round * 3L + q) * 50), 0.4, 500 + q);
          assertThat(exact.identify(probe, 5).candidates())
              .extracting(Candidate::name)
              .as("round %d probe %d", round, q)
              .containsExactlyElementsOf(
                  reference.identify(probe, 5).candidates().stream().map(Candidate::name).toList());
        }
        assertThat(indexScans(one)).as("exact searches, round %d", round).isEqualTo(before);
        assertThat(settingsOf(one)).isEqualTo(defaults);
        for (int q = 0; q < 3; q++) {
          index.identify(near(embedding(round * 70L + q), 0.4, 900 + q), 3);
        }
        assertThat(indexScans(one)).as("index searches, round %d", round).isEqualTo(before + 3);
        assertThat(settingsOf(one)).isEqualTo(defaults);
      }
      assertThat(defaults).isEqualTo("40 on auto");
    }
  }

  /**
   * The settings a search changes, as the pooled connection has them outside a search ({@code
   * hnsw.ef_search} is unknown, hence its default 40, until pgvector is loaded by a first search).
   */
  private static String settingsOf(PgVectorGallery g) throws Exception {
    return g.read(
        "read the settings",
        connection -> {
          try (java.sql.Statement statement = connection.createStatement();
              java.sql.ResultSet rows =
                  statement.executeQuery(
                      "SELECT coalesce(current_setting('hnsw.ef_search', true), '40') || ' '"
                          + " || current_setting('enable_indexscan') || ' '"
                          + " || current_setting('plan_cache_mode')")) {
            rows.next();
            return rows.getString(1);
          }
        });
  }

  /**
   * How often the gallery's HNSW index was scanned (PostgreSQL 15's shared statistics; the one
   * pooled connection's counts are flushed first).
   */
  private static long indexScans(PgVectorGallery g) throws Exception {
    g.read(
        "flush the statistics",
        connection -> {
          try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_force_next_flush()");
          }
          return null;
        });
    return g.read(
        "count the index scans",
        connection -> {
          try (java.sql.PreparedStatement query =
              connection.prepareStatement(
                  "SELECT idx_scan FROM pg_stat_user_indexes WHERE schemaname = 'pictor'"
                      + " AND indexrelname = ?")) {
            query.setString(1, PgSchema.indexName(g.stamp().id()));
            try (java.sql.ResultSet rows = query.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
  }

  @Test
  void badProbesAndSettingsAreRejected() {
    PgVectorRecognizer index = PgVectorRecognizer.forModel(gallery, card());
    FaceEmbedding other = FaceEmbedding.normalised("other-model", embedding(1).values());
    assertThatThrownBy(() -> index.identify(other, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other-model");
    assertThatThrownBy(() -> index.identify(embedding(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.withEfSearch(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.withEfSearch(1001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new PgVectorRecognizer(
                    gallery, DistanceMetric.EUCLIDEAN, Double.NaN, Mode.INDEX, 40))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static dev.pictor.model.ModelCard card() {
    return CardForTests.card(MODEL, SIZE, DistanceMetric.EUCLIDEAN, THRESHOLD);
  }
}
