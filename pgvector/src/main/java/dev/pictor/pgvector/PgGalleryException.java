package dev.pictor.pgvector;

import dev.pictor.face.GalleryException;

/**
 * A PostgreSQL gallery could not do what was asked; {@link #reason()} says why, so that callers can
 * retry what is worth retrying ({@link Reason#UNAVAILABLE}, {@link Reason#TIMEOUT}). Messages name
 * the server ({@code host:port/database}), the user and the gallery, never the password. Immutable.
 */
public final class PgGalleryException extends GalleryException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The server cannot be reached or the connection was lost (down, restarting, network). */
    UNAVAILABLE,
    /** The server refused the credentials. */
    AUTHENTICATION,
    /** A connection or a statement took longer than its timeout. */
    TIMEOUT,
    /** The database holds a Pictor schema newer than this code reads. */
    SCHEMA_TOO_NEW,
    /** The pgvector extension is not installed on the server, or may not be created. */
    NO_EXTENSION,
    /** The user lacks a privilege the operation needs. */
    PERMISSION,
    /** The named gallery does not exist, or was made for another model, size or metric. */
    GALLERY_MISMATCH,
    /** Anything else the server reported, or damaged content. */
    STORAGE
  }

  private final Reason reason;

  /**
   * @param reason why
   * @param message what failed, where; never a password
   * @param cause the driver's exception, or null
   */
  public PgGalleryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }
}
