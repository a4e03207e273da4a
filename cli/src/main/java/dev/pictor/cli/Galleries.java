package dev.pictor.cli;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.face.Recognizer;
import dev.pictor.pgvector.PgSettings;
import dev.pictor.pgvector.PgVectorGallery;
import dev.pictor.pgvector.PgVectorRecognizer;
import dev.pictor.recognition.ExactRecognizer;
import dev.pictor.recognition.SqliteGallery;
import java.nio.file.Path;

/**
 * Where a gallery lives, as the CLI takes it: a SQLite file path, or a PostgreSQL URL ({@code
 * postgresql://user@host:port/database?gallery=NAME} or {@code jdbc:postgresql://...}; the gallery
 * named {@value #DEFAULT_PG_GALLERY} when the URL names none; the password from the URL, {@code
 * PGPASSWORD} or {@code PICTOR_PG_PASSWORD_FILE}). Stateless; thread-safe; the galleries it opens
 * belong to the caller.
 */
final class Galleries {

  /** The gallery used in a PostgreSQL database when the URL names none. */
  static final String DEFAULT_PG_GALLERY = "default";

  private Galleries() {}

  /** Whether {@code location} is a PostgreSQL URL rather than a file. */
  static boolean isPostgres(String location) {
    return PgSettings.isPostgresUrl(location);
  }

  /** {@code location} as printed: the file as a path, a URL with any password masked. */
  static String label(String location) {
    return isPostgres(location) ? PgSettings.redact(location) : Path.of(location).toString();
  }

  /**
   * Opens an existing gallery, whatever model made it.
   *
   * @throws GalleryException if it is missing or cannot be used
   * @throws IllegalArgumentException if a URL is malformed
   */
  static Gallery openExisting(String location) throws GalleryException {
    if (isPostgres(location)) {
      PgSettings settings = PgSettings.fromUrl(location);
      return PgVectorGallery.openExisting(settings, galleryName(settings));
    }
    return SqliteGallery.openExisting(Path.of(location));
  }

  /**
   * Opens an existing gallery for reading only: a SQLite file that the user may not write (nor its
   * folder) is still read.
   *
   * @throws GalleryException if it is missing or cannot be used
   * @throws IllegalArgumentException if a URL is malformed
   */
  static Gallery openForReading(String location) throws GalleryException {
    if (isPostgres(location)) {
      return openExisting(location);
    }
    return SqliteGallery.openReadOnly(Path.of(location));
  }

  /**
   * Opens the gallery, creating it for this model, size and metric if it does not exist.
   *
   * @param metric the metric a new PostgreSQL gallery's index is built for (SQLite needs none)
   */
  static Gallery openOrCreate(String location, String modelId, int size, DistanceMetric metric)
      throws GalleryException {
    if (isPostgres(location)) {
      PgSettings settings = PgSettings.fromUrl(location);
      return PgVectorGallery.open(settings, galleryName(settings), modelId, size, metric);
    }
    return SqliteGallery.open(Path.of(location), modelId, size);
  }

  /** Number of values per embedding of a gallery opened here. */
  static int embeddingSize(Gallery gallery) {
    if (gallery instanceof SqliteGallery sqlite) {
      return sqlite.embeddingSize();
    }
    return ((PgVectorGallery) gallery).embeddingSize();
  }

  /**
   * The search for a gallery opened here: in-process exact search for SQLite, the database's HNSW
   * index for PostgreSQL.
   */
  static Recognizer recognizer(Gallery gallery, DistanceMetric metric, double threshold) {
    if (gallery instanceof PgVectorGallery pg) {
      return new PgVectorRecognizer(
          pg,
          metric,
          threshold,
          PgVectorRecognizer.Mode.INDEX,
          PgVectorRecognizer.DEFAULT_EF_SEARCH);
    }
    return new ExactRecognizer(gallery, metric, threshold);
  }

  /** The metric of a PostgreSQL gallery's index; empty for SQLite (it has none). */
  static java.util.Optional<DistanceMetric> metric(Gallery gallery) {
    return gallery instanceof PgVectorGallery pg
        ? java.util.Optional.of(pg.metric())
        : java.util.Optional.empty();
  }

  private static String galleryName(PgSettings settings) {
    return settings.galleryName().orElse(DEFAULT_PG_GALLERY);
  }
}
