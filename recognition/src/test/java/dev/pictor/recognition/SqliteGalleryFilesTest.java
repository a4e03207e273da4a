package dev.pictor.recognition;

import static dev.pictor.recognition.GalleryTestData.MODEL;
import static dev.pictor.recognition.GalleryTestData.SIZE;
import static dev.pictor.recognition.GalleryTestData.embedding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.pictor.face.GalleryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not usable galleries are refused with a clear error and left as they were. */
class SqliteGalleryFilesTest {

  @TempDir Path dir;

  private Path realGallery(String name, int people) throws GalleryException {
    Path file = dir.resolve(name);
    try (SqliteGallery gallery = SqliteGallery.open(file, MODEL, SIZE)) {
      for (int i = 0; i < people; i++) {
        gallery.enroll("person-" + i, List.of(embedding(i), embedding(1000 + i)));
      }
    }
    return file;
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /**
   * Runs {@code open}, expects a GalleryException naming the file, checks the file is unchanged.
   */
  private static void assertRefusedUnchanged(Path file, ThrowingCallable open, String... phrases)
      throws Exception {
    String before = sha256(file);
    long size = Files.size(file);
    var refusal =
        assertThatThrownBy(open)
            .isInstanceOf(GalleryException.class)
            .hasMessageContaining(file.toString());
    for (String phrase : phrases) {
      refusal.hasMessageContaining(phrase);
    }
    assertThat(sha256(file)).as("file content after the refused open").isEqualTo(before);
    assertThat(Files.size(file)).isEqualTo(size);
  }

  @Test
  void galleryOfAnotherModelIsRefused() throws Exception {
    Path file = realGallery("other-model.gallery", 3);
    assertRefusedUnchanged(
        file, () -> SqliteGallery.open(file, "another-model", SIZE), MODEL, "another-model");
    assertRefusedUnchanged(file, () -> SqliteGallery.open(file, MODEL, 512), "128", "512");
  }

  @Test
  void foreignSqliteDatabaseIsRefusedAndUntouched() throws Exception {
    Path file = dir.resolve("foreign.db");
    try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = plain.createStatement()) {
      statement.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)");
      statement.execute("INSERT INTO person (name) VALUES ('someone else''s data')");
    }
    assertRefusedUnchanged(
        file, () -> SqliteGallery.open(file, MODEL, SIZE), "another application");
    assertRefusedUnchanged(file, () -> SqliteGallery.openExisting(file), "another application");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("no journal or log files were made").containsExactly(file);
    }
  }

  @Test
  void sqliteFileWithOurIdButNoGalleryTablesIsRefused() throws Exception {
    Path file = dir.resolve("impostor.db");
    try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = plain.createStatement()) {
      statement.execute("PRAGMA application_id = " + GallerySchema.APPLICATION_ID);
      statement.execute("PRAGMA user_version = 1");
      statement.execute("CREATE TABLE something (x)");
    }
    assertRefusedUnchanged(file, () -> SqliteGallery.openExisting(file), "no table 'meta'");
  }

  @Test
  void randomBytesAreRefused() throws Exception {
    Path file = dir.resolve("random.gallery");
    byte[] noise = new byte[20_000];
    new Random(42).nextBytes(noise);
    Files.write(file, noise);
    assertRefusedUnchanged(file, () -> SqliteGallery.open(file, MODEL, SIZE), "not a SQLite");
    assertRefusedUnchanged(file, () -> SqliteGallery.openExisting(file), "not a SQLite");
  }

  @Test
  void sqliteMagicFollowedByNoiseIsRefused() throws Exception {
    Path file = dir.resolve("noise-after-magic.gallery");
    byte[] noise = new byte[8192];
    new Random(7).nextBytes(noise);
    byte[] magic = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, noise, 0, magic.length);
    Files.write(file, noise);
    assertRefusedUnchanged(file, () -> SqliteGallery.openExisting(file));
  }

  @Test
  void truncatedGalleryIsRefused() throws Exception {
    Path original = realGallery("whole.gallery", 60);
    byte[] bytes = Files.readAllBytes(original);
    assertThat(bytes.length).as("several pages").isGreaterThan(8 * 4096);

    Path half = dir.resolve("half.gallery");
    Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
    assertRefusedUnchanged(half, () -> SqliteGallery.open(half, MODEL, SIZE), "truncated");

    Path oddCut = dir.resolve("odd-cut.gallery");
    Files.write(oddCut, Arrays.copyOf(bytes, bytes.length - 1234));
    assertRefusedUnchanged(oddCut, () -> SqliteGallery.openExisting(oddCut), "truncated");

    Path headerOnly = dir.resolve("header-only.gallery");
    Files.write(headerOnly, Arrays.copyOf(bytes, 50));
    assertRefusedUnchanged(
        headerOnly, () -> SqliteGallery.openExisting(headerOnly), "not a SQLite");
  }

  @Test
  void damagedPagesAreFoundByTheIntegrityCheck() throws Exception {
    Path original = realGallery("whole.gallery", 60);
    byte[] bytes = Files.readAllBytes(original);
    int pageSize = SqliteHeader.parse(bytes).pageSize();
    Random random = new Random(3);
    // Scribble over every page after the first: the b-trees of the people and embeddings.
    for (int page = 1; page < bytes.length / pageSize; page++) {
      for (int i = 0; i < 64; i++) {
        bytes[page * pageSize + 8 + random.nextInt(pageSize - 8)] = (byte) random.nextInt();
      }
    }
    Path damaged = dir.resolve("damaged.gallery");
    Files.write(damaged, bytes);
    assertRefusedUnchanged(damaged, () -> SqliteGallery.openExisting(damaged), "corrupt");
  }

  @Test
  void galleryFromANewerSchemaIsRefused() throws Exception {
    Path file = realGallery("newer.gallery", 2);
    try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = plain.createStatement()) {
      statement.execute("PRAGMA user_version = 2");
      statement.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'");
    }
    assertRefusedUnchanged(file, () -> SqliteGallery.open(file, MODEL, SIZE), "newer", "2");
    assertRefusedUnchanged(file, () -> SqliteGallery.openExisting(file), "newer");
  }

  @Test
  void emptyFileIsNotTakenForAnEmptyGallery() throws Exception {
    Path file = dir.resolve("empty.gallery");
    Files.createFile(file);
    assertRefusedUnchanged(file, () -> SqliteGallery.open(file, MODEL, SIZE), "empty");
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void directoryIsRefused() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.gallery"));
    assertThatThrownBy(() -> SqliteGallery.open(folder, MODEL, SIZE))
        .isInstanceOf(GalleryException.class)
        .hasMessageContaining(folder.toString())
        .hasMessageContaining("directory");
    assertThatThrownBy(() -> SqliteGallery.openExisting(folder))
        .isInstanceOf(GalleryException.class)
        .hasMessageContaining("directory");
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void openExistingDoesNotCreate() {
    Path file = dir.resolve("missing.gallery");
    assertThatThrownBy(() -> SqliteGallery.openExisting(file))
        .isInstanceOf(GalleryException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not exist");
    assertThat(file).doesNotExist();
  }

  @Test
  void unreadableFileIsRefused() throws Exception {
    Path file = realGallery("locked.gallery", 1);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    try {
      assumeThat(Files.isReadable(file)).as("not running as root").isFalse();
      assertThatThrownBy(() -> SqliteGallery.openExisting(file))
          .isInstanceOf(GalleryException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("cannot be read");
    } finally {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void aReadOnlyGalleryIsReadButNeverChanged() throws Exception {
    Path file = realGallery("shared.gallery", 3);
    String before = sha256(file);
    try (SqliteGallery gallery = SqliteGallery.openReadOnly(file)) {
      assertThat(gallery.names()).containsExactly("person-0", "person-1", "person-2");
      assertThat(gallery.embeddingsOf("person-1")).containsExactly(embedding(1), embedding(1001));
      assertThatThrownBy(() -> gallery.enroll("intruder", List.of(embedding(7))))
          .isInstanceOf(GalleryException.class)
          .hasMessageContaining("opened read-only");
      assertThatThrownBy(() -> gallery.remove("person-0"))
          .isInstanceOf(GalleryException.class)
          .hasMessageContaining("opened read-only");
    }
    assertThat(sha256(file)).isEqualTo(before);
    // In a writable folder SQLite's readers may leave an empty write-ahead log: no data in it.
    Path wal = dir.resolve("shared.gallery-wal");
    if (Files.exists(wal)) {
      assertThat(Files.size(wal)).isZero();
    }
  }

  @Test
  void aGalleryInAReadOnlyFolderIsReadable() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("readonly"));
    Path file = folder.resolve("g.gallery");
    try (SqliteGallery gallery = SqliteGallery.open(file, MODEL, SIZE)) {
      gallery.enroll("ada", List.of(embedding(1)));
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeThat(Files.isWritable(folder)).as("not running as root").isFalse();
      assertThatThrownBy(() -> SqliteGallery.openExisting(file))
          .isInstanceOf(GalleryException.class)
          .hasMessageContaining("read-only");
      try (SqliteGallery gallery = SqliteGallery.openReadOnly(file)) {
        assertThat(gallery.names()).containsExactly("ada");
        assertThat(gallery.embeddingsOf("ada")).containsExactly(embedding(1));
      }
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void newGalleryIsPrivateToItsOwner() throws Exception {
    Path file = realGallery("private.gallery", 0);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void headerCarriesPictorMarks() throws Exception {
    Path file = dir.resolve("marks.gallery");
    float[] unit = new float[SIZE];
    unit[0] = 1.0f;
    try (SqliteGallery gallery = SqliteGallery.open(file, MODEL, SIZE)) {
      gallery.enroll("one", List.of(new dev.pictor.face.FaceEmbedding(MODEL, unit)));
    }
    SqliteHeader header = SqliteHeader.parse(Files.readAllBytes(file));
    assertThat(header).isNotNull();
    assertThat(header.applicationId()).isEqualTo(0x50435447);
    assertThat(header.userVersion()).isEqualTo(GallerySchema.VERSION);
    try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = plain.createStatement()) {
      assertThat(query(statement, "PRAGMA journal_mode")).isEqualTo("wal");
      assertThat(query(statement, "SELECT value FROM meta WHERE key = 'application'"))
          .isEqualTo("dev.pictor.gallery");
      assertThat(query(statement, "SELECT value FROM meta WHERE key = 'model_id'"))
          .isEqualTo(MODEL);
      assertThat(query(statement, "SELECT value FROM meta WHERE key = 'embedding_size'"))
          .isEqualTo("128");
      assertThat(query(statement, "SELECT length(vector) FROM embedding LIMIT 1")).isEqualTo("512");
      assertThat(query(statement, "SELECT hex(substr(vector, 1, 8)) FROM embedding LIMIT 1"))
          .as("little-endian float32: 1.0f then 0.0f")
          .isEqualTo("0000803F00000000");
    }
  }

  private static String query(Statement statement, String sql) throws SQLException {
    try (var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
