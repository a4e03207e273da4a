package dev.pictor.pgvector;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.GalleryException;
import dev.pictor.face.GalleryNames;
import dev.pictor.pgvector.PgGalleryException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL database holding named galleries, reached through a pool of connections
 * (HikariCP). {@link #open(PgSettings) open} checks the server, the credentials and the pgvector
 * extension, and creates or migrates Pictor's tables (schema {@code pictor}) under an advisory
 * lock, so that processes opening the same database at once wait for each other; a database whose
 * schema is newer than this code is refused ({@link Reason#SCHEMA_TOO_NEW}) and left untouched.
 *
 * <p>Each gallery is stamped with the id of the model that made its embeddings, their size and the
 * metric its index is built for; {@link #open(String, String, int, DistanceMetric)} creates a
 * gallery or opens one with the same stamps, and refuses one with other stamps.
 *
 * <h2>Failures and timeouts</h2>
 *
 * Every failure is a {@link PgGalleryException} whose {@link PgGalleryException#reason() reason}
 * says what happened; no {@link SQLException} escapes. Opening a connection is bounded by {@link
 * PgSettings#connectTimeout()}, a statement by {@link PgSettings#statementTimeout()} (the server
 * cancels it) and every read from the socket by that plus ten seconds, so a call never hangs on a
 * dead server. A connection lost mid-call (a server restart) fails that call with {@link
 * Reason#UNAVAILABLE}; the pool replaces the connection and later calls work again once the server
 * is back. A write that fails while its commit was in flight may or may not have been committed.
 *
 * <h2>Thread safety and closing</h2>
 *
 * Thread-safe; galleries opened from a store share its pool and must not be used after the store is
 * closed. {@link #close()} waits for calls in flight, is idempotent, and later calls throw {@link
 * IllegalStateException}. The caller closes the store.
 */
public final class PgVectorStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PgVectorStore.class);

  /** Extra socket time past the statement timeout, so that the server's cancel arrives first. */
  private static final int SOCKET_MARGIN_SECONDS = 10;

  private final PgSettings settings;
  private final HikariDataSource pool;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private PgVectorStore(PgSettings settings, HikariDataSource pool) {
    this.settings = settings;
    this.pool = pool;
  }

  /**
   * Connects to the database of {@code settings}, creating or migrating Pictor's schema.
   *
   * @return the store; the caller closes it
   * @throws PgGalleryException if the server is unreachable, refuses the credentials, lacks
   *     pgvector, or holds a newer schema
   */
  public static PgVectorStore open(PgSettings settings) throws PgGalleryException {
    Objects.requireNonNull(settings, "settings");
    Properties properties = driverProperties(settings);
    // One direct connection first: a wrong password or a dead server is reported at once, with the
    // server's own reason, instead of after the pool's wait.
    try (Connection connection =
        new org.postgresql.Driver().connect(settings.jdbcUrl(), properties)) {
      if (connection == null) {
        throw new PgGalleryException(
            Reason.STORAGE, "the PostgreSQL driver does not accept " + settings.server(), null);
      }
      connection.setAutoCommit(false);
      migrate(settings, connection);
    } catch (SQLException e) {
      throw PgFailures.of(settings, "open the galleries", e);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("pictor-pgvector");
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setDataSourceProperties(properties); // user and password are in here, not in the URL
    config.setAutoCommit(false);
    config.setMaximumPoolSize(settings.maxConnections());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(settings.connectTimeout().toMillis());
    config.setValidationTimeout(Math.min(5_000, settings.connectTimeout().toMillis() / 2));
    config.setInitializationFailTimeout(-1); // checked above
    HikariDataSource pool = new HikariDataSource(config);
    LOG.debug("connected to {}", settings);
    return new PgVectorStore(settings, pool);
  }

  /** The connection settings (without the password). */
  public PgSettings settings() {
    return settings;
  }

  /**
   * Opens the gallery {@code name}, creating it with these stamps if it does not exist; the gallery
   * is a view on this store: close it when done, and do not use it after the store is closed.
   *
   * @throws IllegalArgumentException if the name breaks {@link GalleryNames}, {@code modelId} is
   *     blank or {@code embeddingSize} is not in 1..16000 (pgvector's limit for an HNSW index is
   *     2000)
   * @throws PgGalleryException with {@link Reason#GALLERY_MISMATCH} if the gallery exists with
   *     another model, size or metric; or any failure of the server
   */
  public PgVectorGallery open(String name, String modelId, int embeddingSize, DistanceMetric metric)
      throws PgGalleryException {
    GalleryNames.check(name, "gallery name");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(metric, "metric");
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank: '" + modelId + "'");
    }
    if (embeddingSize < 1 || embeddingSize > 2000) {
      throw new IllegalArgumentException(
          "embeddingSize must be in 1..2000 (pgvector indexes at most 2000 dimensions): "
              + embeddingSize);
    }
    GalleryStamp stamp =
        transaction(
            "open gallery '" + name + "'",
            connection -> {
              GalleryStamp found = find(connection, name);
              if (found != null) {
                return found;
              }
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO pictor.gallery (name, model_id, embedding_size, metric)"
                          + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING id")) {
                insert.setString(1, name);
                insert.setString(2, modelId);
                insert.setInt(3, embeddingSize);
                insert.setString(4, metric.name());
                try (ResultSet rows = insert.executeQuery()) {
                  if (rows.next()) {
                    long id = rows.getLong(1);
                    try (Statement statement = connection.createStatement()) {
                      statement.execute(PgSchema.createIndex(id, embeddingSize, metric));
                    }
                    LOG.debug("created gallery '{}' (id {}) in {}", name, id, settings.server());
                    return new GalleryStamp(id, name, modelId, embeddingSize, metric);
                  }
                }
              }
              return find(connection, name); // created by someone else meanwhile
            });
    String where = "gallery '" + name + "' in " + settings.server();
    if (!stamp.modelId().equals(modelId)) {
      throw mismatch(
          where
              + " holds embeddings of model '"
              + stamp.modelId()
              + "', but model '"
              + modelId
              + "' was requested");
    }
    if (stamp.embeddingSize() != embeddingSize) {
      throw mismatch(
          where
              + " holds embeddings of size "
              + stamp.embeddingSize()
              + ", but size "
              + embeddingSize
              + " was requested");
    }
    if (stamp.metric() != metric) {
      throw mismatch(
          where
              + " is indexed for metric "
              + stamp.metric()
              + ", but "
              + metric
              + " was requested");
    }
    return new PgVectorGallery(this, stamp, false);
  }

  /**
   * Opens an existing gallery, whatever its model.
   *
   * @throws PgGalleryException with {@link Reason#GALLERY_MISMATCH} if there is none of that name
   */
  public PgVectorGallery openExisting(String name) throws PgGalleryException {
    Objects.requireNonNull(name, "name");
    GalleryStamp stamp = transaction("open gallery '" + name + "'", c -> find(c, name));
    if (stamp == null) {
      throw mismatch("there is no gallery '" + name + "' in " + settings.server());
    }
    return new PgVectorGallery(this, stamp, false);
  }

  /** The galleries in this database, sorted by name. */
  public List<GalleryInfo> galleries() throws PgGalleryException {
    return transaction(
        "list the galleries",
        connection -> {
          List<GalleryInfo> result = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rows =
                  statement.executeQuery(
                      "SELECT g.name, g.model_id, g.embedding_size, g.metric,"
                          + " (SELECT count(*) FROM pictor.person p WHERE p.gallery_id = g.id)"
                          + " FROM pictor.gallery g ORDER BY g.name COLLATE \"C\"")) {
            while (rows.next()) {
              result.add(
                  new GalleryInfo(
                      rows.getString(1),
                      rows.getString(2),
                      rows.getInt(3),
                      metricOf(rows.getString(4)),
                      rows.getInt(5)));
            }
          }
          return List.copyOf(result);
        });
  }

  /** Deletes gallery {@code name} with everyone in it; returns whether it existed. */
  public boolean drop(String name) throws PgGalleryException {
    Objects.requireNonNull(name, "name");
    return transaction(
        "drop gallery '" + name + "'",
        connection -> {
          GalleryStamp stamp = find(connection, name);
          if (stamp == null) {
            return false;
          }
          try (Statement statement = connection.createStatement()) {
            statement.execute(PgSchema.dropIndex(stamp.id()));
          }
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM pictor.gallery WHERE id = ?")) {
            delete.setLong(1, stamp.id());
            delete.executeUpdate();
          }
          return true;
        });
  }

  /**
   * What {@link #galleries()} lists.
   *
   * @param name the gallery
   * @param modelId the model of its embeddings
   * @param embeddingSize their size
   * @param metric the metric of its index
   * @param people how many people are enrolled
   */
  public record GalleryInfo(
      String name, String modelId, int embeddingSize, DistanceMetric metric, int people) {}

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      pool.close();
      LOG.debug("closed the connections to {}", settings.server());
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "PgVectorStore[" + settings + "]";
  }

  // ---------------------------------------------------------------- for the galleries

  /** Work done in one transaction. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException, GalleryException;
  }

  /**
   * Runs {@code work} in one transaction on a pooled connection and commits it; on any failure the
   * transaction is rolled back and the failure is typed.
   */
  <T> T transaction(String what, SqlWork<T> work) throws PgGalleryException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the gallery store " + settings.server() + " is closed");
      }
      try (Connection connection = pool.getConnection()) {
        try {
          T result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException | GalleryException | RuntimeException | Error e) {
          rollBack(connection, e);
          throw e;
        }
      } catch (SQLException e) {
        throw PgFailures.of(settings, what, e);
      } catch (PgGalleryException e) {
        throw e;
      } catch (GalleryException e) {
        throw new PgGalleryException(Reason.STORAGE, e.getMessage(), e);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Runs {@code work} on a pooled connection in autocommit mode, for a read that sends one
   * statement: the driver sends its commands (a statement may hold several, separated by {@code ;})
   * and one Sync in one round trip, and the server runs them in one implicit transaction that ends
   * at that Sync, so settings made with {@code set_config(..., true)} by an earlier command hold
   * for the later ones and for nothing after. {@link #transaction} costs two more round trips (its
   * settings statement and its {@code COMMIT}). The pool puts the connection back in its default
   * (transaction) mode.
   */
  <T> T singleStatement(String what, SqlWork<T> work) throws PgGalleryException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the gallery store " + settings.server() + " is closed");
      }
      try (Connection connection = pool.getConnection()) {
        connection.setAutoCommit(true); // no round trip: the connection is idle
        return work.run(connection);
      } catch (SQLException e) {
        throw PgFailures.of(settings, what, e);
      } catch (PgGalleryException e) {
        throw e;
      } catch (GalleryException e) {
        throw new PgGalleryException(Reason.STORAGE, e.getMessage(), e);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private static void rollBack(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e); // the connection is broken; the pool drops it
    }
  }

  PgGalleryException mismatch(String message) {
    return new PgGalleryException(Reason.GALLERY_MISMATCH, message, null);
  }

  /** A gallery's row: its id and stamps. */
  record GalleryStamp(
      long id, String name, String modelId, int embeddingSize, DistanceMetric metric) {}

  private GalleryStamp find(Connection connection, String name)
      throws SQLException, PgGalleryException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT id, model_id, embedding_size, metric FROM pictor.gallery WHERE name = ?")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        return new GalleryStamp(
            rows.getLong(1), name, rows.getString(2), rows.getInt(3), metricOf(rows.getString(4)));
      }
    }
  }

  private DistanceMetric metricOf(String text) throws PgGalleryException {
    try {
      return DistanceMetric.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new PgGalleryException(
          Reason.STORAGE,
          "the galleries in " + settings.server() + " name an unknown metric '" + text + "'",
          e);
    }
  }

  // ---------------------------------------------------------------- connecting and migrating

  private static Properties driverProperties(PgSettings settings) {
    Properties properties = new Properties();
    settings.driverParameters().forEach(properties::setProperty);
    properties.setProperty("user", settings.user());
    char[] password = settings.password();
    if (password != null) {
      properties.setProperty("password", new String(password));
    }
    long connectSeconds = Math.max(1, settings.connectTimeout().toSeconds());
    long statementMillis = settings.statementTimeout().toMillis();
    properties.setProperty("connectTimeout", Long.toString(connectSeconds));
    properties.setProperty("loginTimeout", Long.toString(connectSeconds));
    properties.setProperty(
        "socketTimeout",
        Long.toString(settings.statementTimeout().toSeconds() + SOCKET_MARGIN_SECONDS));
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("reWriteBatchedInserts", "true"); // batches as multi-row INSERTs
    properties.setProperty("ApplicationName", "pictor");
    // the server's start-up options: any the URL gives (e.g. ?options=-c%20search_path%3Dx) are
    // kept, and the two timeouts come after them, so statementTimeout() is the one that holds
    String given = settings.driverParameters().getOrDefault("options", "").strip();
    String timeouts =
        "-c statement_timeout=" + statementMillis + " -c lock_timeout=" + statementMillis;
    properties.setProperty("options", given.isEmpty() ? timeouts : given + " " + timeouts);
    return properties;
  }

  private static void migrate(PgSettings settings, Connection connection)
      throws SQLException, PgGalleryException {
    try (Statement statement = connection.createStatement()) {
      int current = schemaVersion(statement);
      checkNotNewer(settings, connection, current);
      if (current == PgSchema.VERSION && hasVector(statement)) {
        connection.commit();
        return;
      }
      statement.execute("SELECT pg_advisory_xact_lock(" + PgSchema.MIGRATION_LOCK + ")");
      if (!hasVector(statement)) {
        try {
          statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
        } catch (SQLException e) {
          connection.rollback();
          throw new PgGalleryException(
              Reason.NO_EXTENSION,
              "PostgreSQL "
                  + settings.server()
                  + " has no pgvector extension and user '"
                  + settings.user()
                  + "' cannot create it (install pgvector on the server, then run CREATE EXTENSION"
                  + " vector as its owner): "
                  + e.getMessage(),
              e);
        }
      }
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + PgSchema.SCHEMA);
      statement.execute(PgSchema.CREATE_VERSION_TABLE);
      current = schemaVersion(statement);
      checkNotNewer(settings, connection, current);
      for (int version = current; version < PgSchema.VERSION; version++) {
        for (String sql : PgSchema.MIGRATIONS.get(version)) {
          statement.execute(sql);
        }
        statement.execute(
            "INSERT INTO pictor.schema_version (version) VALUES (" + (version + 1) + ")");
        LOG.debug("migrated the galleries in {} to schema {}", settings.server(), version + 1);
      }
      connection.commit();
    }
  }

  private static void checkNotNewer(PgSettings settings, Connection connection, int current)
      throws SQLException, PgGalleryException {
    if (current > PgSchema.VERSION) {
      connection.rollback();
      throw new PgGalleryException(
          Reason.SCHEMA_TOO_NEW,
          "the galleries in PostgreSQL "
              + settings.server()
              + " have schema version "
              + current
              + ", written by a newer Pictor; this version reads schema "
              + PgSchema.VERSION
              + " (upgrade Pictor to use them); nothing was changed",
          null);
    }
  }

  /** The highest applied migration, 0 for none; refuses a newer schema before locking. */
  private static int schemaVersion(Statement statement) throws SQLException {
    try (ResultSet exists =
        statement.executeQuery("SELECT to_regclass('pictor.schema_version') IS NOT NULL")) {
      exists.next();
      if (!exists.getBoolean(1)) {
        return 0;
      }
    }
    try (ResultSet rows =
        statement.executeQuery("SELECT coalesce(max(version), 0) FROM pictor.schema_version")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static boolean hasVector(Statement statement) throws SQLException {
    try (ResultSet rows =
        statement.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'vector'")) {
      return rows.next();
    }
  }
}
