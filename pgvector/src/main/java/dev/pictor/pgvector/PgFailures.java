package dev.pictor.pgvector;

import dev.pictor.pgvector.PgGalleryException.Reason;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns the driver's and the pool's exceptions into {@link PgGalleryException}s with a {@link
 * Reason}, by SQLSTATE. Stateless; thread-safe.
 */
final class PgFailures {

  private PgFailures() {}

  /**
   * The typed failure of {@code what} on {@code settings}' server.
   *
   * @param what what was being done, e.g. "enroll 'ada' in gallery 'staff'"
   */
  static PgGalleryException of(PgSettings settings, String what, SQLException e) {
    Reason reason = reasonOf(e);
    String where = "PostgreSQL " + settings.server() + " as user '" + settings.user() + "'";
    String detail = detail(e);
    String message =
        switch (reason) {
          case UNAVAILABLE -> "cannot " + what + ": " + where + " is unavailable (" + detail + ")";
          case AUTHENTICATION ->
              "cannot "
                  + what
                  + ": "
                  + where
                  + " refused the credentials (check the user and the password; "
                  + detail
                  + ")";
          case TIMEOUT -> "cannot " + what + ": " + where + " timed out (" + detail + ")";
          case PERMISSION ->
              "cannot " + what + ": " + where + " lacks a privilege (" + detail + ")";
          default -> "cannot " + what + " on " + where + ": " + detail;
        };
    return new PgGalleryException(reason, message, e);
  }

  static Reason reasonOf(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
        return Reason.TIMEOUT;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08")
            || state.equals("57P01") // admin_shutdown
            || state.equals("57P02") // crash_shutdown
            || state.equals("57P03") // cannot_connect_now (starting up, shutting down)
            || state.equals("53300")) { // too_many_connections
          return Reason.UNAVAILABLE;
        }
        if (state.equals("28P01") || state.equals("28000")) {
          return Reason.AUTHENTICATION;
        }
        if (state.equals("57014") || state.equals("55P03")) { // statement or lock timeout
          return Reason.TIMEOUT;
        }
        if (state.equals("42501")) {
          return Reason.PERMISSION;
        }
      }
    }
    // The pool gave up waiting for a connection and knows no cause from the server.
    return e instanceof SQLTransientConnectionException ? Reason.TIMEOUT : Reason.STORAGE;
  }

  /** The driver's own message (which never holds the password), the deepest useful one. */
  private static String detail(SQLException e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && t instanceof SQLException) {
        message = message + "; " + t.getMessage();
      }
    }
    String state = e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]";
    return (message == null ? e.getClass().getSimpleName() : message) + state;
  }
}
