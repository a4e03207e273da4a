package dev.pictor.recognition;

import dev.pictor.face.GalleryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The gallery file itself, for {@link SqliteGallery}: checking, without writing to it, that a file
 * is a Pictor gallery this code reads ({@link #inspect}), creating a new one atomically beside its
 * target ({@link #create}), and the JDBC URLs that open it. Stateless.
 */
final class SqliteGalleryFiles {

  /** Logged under {@link SqliteGallery}'s name: one logger to configure for the gallery. */
  private static final Logger LOG = LoggerFactory.getLogger(SqliteGallery.class);

  private SqliteGalleryFiles() {}

  /** What the meta table of a gallery file says. */
  record StoredGallery(String modelId, int embeddingSize) {}

  static String readOnlyUrl(Path file) {
    Path folder = file.getParent();
    boolean logged =
        Files.exists(file.resolveSibling(file.getFileName() + "-wal"))
            || Files.exists(file.resolveSibling(file.getFileName() + "-shm"));
    boolean immutable = folder != null && !Files.isWritable(folder) && !logged;
    return jdbcUrl(file) + (immutable ? "?immutable=1" : "");
  }

  /**
   * Checks, without writing anything, that {@code file} is a Pictor gallery this code can use, and
   * returns what its meta table says.
   */
  static StoredGallery inspect(Path file, boolean writable, String url) throws GalleryException {
    if (Files.isDirectory(file)) {
      throw new GalleryException(file + " is a directory, not a gallery file");
    }
    if (!Files.exists(file)) {
      throw new GalleryException("gallery " + file + " does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw new GalleryException(file + " is not a regular file, so not a gallery");
    }
    if (!Files.isReadable(file)) {
      throw new GalleryException("gallery " + file + " cannot be read (check its permissions)");
    }
    if (writable && !Files.isWritable(file)) {
      throw new GalleryException(
          "gallery "
              + file
              + " is read-only; it must be writable to be changed (SqliteGallery.openReadOnly"
              + " reads it)");
    }
    byte[] head;
    long size;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(SqliteHeader.LENGTH);
      size = Files.size(file);
    } catch (IOException e) {
      throw new GalleryException("cannot read gallery " + file + ": " + e, e);
    }
    if (size == 0) {
      throw new GalleryException(file + " is empty (0 bytes): it is not a Pictor gallery");
    }
    SqliteHeader header = SqliteHeader.parse(head);
    if (header == null) {
      throw new GalleryException(
          file + " is not a SQLite database, so not a Pictor gallery (corrupt or another format)");
    }
    if (!header.hasValidPageSize()) {
      throw new GalleryException(
          file + " is corrupt: its SQLite header gives a page size of " + header.pageSize());
    }
    if (header.applicationId() != GallerySchema.APPLICATION_ID) {
      throw new GalleryException(foreignMessage(file, header.applicationId()));
    }
    checkSchemaVersion(file, header.userVersion());
    long expectedBytes = header.pageCount() * header.pageSize();
    if (header.pageCount() > 0 && size < expectedBytes && !hasWriteAheadLog(file)) {
      throw new GalleryException(
          "gallery "
              + file
              + " is truncated: its header records "
              + header.pageCount()
              + " pages of "
              + header.pageSize()
              + " bytes ("
              + expectedBytes
              + " bytes), but the file has "
              + size
              + " bytes");
    }
    try (Connection connection = SqliteConnections.openReader(file, url)) {
      return readMeta(file, connection);
    } catch (SQLException e) {
      if (SqliteConnections.isCorruption(e)) {
        throw new GalleryException("gallery " + file + " is corrupt: " + e.getMessage(), e);
      }
      throw new GalleryException("cannot read gallery " + file + ": " + e.getMessage(), e);
    }
  }

  private static StoredGallery readMeta(Path file, Connection connection)
      throws SQLException, GalleryException {
    try (Statement statement = connection.createStatement()) {
      List<String> problems = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("PRAGMA quick_check(5)")) {
        while (rows.next()) {
          String line = rows.getString(1);
          if (!"ok".equals(line)) {
            problems.add(line.replaceAll("\\s+", " ").strip());
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new GalleryException(
            "gallery "
                + file
                + " is corrupt (SQLite quick_check: "
                + String.join("; ", problems)
                + ")");
      }
      int applicationId = SqliteConnections.intPragma(statement, "application_id");
      if (applicationId != GallerySchema.APPLICATION_ID) {
        throw new GalleryException(foreignMessage(file, applicationId));
      }
      int schemaVersion = SqliteConnections.intPragma(statement, "user_version");
      checkSchemaVersion(file, schemaVersion);
      Set<String> tables = new HashSet<>();
      try (ResultSet rows =
          statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      for (String table : GallerySchema.TABLES) {
        if (!tables.contains(table)) {
          throw new GalleryException(
              "gallery " + file + " is damaged: it has no table '" + table + "'");
        }
      }
      Map<String, String> meta = new HashMap<>();
      try (ResultSet rows = statement.executeQuery("SELECT key, value FROM meta")) {
        while (rows.next()) {
          meta.put(rows.getString(1), rows.getString(2));
        }
      }
      if (!GallerySchema.APPLICATION_MARKER.equals(meta.get(GallerySchema.KEY_APPLICATION))) {
        throw new GalleryException(
            file
                + " is not a Pictor gallery: its meta table lacks the marker '"
                + GallerySchema.APPLICATION_MARKER
                + "'");
      }
      String metaVersion = meta.get(GallerySchema.KEY_SCHEMA_VERSION);
      if (!Integer.toString(schemaVersion).equals(metaVersion)) {
        throw new GalleryException(
            "gallery "
                + file
                + " is damaged: user_version says schema "
                + schemaVersion
                + ", the meta table says "
                + metaVersion);
      }
      String storedModel = meta.get(GallerySchema.KEY_MODEL_ID);
      if (storedModel == null || storedModel.isBlank()) {
        throw new GalleryException("gallery " + file + " is damaged: it names no model");
      }
      int storedSize = positiveInt(file, meta, GallerySchema.KEY_EMBEDDING_SIZE);
      if (!meta.containsKey(GallerySchema.KEY_CHANGE_COUNTER)) {
        throw new GalleryException("gallery " + file + " is damaged: it has no change counter");
      }
      return new StoredGallery(storedModel, storedSize);
    }
  }

  private static int positiveInt(Path file, Map<String, String> meta, String key)
      throws GalleryException {
    String text = meta.get(key);
    try {
      int value = Integer.parseInt(String.valueOf(text));
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      throw new GalleryException(
          "gallery " + file + " is damaged: " + key + " is '" + text + "'", e);
    }
    throw new GalleryException("gallery " + file + " is damaged: " + key + " is " + text);
  }

  private static void checkSchemaVersion(Path file, int schemaVersion) throws GalleryException {
    if (schemaVersion > GallerySchema.VERSION) {
      throw new GalleryException(
          "gallery "
              + file
              + " has schema version "
              + schemaVersion
              + ", written by a newer Pictor; this version reads schema "
              + GallerySchema.VERSION
              + " (upgrade Pictor to open it)");
    }
    if (schemaVersion < 1) {
      throw new GalleryException(
          "gallery "
              + file
              + " is damaged: it has Pictor's application id but schema version "
              + schemaVersion);
    }
  }

  private static String foreignMessage(Path file, int applicationId) {
    return String.format(
        "%s is a SQLite database of another application (application_id 0x%08X; a Pictor"
            + " gallery has 0x%08X): not opened, not changed",
        file, applicationId, GallerySchema.APPLICATION_ID);
  }

  private static boolean hasWriteAheadLog(Path file) throws GalleryException {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    try {
      return Files.size(wal) > 0;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new GalleryException("cannot read the write-ahead log " + wal + ": " + e, e);
    }
  }

  /**
   * Creates a gallery at {@code file}: built in a temporary file in the same directory, then linked
   * into place, which fails rather than replace a gallery another process created meanwhile.
   */
  static void create(Path file, String modelId, int embeddingSize) throws GalleryException {
    Path directory = file.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new GalleryException(
          "cannot create gallery " + file + ": directory " + directory + " does not exist");
    }
    Path temporary;
    try {
      temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".creating");
    } catch (IOException e) {
      throw new GalleryException("cannot create gallery " + file + ": " + e, e);
    }
    try {
      initialise(temporary, modelId, embeddingSize);
      publish(temporary, file);
    } catch (GalleryException | RuntimeException e) {
      deleteTemporary(temporary, e);
      throw e;
    }
    deleteTemporary(temporary, null);
    LOG.debug("created gallery {} for model {}, embedding size {}", file, modelId, embeddingSize);
  }

  private static void initialise(Path temporary, String modelId, int embeddingSize)
      throws GalleryException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(SqliteGallery.BUSY_TIMEOUT_MS);
    try (Connection connection = config.createConnection(jdbcUrl(temporary));
        Statement statement = connection.createStatement()) {
      // Built with a rollback journal so that everything is in the main file when it closes.
      statement.execute("PRAGMA journal_mode = DELETE");
      statement.execute("PRAGMA synchronous = FULL");
      statement.execute("PRAGMA fullfsync = ON");
      statement.execute("BEGIN IMMEDIATE");
      statement.execute("PRAGMA application_id = " + GallerySchema.APPLICATION_ID);
      statement.execute("PRAGMA user_version = " + GallerySchema.VERSION);
      for (String sql : GallerySchema.CREATE_STATEMENTS) {
        statement.execute(sql);
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
        Object[][] rows = {
          {GallerySchema.KEY_APPLICATION, GallerySchema.APPLICATION_MARKER},
          {GallerySchema.KEY_SCHEMA_VERSION, Integer.toString(GallerySchema.VERSION)},
          {GallerySchema.KEY_MODEL_ID, modelId},
          {GallerySchema.KEY_EMBEDDING_SIZE, Integer.toString(embeddingSize)},
          {GallerySchema.KEY_CREATED_AT, Instant.now().toString()},
          {GallerySchema.KEY_CHANGE_COUNTER, 0L},
        };
        for (Object[] row : rows) {
          insert.setString(1, (String) row[0]);
          insert.setObject(2, row[1]);
          insert.executeUpdate();
        }
      }
      statement.execute("COMMIT");
      // Switching to WAL is recorded in the file header, so every later connection uses it.
      String mode = SqliteConnections.queryString(statement, "PRAGMA journal_mode = WAL");
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new GalleryException(
            "cannot create gallery beside "
                + temporary
                + ": SQLite cannot use write-ahead logging there (journal mode stays '"
                + mode
                + "'); is it a network file system?");
      }
    } catch (SQLException e) {
      throw new GalleryException(
          "cannot create gallery in " + temporary + ": " + e.getMessage(), e);
    }
    if (hasWriteAheadLog(temporary)) {
      throw new GalleryException(
          "cannot create gallery in " + temporary + ": its write-ahead log was not checkpointed");
    }
  }

  private static void publish(Path temporary, Path file) throws GalleryException {
    try {
      Files.createLink(file, temporary);
    } catch (FileAlreadyExistsException e) {
      LOG.debug("gallery {} was created by someone else meanwhile; opening theirs", file);
      return;
    } catch (UnsupportedOperationException | IOException linkFailure) {
      // No hard links here (some network or FAT file systems): a move that refuses to replace.
      try {
        Files.move(temporary, file);
      } catch (FileAlreadyExistsException e) {
        LOG.debug("gallery {} was created by someone else meanwhile; opening theirs", file);
        return;
      } catch (IOException e) {
        e.addSuppressed(linkFailure);
        throw new GalleryException("cannot create gallery " + file + ": " + e, e);
      }
    }
    syncDirectory(file.getParent());
  }

  /** Makes the new directory entry durable (POSIX); platforms that cannot do this are logged. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("this platform cannot sync directory {}; relying on the file system", directory, e);
    }
  }

  private static void deleteTemporary(Path temporary, Throwable cause) {
    for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
      Path path = temporary.resolveSibling(temporary.getFileName() + suffix);
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        if (cause != null) {
          cause.addSuppressed(e);
        } else {
          LOG.warn("could not delete the temporary file {}; it may be deleted by hand", path, e);
        }
      }
    }
  }

  /**
   * {@code jdbc:sqlite:file:/abs/path}, percent-encoded, so that characters such as '?' or '#' in
   * the path are taken literally rather than as URI parts or driver options.
   */
  static String jdbcUrl(Path file) {
    return "jdbc:sqlite:file:" + file.toUri().getRawPath();
  }
}
