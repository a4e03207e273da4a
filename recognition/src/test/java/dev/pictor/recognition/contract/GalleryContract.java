package dev.pictor.recognition.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.Gallery.Enrolled;
import dev.pictor.face.Identification;
import dev.pictor.recognition.ExactRecognizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Gallery}, run against every implementation: exact round trips, names
 * stored as given (SQL metacharacters included), all-or-nothing enrollment, remove and rename
 * rules, the version counter, closing, and many threads at once. A subclass says how to make a new
 * empty gallery and how to open a second handle on it.
 */
public abstract class GalleryContract {

  /** Model id of the test embeddings. */
  public static final String MODEL = "contract-model-v1";

  /** Size of the test embeddings. */
  public static final int SIZE = 128;

  /** A new, empty gallery for {@link #MODEL} and {@link #SIZE}; the test closes it. */
  protected abstract Gallery newGallery() throws Exception;

  /** A second, independent handle on {@code gallery}'s store; the test closes it. */
  protected abstract Gallery reopen(Gallery gallery) throws Exception;

  /** A unit embedding whose values follow from {@code seed}. */
  public static FaceEmbedding embedding(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] raw = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      raw[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return FaceEmbedding.normalised(MODEL, raw);
  }

  /** A unit vector whose bits are easy to get wrong: -0.0, the smallest subnormal, a 1. */
  public static FaceEmbedding awkwardBits() {
    float[] values = new float[SIZE];
    values[0] = 1.0f;
    values[1] = -0.0f;
    values[2] = Float.MIN_VALUE;
    values[3] = -Float.MIN_NORMAL;
    return new FaceEmbedding(MODEL, values);
  }

