package dev.pictor.recognition;

import dev.pictor.face.GalleryException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * Connections to a gallery file configured as {@link SqliteGallery} documents them (the writer:
 * write-ahead log, {@code synchronous=FULL}, foreign keys; readers: read-only), and small JDBC
 * helpers. Stateless.
 */
final class SqliteConnections {

  private SqliteConnections() {}

  static int intPragma(Statement statement, String pragma) throws SQLException {
    try (ResultSet rows = statement.executeQuery("PRAGMA " + pragma)) {
      if (!rows.next()) {
        throw new SQLException("PRAGMA " + pragma + " returned nothing");
      }
      return rows.getInt(1);
    }
  }

  static void discard(Connection connection, Throwable cause) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  static Connection openWriter(Path file, String url) throws GalleryException {
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE); // the file was checked: never make a new one
    config.setBusyTimeout(SqliteGallery.BUSY_TIMEOUT_MS);
    Connection connection = null;
    try {
      connection = config.createConnection(url);
      try (Statement statement = connection.createStatement()) {
        String mode = queryString(statement, "PRAGMA journal_mode = WAL");
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new GalleryException(
              "gallery "
                  + file
                  + ": SQLite cannot use write-ahead logging (journal mode stays '"
                  + mode
                  + "'); is it on a network file system?");
        }
        // FULL: the log is flushed to disk at every commit (see SqliteGallery on durability).
        statement.execute("PRAGMA synchronous = FULL");
        // On macOS a plain fsync does not reach the platter; F_FULLFSYNC does. No-op elsewhere.
        statement.execute("PRAGMA fullfsync = ON");
        statement.execute("PRAGMA checkpoint_fullfsync = ON");
        statement.execute("PRAGMA foreign_keys = ON");
        // Triggers and views in a file must not call functions with side effects.
        statement.execute("PRAGMA trusted_schema = OFF");
        if (intPragma(statement, "synchronous") != 2 || intPragma(statement, "foreign_keys") != 1) {
          throw new GalleryException(
              "gallery " + file + ": SQLite refused synchronous=FULL or foreign_keys=ON");
        }
      }
      return connection;
    } catch (SQLException e) {
      GalleryException failure =
          new GalleryException(
              "cannot open gallery " + file + " for writing: " + e.getMessage(), e);
      discard(connection, failure);
      throw failure;
    } catch (GalleryException | RuntimeException e) {
      discard(connection, e);
      throw e;
    }
  }

  static Connection openReader(Path file, String url) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true); // SQLITE_OPEN_READONLY: cannot change the file, cannot create it
    config.setBusyTimeout(SqliteGallery.BUSY_TIMEOUT_MS);
    Connection connection = config.createConnection(url);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA trusted_schema = OFF");
    } catch (SQLException e) {
      discard(connection, e);
      throw e;
    }
    return connection;
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static String queryString(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  static SQLException closeCollecting(Connection connection, SQLException failure) {
    try {
      connection.close();
      return failure;
    } catch (SQLException e) {
      if (failure == null) {
        return e;
      }
      failure.addSuppressed(e);
      return failure;
    }
  }

  static boolean isCorruption(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      int primary = sqlite.getResultCode().code & 0xff;
      return primary == SQLiteErrorCode.SQLITE_CORRUPT.code
          || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
    }
    return false;
  }
}
