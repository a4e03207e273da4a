package dev.pictor.recognition;

import static dev.pictor.recognition.GalleryTestData.MODEL;
import static dev.pictor.recognition.GalleryTestData.SIZE;
import static dev.pictor.recognition.GalleryTestData.bits;
import static dev.pictor.recognition.GalleryTestData.embedding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery.Enrolled;
import dev.pictor.face.GalleryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteGalleryTest {

  @TempDir Path dir;

  /** A unit vector whose bits are easy to get wrong: -0.0, the smallest subnormal, a 1. */
  private static FaceEmbedding awkwardBits() {
    float[] values = new float[SIZE];
    values[0] = 1.0f;
    values[1] = -0.0f;
    values[2] = Float.MIN_VALUE;
    values[3] = -Float.MIN_NORMAL;
    return new FaceEmbedding(MODEL, values);
  }

  @Test
  void roundTripSurvivesCloseAndReopen() throws Exception {
    Path file = dir.resolve("people.gallery");
    FaceEmbedding a1 = awkwardBits();
    FaceEmbedding a2 = embedding(2);
    FaceEmbedding b1 = embedding(3);
    long afterWrites;
    try (SqliteGallery gallery = SqliteGallery.open(file, MODEL, SIZE)) {
      assertThat(gallery.modelId()).isEqualTo(MODEL);
      assertThat(gallery.embeddingSize()).isEqualTo(SIZE);
      assertThat(gallery.count()).isZero();
      assertThat(gallery.names()).isEmpty();
      assertThat(gallery.all()).isEmpty();
      long v0 = gallery.version();

      gallery.enroll("bob", List.of(b1));
      long v1 = gallery.version();
      gallery.enroll("alice", List.of(a1, a2));
      long v2 = gallery.version();
      assertThat(v1).isGreaterThan(v0);
      assertThat(v2).isGreaterThan(v1);

      assertThat(gallery.names()).containsExactly("alice", "bob");
      assertThat(gallery.count()).isEqualTo(2);
      List<FaceEmbedding> alice = gallery.embeddingsOf("alice");
      assertThat(alice).containsExactly(a1, a2);
      assertThat(bits(alice.get(0))).isEqualTo(bits(a1));
      assertThat(Float.floatToRawIntBits(alice.get(0).values()[1]))
          .isEqualTo(Float.floatToRawIntBits(-0.0f));
      assertThat(bits(alice.get(1))).isEqualTo(bits(a2));
      assertThat(gallery.embeddingsOf("nobody")).isEmpty();
      assertThat(gallery.all())
          .containsExactly(
              new Enrolled("alice", a1), new Enrolled("alice", a2), new Enrolled("bob", b1));

      FaceEmbedding a3 = embedding(4);
      gallery.enroll("alice", List.of(a3));
      assertThat(gallery.embeddingsOf("alice")).containsExactly(a1, a2, a3);
      long v3 = gallery.version();
      assertThat(v3).isGreaterThan(v2);

      gallery.rename("alice", "carol");
      long v4 = gallery.version();
      assertThat(v4).isGreaterThan(v3);
      assertThat(gallery.names()).containsExactly("bob", "carol");
      assertThat(gallery.embeddingsOf("alice")).isEmpty();
      assertThat(gallery.embeddingsOf("carol")).containsExactly(a1, a2, a3);

      assertThat(gallery.remove("bob")).isTrue();
      long v5 = gallery.version();
      assertThat(v5).isGreaterThan(v4);
      assertThat(gallery.remove("bob")).isFalse();
      assertThat(gallery.version()).as("nothing changed").isEqualTo(v5);
      assertThat(gallery.embeddingsOf("bob")).isEmpty();

      gallery.enroll("dave", List.of(b1));
      afterWrites = gallery.version();
    }
    try (SqliteGallery reopened = SqliteGallery.open(file, MODEL, SIZE)) {
      assertThat(reopened.names()).containsExactly("carol", "dave");
      assertThat(reopened.embeddingsOf("carol")).containsExactly(a1, a2, embedding(4));
      assertThat(bits(reopened.embeddingsOf("carol").get(0))).isEqualTo(bits(a1));
      assertThat(reopened.embeddingsOf("dave")).containsExactly(b1);
      assertThat(reopened.version()).isEqualTo(afterWrites);
    }
    try (SqliteGallery existing = SqliteGallery.openExisting(file)) {
      assertThat(existing.modelId()).isEqualTo(MODEL);
      assertThat(existing.embeddingSize()).isEqualTo(SIZE);
      assertThat(existing.count()).isEqualTo(2);
    }
  }

  @Test
  void creationLeavesOnlyTheGalleryFile() throws Exception {
    Path file = dir.resolve("only.gallery");
    SqliteGallery.open(file, MODEL, SIZE).close();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void pathsWithUriCharactersAreTakenLiterally() throws Exception {
    Path file = dir.resolve("what? #1 100% süß.gallery");
    try (SqliteGallery gallery = SqliteGallery.open(file, MODEL, SIZE)) {
      gallery.enroll("x", List.of(embedding(1)));
    }
    assertThat(file).isRegularFile();
    try (SqliteGallery gallery = SqliteGallery.openExisting(file)) {
      assertThat(gallery.names()).containsExactly("x");
    }
  }

  @Test
  void versionMovesWhenAnotherConnectionWrites() throws Exception {
    Path file = dir.resolve("shared.gallery");
    try (SqliteGallery writer = SqliteGallery.open(file, MODEL, SIZE);
        SqliteGallery watcher = SqliteGallery.openExisting(file)) {
      long before = watcher.version();
      writer.enroll("eve", List.of(embedding(7)));
      assertThat(watcher.version()).isGreaterThan(before);
      assertThat(watcher.names()).containsExactly("eve");
      long afterEnroll = watcher.version();
      writer.remove("eve");
      assertThat(watcher.version()).isGreaterThan(afterEnroll);
      assertThat(watcher.count()).isZero();
    }
  }

  @Test
  void namesAreCaseSensitiveAndSortedByCodeUnits() throws Exception {
    try (SqliteGallery gallery = SqliteGallery.open(dir.resolve("g"), MODEL, SIZE)) {
      gallery.enroll("alice", List.of(embedding(1)));
      gallery.enroll("Alice", List.of(embedding(2)));
      gallery.enroll("Zoë", List.of(embedding(3)));
      gallery.enroll("\uFB01ne", List.of(embedding(4))); // "ﬁne": U+FB01, one UTF-16 unit
      gallery.enroll("\uD83D\uDE00 smile", List.of(embedding(5))); // U+1F600, a surrogate pair
      // String.compareTo order: the surrogate pair (0xD83D...) sorts before U+FB01, although its
      // code point (and its UTF-8 bytes, SQLite's own order) come after.
      assertThat(gallery.names())
          .containsExactly("Alice", "Zoë", "alice", "\uD83D\uDE00 smile", "\uFB01ne");
      assertThat(gallery.embeddingsOf("\uD83D\uDE00 smile")).containsExactly(embedding(5));
      assertThat(gallery.embeddingsOf("Alice")).containsExactly(embedding(2));
      assertThat(gallery.embeddingsOf("ALICE")).isEmpty();
    }
  }

  @Test
  void badInputIsRejectedNamingTheValueAndStoresNothing() throws Exception {
    try (SqliteGallery gallery = SqliteGallery.open(dir.resolve("g"), MODEL, SIZE)) {
      long version = gallery.version();
      FaceEmbedding good = embedding(1);
      assertThatThrownBy(() -> gallery.enroll("  ", List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("blank");
      assertThatThrownBy(() -> gallery.enroll(" alice", List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("' alice'");
      assertThatThrownBy(() -> gallery.enroll("al\nice", List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("control");
      assertThatThrownBy(() -> gallery.enroll("alice\u202Eecila", List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bidirectional");
      assertThatThrownBy(() -> gallery.enroll("bob\u2066x\u2069", List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bidirectional");
      assertThatThrownBy(() -> gallery.enroll("bad\uD800half", List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("surrogate");
      assertThatThrownBy(() -> gallery.enroll("a".repeat(257), List.of(good)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("257");
      assertThatThrownBy(() -> gallery.enroll("alice", List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("alice");
      assertThatThrownBy(
              () -> gallery.enroll("alice", List.of(good, embedding("other-model", SIZE, 2))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("other-model")
          .hasMessageContaining(MODEL)
          .hasMessageContaining("embedding 1");
      assertThatThrownBy(() -> gallery.enroll("alice", List.of(good, embedding(MODEL, 64, 2))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("64")
          .hasMessageContaining("128");
      assertThatThrownBy(() -> gallery.enroll("alice", java.util.Arrays.asList(good, null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("embedding 1");
      assertThat(gallery.count()).isZero();
      assertThat(gallery.all()).isEmpty();
      assertThat(gallery.version()).isEqualTo(version);
    }
  }

  @Test
  void renameRejectsUnknownSourceAndTakenTarget() throws Exception {
    try (SqliteGallery gallery = SqliteGallery.open(dir.resolve("g"), MODEL, SIZE)) {
      gallery.enroll("alice", List.of(embedding(1)));
      gallery.enroll("bob", List.of(embedding(2)));
      long version = gallery.version();
      assertThatThrownBy(() -> gallery.rename("nobody", "carol"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nobody");
      assertThatThrownBy(() -> gallery.rename("alice", "bob"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'bob' already exists");
      assertThatThrownBy(() -> gallery.rename("alice", "bob "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("white space");
      gallery.rename("alice", "alice");
      assertThat(gallery.version()).isEqualTo(version);
      assertThat(gallery.names()).containsExactly("alice", "bob");
      assertThat(gallery.embeddingsOf("alice")).containsExactly(embedding(1));
      assertThat(gallery.embeddingsOf("bob")).containsExactly(embedding(2));
    }
  }

  @Test
  void enrollingTheSameEmbeddingAgainStoresItOnce() throws Exception {
    Path file = dir.resolve("g");
    // a program that enrolls the same photos, run twice
    for (int run = 0; run < 2; run++) {
      try (SqliteGallery gallery = SqliteGallery.open(file, MODEL, SIZE)) {
        gallery.enroll("alice", List.of(embedding(1), embedding(2), embedding(1)));
        gallery.enroll("bob", List.of(embedding(1)));
      }
    }
    try (SqliteGallery gallery = SqliteGallery.openExisting(file)) {
      assertThat(gallery.embeddingsOf("alice")).containsExactly(embedding(1), embedding(2));
      // the same values under another name are another person's enrollment: kept
      assertThat(gallery.embeddingsOf("bob")).containsExactly(embedding(1));
      gallery.enroll("alice", List.of(awkwardBits(), embedding(3)));
      assertThat(gallery.embeddingsOf("alice"))
          .containsExactly(embedding(1), embedding(2), awkwardBits(), embedding(3));
    }
  }

  @Test
  void aFailedEnrollLeavesNothingBehind() throws Exception {
    Path file = dir.resolve("g");
    try (SqliteGallery gallery = SqliteGallery.open(file, MODEL, SIZE)) {
      gallery.enroll("alice", List.of(embedding(1)));
      // Make the storage itself fail half-way through a write: the third embedding row is refused.
      try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement statement = plain.createStatement()) {
        statement.execute(
            "CREATE TRIGGER refuse_third BEFORE INSERT ON embedding"
                + " WHEN (SELECT count(*) FROM embedding) >= 2"
                + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
      }
      long version = gallery.version();
      assertThatThrownBy(() -> gallery.enroll("bob", List.of(embedding(2), embedding(3))))
          .isInstanceOf(GalleryException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("bob")
          .hasMessageContaining("injected failure");
      assertThat(gallery.names()).containsExactly("alice");
      assertThat(gallery.embeddingsOf("bob")).isEmpty();
      assertThat(gallery.version()).isEqualTo(version);

      try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement statement = plain.createStatement()) {
        statement.execute("DROP TRIGGER refuse_third");
      }
      gallery.enroll("bob", List.of(embedding(2), embedding(3)));
      assertThat(gallery.embeddingsOf("bob")).containsExactly(embedding(2), embedding(3));
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsThrow() throws Exception {
    SqliteGallery gallery = SqliteGallery.open(dir.resolve("g"), MODEL, SIZE);
    gallery.enroll("alice", List.of(embedding(1)));
    gallery.close();
    gallery.close();
    List<ThrowingCall> calls =
        List.of(
            () -> gallery.enroll("bob", List.of(embedding(2))),
            () -> gallery.remove("alice"),
            () -> gallery.rename("alice", "carol"),
            gallery::names,
            gallery::count,
            () -> gallery.embeddingsOf("alice"),
            gallery::all,
            gallery::version);
    for (ThrowingCall call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
    try (SqliteGallery again = SqliteGallery.openExisting(dir.resolve("g"))) {
      assertThat(again.names()).containsExactly("alice");
    }
  }

  @Test
  void openRejectsBadArguments() {
    Path file = dir.resolve("g");
    assertThatThrownBy(() -> SqliteGallery.open(file, " ", SIZE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqliteGallery.open(file, MODEL, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    assertThat(file).doesNotExist();
    Path nowhere = dir.resolve("missing-dir").resolve("g");
    assertThatThrownBy(() -> SqliteGallery.open(nowhere, MODEL, SIZE))
        .isInstanceOf(GalleryException.class)
        .hasMessageContaining(nowhere.getParent().toString());
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }
}
