package dev.pictor.recognition;

import java.util.List;

/**
 * The on-disk format of a {@link SqliteGallery}: identifying marks and the statements that create
 * schema version {@value #VERSION}. Constants only; thread-safe.
 */
final class GallerySchema {

  /** Schema version written by this code, also stored as {@code PRAGMA user_version}. */
  static final int VERSION = 1;

  /** {@code PRAGMA application_id} of every Pictor gallery: the ASCII bytes "PCTG". */
  static final int APPLICATION_ID = 0x50435447;

  /** Value of the {@code application} key in the {@code meta} table. */
  static final String APPLICATION_MARKER = "dev.pictor.gallery";

  /** Keys of the {@code meta} table. */
  static final String KEY_APPLICATION = "application";

  static final String KEY_SCHEMA_VERSION = "schema_version";
  static final String KEY_MODEL_ID = "model_id";
  static final String KEY_EMBEDDING_SIZE = "embedding_size";
  static final String KEY_CREATED_AT = "created_at";
  static final String KEY_CHANGE_COUNTER = "change_counter";

  /** Tables that must exist in a gallery of this schema version. */
  static final List<String> TABLES = List.of("meta", "person", "embedding");

  /**
   * Creates the tables, the index and the triggers that bump the change counter in the same
   * transaction as every change to {@code person} or {@code embedding}, whoever makes it.
   */
  static final List<String> CREATE_STATEMENTS =
      List.of(
          "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value NOT NULL) WITHOUT ROWID",
          "CREATE TABLE person ("
              + " id INTEGER PRIMARY KEY,"
              + " name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),"
              + " created_at TEXT NOT NULL)",
          "CREATE TABLE embedding ("
              + " id INTEGER PRIMARY KEY,"
              + " person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,"
              + " vector BLOB NOT NULL"
              + "   CHECK (typeof(vector) = 'blob' AND length(vector) > 0"
              + "          AND length(vector) % 4 = 0),"
              + " created_at TEXT NOT NULL)",
          "CREATE INDEX embedding_by_person ON embedding (person_id)",
          changeTrigger("person", "INSERT"),
          changeTrigger("person", "UPDATE"),
          changeTrigger("person", "DELETE"),
          changeTrigger("embedding", "INSERT"),
          changeTrigger("embedding", "UPDATE"),
          changeTrigger("embedding", "DELETE"));

  private GallerySchema() {}

  private static String changeTrigger(String table, String event) {
    return "CREATE TRIGGER "
        + table
        + "_"
        + event.toLowerCase(java.util.Locale.ROOT)
        + "_bumps_counter AFTER "
        + event
        + " ON "
        + table
        + " BEGIN UPDATE meta SET value = value + 1 WHERE key = '"
        + KEY_CHANGE_COUNTER
        + "'; END";
  }
}