  /** The raw IEEE-754 bits of every value. */
  public static int[] bits(FaceEmbedding embedding) {
    float[] values = embedding.values();
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  @Test
  void roundTripKeepsExactBitsOrderAndSurvivesReopen() throws Exception {
    FaceEmbedding a1 = awkwardBits();
    FaceEmbedding a2 = embedding(2);
    FaceEmbedding b1 = embedding(3);
    try (Gallery gallery = newGallery()) {
      assertThat(gallery.modelId()).isEqualTo(MODEL);
      assertThat(gallery.count()).isZero();
      assertThat(gallery.names()).isEmpty();
      assertThat(gallery.all()).isEmpty();
      gallery.enroll("bob", List.of(b1));
      gallery.enroll("alice", List.of(a1));
      gallery.enroll("alice", List.of(a2)); // adds to the person
      try (Gallery other = reopen(gallery)) {
        for (Gallery g : List.of(gallery, other)) {
          assertThat(g.names()).containsExactly("alice", "bob");
          assertThat(g.count()).isEqualTo(2);
          List<FaceEmbedding> alice = g.embeddingsOf("alice");
          assertThat(alice).hasSize(2);
          assertThat(bits(alice.get(0))).isEqualTo(bits(a1));
          assertThat(bits(alice.get(1))).isEqualTo(bits(a2));
          assertThat(alice.get(0).modelId()).isEqualTo(MODEL);
          List<Enrolled> all = g.all();
          assertThat(all).extracting(Enrolled::name).containsExactly("alice", "alice", "bob");
          assertThat(bits(all.get(1).embedding())).isEqualTo(bits(a2));
          assertThat(bits(all.get(2).embedding())).isEqualTo(bits(b1));
          assertThat(g.embeddingsOf("carol")).isEmpty();
        }
      }
    }
  }

  @Test
  void namesWithSqlMetacharactersAreStoredAsGiven() throws Exception {
    List<String> names =
        List.of(
            "Robert'); DROP TABLE person; --",
            "O'Brien",
            "100% _match_ \\ back",
            "\"quoted\" ; SELECT 1",
            "Zoë Ω 漢字 \uD83D\uDE00",
            "ada",
            "Ada");
    try (Gallery gallery = newGallery()) {
      for (int i = 0; i < names.size(); i++) {
        gallery.enroll(names.get(i), List.of(embedding(100 + i)));
      }
      List<String> sorted = new ArrayList<>(names);
      Collections.sort(sorted);
      assertThat(gallery.names()).containsExactlyElementsOf(sorted);
      for (int i = 0; i < names.size(); i++) {
        List<FaceEmbedding> stored = gallery.embeddingsOf(names.get(i));
        assertThat(stored).as(names.get(i)).hasSize(1);
        assertThat(bits(stored.get(0))).as(names.get(i)).isEqualTo(bits(embedding(100 + i)));
      }
      // Pattern characters match nothing but themselves.
      assertThat(gallery.embeddingsOf("%")).isEmpty();
      assertThat(gallery.embeddingsOf("ADA")).isEmpty();
      assertThat(gallery.remove("_")).isFalse();
      assertThat(gallery.remove("%")).isFalse();
      gallery.rename("Robert'); DROP TABLE person; --", "Bobby' OR '1'='1");
      assertThat(gallery.names()).contains("Bobby' OR '1'='1").hasSize(names.size());
      assertThat(gallery.remove("O'Brien")).isTrue();
      assertThat(gallery.count()).isEqualTo(names.size() - 1);
    }
  }

  @Test
  void badInputIsRejectedNamingTheValueAndStoresNothing() throws Exception {
    try (Gallery gallery = newGallery()) {
      long version = gallery.version();
      FaceEmbedding good = embedding(1);
      FaceEmbedding otherModel = FaceEmbedding.normalised("other-model", good.values());
      FaceEmbedding otherSize = FaceEmbedding.normalised(MODEL, new float[] {1, 2, 3});
      assertThatThrownBy(() -> gallery.enroll(" ", List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("blank");
      assertThatThrownBy(() -> gallery.enroll("alice ", List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'alice '");
      assertThatThrownBy(() -> gallery.enroll("a\u0000b", List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("control");
      assertThatThrownBy(() -> gallery.enroll("x".repeat(300), List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("300");
      assertThatThrownBy(() -> gallery.enroll("alice", List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("alice");
      // All or nothing: the good first embedding is not stored either.
      assertThatThrownBy(() -> gallery.enroll("alice", List.of(good, otherModel)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("other-model")
          .hasMessageContaining(MODEL);
      assertThatThrownBy(() -> gallery.enroll("alice", List.of(good, otherSize)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("3 values");
      assertThat(gallery.count()).isZero();
      assertThat(gallery.all()).isEmpty();
      assertThat(gallery.version()).isEqualTo(version);
    }
  }

  @Test
  void removeAndRenameFollowTheRules() throws Exception {
    try (Gallery gallery = newGallery()) {
      gallery.enroll("alice", List.of(embedding(1), embedding(2)));
      gallery.enroll("bob", List.of(embedding(3)));
      assertThatThrownBy(() -> gallery.rename("nobody", "carol"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nobody");
      assertThatThrownBy(() -> gallery.rename("alice", "bob"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already exists");
      assertThatThrownBy(() -> gallery.rename("alice", " carol"))
          .isInstanceOf(IllegalArgumentException.class);
      long before = gallery.version();
      gallery.rename("alice", "alice");
      assertThat(gallery.version())
          .as("a rename to the same name changes nothing")
          .isEqualTo(before);
      gallery.rename("alice", "carol");
      assertThat(gallery.names()).containsExactly("bob", "carol");
      assertThat(gallery.embeddingsOf("carol")).hasSize(2);
      assertThat(gallery.embeddingsOf("alice")).isEmpty();
      assertThat(gallery.remove("carol")).isTrue();
      assertThat(gallery.remove("carol")).isFalse();
      assertThat(gallery.names()).containsExactly("bob");
      assertThat(gallery.all()).hasSize(1);
    }
  }

  @Test
  void versionMovesOnEveryChangeSeenFromAnotherHandle() throws Exception {
    try (Gallery gallery = newGallery();
        Gallery other = reopen(gallery)) {
      long v0 = other.version();
      gallery.enroll("alice", List.of(embedding(1)));
      long v1 = other.version();
      assertThat(v1).isGreaterThan(v0);
      assertThat(gallery.remove("nobody")).isFalse();
      assertThat(other.version()).isEqualTo(v1);
      gallery.rename("alice", "ann");
      long v2 = other.version();
      assertThat(v2).isGreaterThan(v1);
      gallery.remove("ann");
      assertThat(other.version()).isGreaterThan(v2);
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsThrow() throws Exception {
    Gallery gallery = newGallery();
    gallery.enroll("alice", List.of(embedding(1)));
    gallery.close();
    gallery.close();
    assertThat(gallery.modelId()).isEqualTo(MODEL);
    assertThatThrownBy(gallery::count).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(gallery::names).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> gallery.enroll("bob", List.of(embedding(2))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> gallery.remove("alice")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void threadsEnrollingAndReadingAtOnceLoseNothing() throws Exception {
    int threads = 4;
    int perThread = 15;
    try (Gallery gallery = newGallery()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      long n = thread * 1000L + i;
                      gallery.enroll("p" + n, List.of(embedding(n), embedding(n + 500)));
                    }
                    return null;
                  }));
        }
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    // Each snapshot is consistent: every person has both embeddings.
                    List<Enrolled> all = gallery.all();
                    assertThat(all.size() % 2).isZero();
                  }
                  return null;
                }));
        for (Future<?> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(gallery.count()).isEqualTo(threads * perThread);
      for (int t = 0; t < threads; t++) {
        long n = t * 1000L + perThread - 1;
        assertThat(gallery.embeddingsOf("p" + n))
            .extracting(GalleryContract::bits)
            .containsExactly(bits(embedding(n)), bits(embedding(n + 500)));
      }
    }
  }

  @Test
  void exactRecognizerFindsEnrolledPeopleAndRejectsStrangers() throws Exception {
    try (Gallery gallery = newGallery()) {
      for (int i = 0; i < 20; i++) {
        gallery.enroll("person-" + i, List.of(embedding(i)));
      }
      ExactRecognizer recognizer = new ExactRecognizer(gallery, DistanceMetric.EUCLIDEAN, 0.5);
      Identification hit = recognizer.identify(embedding(7), 3);
      assertThat(hit.name()).contains("person-7");
      assertThat(hit.candidates()).hasSize(3);
      assertThat(hit.candidates().get(0).distance()).isLessThan(1e-4);
      Identification miss = recognizer.identify(embedding(12345), 3);
      assertThat(miss.name()).isEmpty();
    }
  }
}
