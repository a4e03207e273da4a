package dev.pictor.recognition;

import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.face.GalleryNames;
import dev.pictor.recognition.SqliteGalleryFiles.StoredGallery;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link Gallery} kept in one SQLite file.
 *
 * <h2>Durability</h2>
 *
 * The file uses write-ahead logging with {@code synchronous=FULL}: every write is one transaction,
 * and the log is flushed to the disk ({@code fsync}) before the commit returns. So every {@link
 * #enroll enroll}, {@link #remove remove} or {@link #rename rename} that returned survives a crash
 * of the process (SIGKILL) and a power cut; a call interrupted by a crash leaves either all of its
 * change or none of it. ({@code synchronous=NORMAL} would survive a killed process but could lose
 * the last commits on a power cut, which is not what "enrolled" should mean.)
 *
 * <h2>Opening</h2>
 *
 * {@link #open open} creates a new gallery or opens an existing one made for the same model and
 * embedding size; {@link #openExisting openExisting} opens an existing gallery whatever its model.
 * A file is checked before anything is written to it: its header must say SQLite and carry Pictor's
 * {@code application_id}, its schema version must be one this code reads, SQLite's {@code
 * quick_check} must pass and the {@code meta} table must carry the Pictor marker. Anything else
 * (random bytes, a truncated copy, another program's SQLite database, a gallery from a newer
 * Pictor, a directory) is a {@link GalleryException} naming the file, and the file is left
 * untouched. A new gallery is built in a hidden temporary file beside the target and moved into
 * place in one step, so a crash during creation never leaves a half-made gallery behind. New files
 * are readable and writable by their owner only, where the file system supports it: they hold
 * biometric data.
 *
 * <h2>Names</h2>
 *
 * Names are stored and compared exactly as given: case-sensitive, without Unicode normalisation. To
 * be enrolled or used as the target of a rename, a name must be non-blank, must not start or end
 * with white space (no silent trimming: {@code "alice "} would otherwise look like {@code
 * "alice"}), must not contain control characters, bidirectional text controls (such as U+202E) or
 * unpaired surrogates, and may have at most {@value #MAX_NAME_LENGTH} characters. Lookups with any
 * other string simply find nobody. {@link #names()} and {@link #all()} are sorted by {@link
 * String#compareTo}.
 *
 * <h2>Thread safety and closing</h2>
 *
 * Instances are safe for concurrent use by any number of threads. Writes go through one connection,
 * one at a time, each in a {@code BEGIN IMMEDIATE} transaction; reads use a small pool of read-only
 * connections (at most {@value #MAX_READERS}), so readers never wait for the writer and each read
 * sees one committed state. Other processes may use the same file at the same time; SQLite's file
 * locks order their writes, waiting up to {@value #BUSY_TIMEOUT_MS} ms for a lock. {@link
 * #version()} reads a counter that triggers in the file bump in the transaction of every change, so
 * it also moves when another connection or process writes. The caller owns the gallery and closes
 * it; {@link #close()} waits for calls in flight, is idempotent, and any later call that reads or
 * writes the gallery throws {@link IllegalStateException} ({@link #modelId()}, {@link
 * #embeddingSize()} and {@link #file()} are fixed at opening and still answer).
 */
public final class SqliteGallery implements Gallery {

  /** How long a connection waits for a lock held by another connection or process. */
  public static final int BUSY_TIMEOUT_MS = 10_000;

  /** Largest number of read-only connections kept open. */
  public static final int MAX_READERS = 4;

  /** Longest accepted name, in UTF-16 chars. */
  public static final int MAX_NAME_LENGTH = GalleryNames.MAX_LENGTH;

  private static final Logger LOG = LoggerFactory.getLogger(SqliteGallery.class);

  private final Path file;
  private final String url;
  private final String modelId;
  private final int embeddingSize;

  /** Read lock: a call in flight; write lock: {@link #close()}. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private volatile boolean closed;

  /** Guards {@link #writer}: one write transaction at a time. */
  private final ReentrantLock writerLock = new ReentrantLock();

  private Connection writer;

  private final Semaphore readerPermits = new Semaphore(MAX_READERS);
  private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();

  /** Whether writes are refused ({@link #openReadOnly}). */
  private final boolean readOnly;

  private SqliteGallery(Path file, StoredGallery stored, boolean readOnly, String url) {
    this.file = file;
    this.url = url;
    this.modelId = stored.modelId();
    this.embeddingSize = stored.embeddingSize();
    this.readOnly = readOnly;
  }

  /**
   * Opens the gallery in {@code file}, creating it if the file does not exist.
   *
   * @param file the gallery file; its directory must exist
   * @param modelId id of the encoder model whose embeddings the gallery holds
   * @param embeddingSize number of values in each embedding
   * @return the open gallery; the caller closes it
   * @throws IllegalArgumentException if {@code modelId} is blank or {@code embeddingSize} is not
   *     positive
   * @throws GalleryException if the file cannot be created, is not a usable Pictor gallery, or was
   *     made for another model or embedding size
   */
  public static SqliteGallery open(Path file, String modelId, int embeddingSize)
      throws GalleryException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(modelId, "modelId");
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank: '" + modelId + "'");
    }
    if (embeddingSize <= 0) {
      throw new IllegalArgumentException("embeddingSize must be positive: " + embeddingSize);
    }
    Path target = file.toAbsolutePath().normalize();
    if (Files.notExists(target)) {
      SqliteGalleryFiles.create(target, modelId, embeddingSize);
    }
    StoredGallery stored =
        SqliteGalleryFiles.inspect(target, true, SqliteGalleryFiles.jdbcUrl(target));
    if (!stored.modelId().equals(modelId)) {
      throw new GalleryException(
          "gallery "
              + target
              + " holds embeddings of model '"
              + stored.modelId()
              + "', but model '"
              + modelId
              + "' was requested");
    }
    if (stored.embeddingSize() != embeddingSize) {
      throw new GalleryException(
          "gallery "
              + target
              + " holds embeddings of size "
              + stored.embeddingSize()
              + ", but size "
              + embeddingSize
              + " was requested");
    }
    return connect(target, stored);
  }

  /**
   * Opens an existing gallery, whatever model made it (see {@link #modelId()}).
   *
   * @param file the gallery file
   * @return the open gallery; the caller closes it
   * @throws GalleryException if the file does not exist or is not a usable Pictor gallery
   */
  public static SqliteGallery openExisting(Path file) throws GalleryException {
    Objects.requireNonNull(file, "file");
    Path target = file.toAbsolutePath().normalize();
    return connect(
        target, SqliteGalleryFiles.inspect(target, true, SqliteGalleryFiles.jdbcUrl(target)));
  }

  /**
   * Opens an existing gallery for reading only, whatever model made it: the file and its folder may
   * be read-only (a gallery shared by its owner, a backup on read-only media). Reads work as in a
   * writable gallery; every write throws a {@link GalleryException}, and the file is never changed.
   *
   * <p>If the folder cannot be written and no write-ahead log is beside the file (the gallery was
   * closed cleanly), SQLite is told the file is immutable, which is the only way it can read a
   * write-ahead-logged database without creating its shared-memory file: changes that someone else
   * makes after this call are then not seen, so do not use this to follow a gallery that is being
   * written.
   *
   * @param file the gallery file
   * @return the open gallery; the caller closes it
   * @throws GalleryException if the file does not exist, cannot be read or is not a usable Pictor
   *     gallery
   */
  public static SqliteGallery openReadOnly(Path file) throws GalleryException {
    Objects.requireNonNull(file, "file");
    Path target = file.toAbsolutePath().normalize();
    String url = SqliteGalleryFiles.readOnlyUrl(target);
    SqliteGallery gallery =
        new SqliteGallery(target, SqliteGalleryFiles.inspect(target, false, url), true, url);
    LOG.debug("opened {} read-only", gallery);
    return gallery;
  }

  /** The gallery file, as an absolute path. */
  public Path file() {
    return file;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  /** Number of values in each embedding of this gallery. */
  public int embeddingSize() {
    return embeddingSize;
  }

  /**
   * {@inheritDoc}
   *
   * <p>An embedding identical (value for value) to one the person already has, or to an earlier one
   * of the same call, is not stored again: enrolling the same photo twice, for example by running a
   * program twice, leaves one copy. Different embeddings of the same person are all kept.
   */
  @Override
  public void enroll(String name, List<FaceEmbedding> embeddings) throws GalleryException {
    ensureOpen();
    checkName(name, "name");
    Objects.requireNonNull(embeddings, "embeddings");
    if (embeddings.isEmpty()) {
      throw new IllegalArgumentException("no embeddings given to enroll '" + name + "'");
    }
    List<byte[]> vectors = new ArrayList<>(embeddings.size());
    for (int i = 0; i < embeddings.size(); i++) {
      FaceEmbedding embedding =
          Objects.requireNonNull(embeddings.get(i), "embedding " + i + " is null");
      if (!embedding.modelId().equals(modelId)) {
        throw new IllegalArgumentException(
            "embedding "
                + i
                + " comes from model '"
                + embedding.modelId()
                + "', but gallery "
                + file
                + " holds model '"
                + modelId
                + "'");
      }
      if (embedding.size() != embeddingSize) {
        throw new IllegalArgumentException(
            "embedding "
                + i
                + " has "
                + embedding.size()
                + " values, but gallery "
                + file
                + " holds embeddings of size "
                + embeddingSize);
      }
      vectors.add(encode(embedding.values()));
    }
    String now = Instant.now().toString();
    write(
        "enroll '" + name + "'",
        connection -> {
          try (PreparedStatement person =
              connection.prepareStatement(
                  "INSERT INTO person (name, created_at) VALUES (?, ?)"
                      + " ON CONFLICT (name) DO NOTHING")) {
            person.setString(1, name);
            person.setString(2, now);
            person.executeUpdate();
          }
          long personId = personId(connection, name);
          Set<ByteBuffer> stored = new HashSet<>();
          try (PreparedStatement select =
              connection.prepareStatement("SELECT vector FROM embedding WHERE person_id = ?")) {
            select.setLong(1, personId);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                stored.add(ByteBuffer.wrap(rows.getBytes(1)));
              }
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO embedding (person_id, vector, created_at) VALUES (?, ?, ?)")) {
            for (byte[] vector : vectors) {
              if (!stored.add(ByteBuffer.wrap(vector))) {
                continue; // this person already has exactly this embedding
              }
              insert.setLong(1, personId);
              insert.setBytes(2, vector);
              insert.setString(3, now);
              insert.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public boolean remove(String name) throws GalleryException {
    Objects.requireNonNull(name, "name");
    return write(
        "remove '" + name + "'",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM person WHERE name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() > 0;
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Renaming a person to their current name changes nothing.
   *
   * @throws IllegalArgumentException also if {@code to} is not a valid name (see the class
   *     documentation)
   */
  @Override
  public void rename(String from, String to) throws GalleryException {
    Objects.requireNonNull(from, "from");
    ensureOpen();
    checkName(to, "new name");
    write(
        "rename '" + from + "' to '" + to + "'",
        connection -> {
          long id = personId(connection, from);
          if (id < 0) {
            throw new IllegalArgumentException(
                "cannot rename '" + from + "': no such person in gallery " + file);
          }
          if (from.equals(to)) {
            return null;
          }
          if (personId(connection, to) >= 0) {
            throw new IllegalArgumentException(
                "cannot rename '"
                    + from
                    + "' to '"
                    + to
                    + "': '"
                    + to
                    + "' already exists in gallery "
                    + file);
          }
          try (PreparedStatement update =
              connection.prepareStatement("UPDATE person SET name = ? WHERE id = ?")) {
            update.setString(1, to);
            update.setLong(2, id);
            update.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<String> names() throws GalleryException {
    List<String> names =
        read(
            "list names",
            connection -> {
              List<String> result = new ArrayList<>();
              try (Statement statement = connection.createStatement();
                  ResultSet rows = statement.executeQuery("SELECT name FROM person")) {
                while (rows.next()) {
                  result.add(rows.getString(1));
                }
              }
              return result;
            });
    names.sort(Comparator.naturalOrder());
    return List.copyOf(names);
  }

  @Override
  public int count() throws GalleryException {
    return read(
        "count people",
        connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery("SELECT count(*) FROM person")) {
            rows.next();
            return rows.getInt(1);
          }
        });
  }

  @Override
  public List<FaceEmbedding> embeddingsOf(String name) throws GalleryException {
    Objects.requireNonNull(name, "name");
    return read(
        "read the embeddings of '" + name + "'",
        connection -> {
          List<FaceEmbedding> result = new ArrayList<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT e.id, e.vector FROM embedding e JOIN person p ON p.id = e.person_id"
                      + " WHERE p.name = ? ORDER BY e.id")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                result.add(decode(name, rows.getLong(1), rows.getBytes(2)));
              }
            }
          }
          return List.copyOf(result);
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sorted by name, then in the order of enrollment.
   */
  @Override
  public List<Enrolled> all() throws GalleryException {
    List<Enrolled> all =
        read(
            "read all embeddings",
            connection -> {
              List<Enrolled> result = new ArrayList<>();
              try (Statement statement = connection.createStatement();
                  ResultSet rows =
                      statement.executeQuery(
                          "SELECT p.name, e.id, e.vector FROM embedding e"
                              + " JOIN person p ON p.id = e.person_id ORDER BY e.id")) {
                while (rows.next()) {
                  String name = rows.getString(1);
                  result.add(new Enrolled(name, decode(name, rows.getLong(2), rows.getBytes(3))));
                }
              }
              return result;
            });
    all.sort(Comparator.comparing(Enrolled::name)); // stable: keeps enrollment order per name
    return List.copyOf(all);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The counter is stored in the file and bumped by triggers in the same transaction as every
   * change, so it moves (upwards) whenever any connection or process changes the people or their
   * embeddings, and stays put for calls that change nothing.
   */
  @Override
  public long version() throws GalleryException {
    return read("read the version", SqliteGallery::readChangeCounter);
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      SQLException failure = null;
      for (Connection reader = idleReaders.poll(); reader != null; reader = idleReaders.poll()) {
        failure = SqliteConnections.closeCollecting(reader, failure);
      }
      writerLock.lock();
      try {
        if (writer != null) {
          // Closed last: the last connection checkpoints the write-ahead log into the file.
          failure = SqliteConnections.closeCollecting(writer, failure);
          writer = null;
        }
      } finally {
        writerLock.unlock();
      }
      if (failure != null) {
        LOG.warn(
            "closing gallery {} failed; every committed change is already on disk", file, failure);
      } else {
        LOG.debug("closed gallery {}", file);
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteGallery[" + file + ", model=" + modelId + ", size=" + embeddingSize + "]";
  }

  // ---------------------------------------------------------------- reads and writes

  /** Work done on one connection. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException, GalleryException;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("gallery " + file + " is closed");
    }
  }

  /** Runs {@code work} in one write transaction: all of it is committed, or none of it. */
  private <T> T write(String what, SqlWork<T> work) throws GalleryException {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      if (readOnly) {
        throw new GalleryException(
            "cannot " + what + ": gallery " + file + " was opened read-only");
      }
      writerLock.lock();
      try {
        if (writer == null) {
          writer = SqliteConnections.openWriter(file, url);
        }
        Connection connection = writer;
        try {
          SqliteConnections.execute(connection, "BEGIN IMMEDIATE");
        } catch (SQLException e) {
          throw failure(what, e);
        }
        T result;
        try {
          result = work.run(connection);
          SqliteConnections.execute(connection, "COMMIT");
        } catch (SQLException e) {
          GalleryException failure = failure(what, e);
          rollBack(connection, failure);
          throw failure;
        } catch (GalleryException | RuntimeException | Error e) {
          rollBack(connection, e);
          throw e;
        }
        return result;
      } finally {
        writerLock.unlock();
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Rolls back the open transaction after {@code cause}; if that fails too, the writer connection
   * is dropped (a fresh one is opened by the next write) and the failure is attached to {@code
   * cause}.
   */
  private void rollBack(Connection connection, Throwable cause) {
    try {
      SqliteConnections.execute(connection, "ROLLBACK");
    } catch (SQLException e) {
      // SQLite may already have ended the transaction itself (after an I/O error, say); either
      // way, closing the connection discards whatever is left of it.
      cause.addSuppressed(e);
      writer = null;
      try {
        connection.close();
      } catch (SQLException closing) {
        cause.addSuppressed(closing);
      }
    }
  }

  /** Runs {@code work} on a read-only connection: a single statement sees one committed state. */
  private <T> T read(String what, SqlWork<T> work) throws GalleryException {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      readerPermits.acquireUninterruptibly();
      try {
        Connection connection = idleReaders.poll();
        try {
          if (connection == null) {
            connection = SqliteConnections.openReader(file, url);
          }
          T result = work.run(connection);
          idleReaders.push(connection);
          return result;
        } catch (SQLException e) {
          GalleryException failure = failure(what, e);
          SqliteConnections.discard(connection, failure);
          throw failure;
        } catch (GalleryException | RuntimeException | Error e) {
          SqliteConnections.discard(connection, e);
          throw e;
        }
      } finally {
        readerPermits.release();
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private GalleryException failure(String what, SQLException e) {
    return new GalleryException("gallery " + file + ": cannot " + what + ": " + e.getMessage(), e);
  }

  private static long personId(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT id FROM person WHERE name = ?")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getLong(1) : -1;
      }
    }
  }

  private static long readChangeCounter(Connection connection) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      query.setString(1, GallerySchema.KEY_CHANGE_COUNTER);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("the meta table has no " + GallerySchema.KEY_CHANGE_COUNTER);
        }
        return rows.getLong(1);
      }
    }
  }

  private FaceEmbedding decode(String name, long rowId, byte[] vector) throws GalleryException {
    if (vector == null || vector.length != embeddingSize * Float.BYTES) {
      throw new GalleryException(
          "gallery "
              + file
              + " is damaged: embedding row "
              + rowId
              + " of '"
              + name
              + "' has "
              + (vector == null ? 0 : vector.length)
              + " bytes, expected "
              + embeddingSize * Float.BYTES);
    }
    float[] values = new float[embeddingSize];
    ByteBuffer.wrap(vector).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    try {
      return new FaceEmbedding(modelId, values);
    } catch (IllegalArgumentException e) {
      throw new GalleryException(
          "gallery " + file + " is damaged: embedding row " + rowId + " of '" + name + "'", e);
    }
  }

  /** The exact float bits, little-endian: 4 bytes per value. */
  private static byte[] encode(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES);
    buffer.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    return buffer.array();
  }

  static void checkName(String name, String role) {
    GalleryNames.check(name, role);
  }

  // ---------------------------------------------------------------- opening

  private static SqliteGallery connect(Path file, StoredGallery stored) throws GalleryException {
    SqliteGallery gallery =
        new SqliteGallery(file, stored, false, SqliteGalleryFiles.jdbcUrl(file));
    try {
      // Open the writer now: the settings are checked at once, and the write-ahead log's shared
      // memory file exists for the read-only connections.
      gallery.writerLock.lock();
      try {
        gallery.writer = SqliteConnections.openWriter(file, gallery.url);
      } finally {
        gallery.writerLock.unlock();
      }
    } catch (GalleryException | RuntimeException e) {
      gallery.close();
      throw e;
    }
    LOG.debug("opened {}", gallery);
    return gallery;
  }
}
