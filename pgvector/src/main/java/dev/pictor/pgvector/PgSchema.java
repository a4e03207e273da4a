package dev.pictor.pgvector;

import dev.pictor.face.DistanceMetric;
import java.util.List;

/**
 * The database layout of the galleries, version {@value #VERSION}: the migrations that create it
 * and the SQL that depends on a gallery's metric. Constants only; thread-safe.
 *
 * <p>Everything lives in the schema {@value #SCHEMA}. {@code schema_version} has one row per
 * applied migration; code refuses a database whose highest version is above {@link #VERSION}.
 * Embeddings of every gallery share one table; each gallery has its own partial HNSW index ({@code
 * WHERE gallery_id = N}) on its embeddings cast to its fixed dimension, with the operator class of
 * its metric, so a search in one gallery never visits another's rows; a b-tree index on {@code
 * gallery_id} serves exact search, which turns index scans off.
 */
final class PgSchema {

  /** The highest schema version this code reads and writes. */
  static final int VERSION = 2;

  static final String SCHEMA = "pictor";

  /** Key of the advisory lock held while migrating, so that concurrent openers wait. */
  static final long MIGRATION_LOCK = 0x5049_4354_4f52_0001L;

  /** HNSW build parameters: pgvector's defaults (m = 16, ef_construction = 64). */
  static final int HNSW_M = 16;

  static final int HNSW_EF_CONSTRUCTION = 64;

  static final String CREATE_VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS pictor.schema_version ("
          + " version integer PRIMARY KEY,"
          + " applied_at timestamptz NOT NULL DEFAULT now())";

  /** Migration {@code i} brings the schema from version {@code i} to {@code i + 1}. */
  static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE pictor.gallery ("
                  + " id bigserial PRIMARY KEY,"
                  + " name text NOT NULL UNIQUE CHECK (length(name) > 0),"
                  + " model_id text NOT NULL CHECK (length(model_id) > 0),"
                  + " embedding_size integer NOT NULL CHECK (embedding_size > 0),"
                  + " metric text NOT NULL,"
                  + " change_counter bigint NOT NULL DEFAULT 0,"
                  + " created_at timestamptz NOT NULL DEFAULT now())",
              "CREATE TABLE pictor.person ("
                  + " id bigserial PRIMARY KEY,"
                  + " gallery_id bigint NOT NULL REFERENCES pictor.gallery (id) ON DELETE CASCADE,"
                  + " name text NOT NULL CHECK (length(name) > 0),"
                  + " created_at timestamptz NOT NULL DEFAULT now(),"
                  + " UNIQUE (gallery_id, name),"
                  + " UNIQUE (gallery_id, id))",
              // gallery_id is repeated here for the per-gallery partial index; the composite
              // foreign key keeps it equal to the person's gallery.
              "CREATE TABLE pictor.embedding ("
                  + " id bigserial PRIMARY KEY,"
                  + " gallery_id bigint NOT NULL,"
                  + " person_id bigint NOT NULL,"
                  + " vec vector NOT NULL,"
                  + " created_at timestamptz NOT NULL DEFAULT now(),"
                  + " FOREIGN KEY (gallery_id, person_id)"
                  + "   REFERENCES pictor.person (gallery_id, id) ON DELETE CASCADE)",
              "CREATE INDEX embedding_by_person ON pictor.embedding (person_id)"),
          // 2: exact search (index scans off) finds one gallery's rows without reading every
          // gallery's: a bitmap scan of this index instead of a scan of the whole table.
          List.of("CREATE INDEX embedding_by_gallery ON pictor.embedding (gallery_id)"));

  private PgSchema() {}

  /** pgvector's distance operator for {@code metric}. */
  static String operator(DistanceMetric metric) {
    return switch (metric) {
      case EUCLIDEAN, SQUARED_EUCLIDEAN -> "<->";
      case COSINE -> "<=>";
    };
  }

  /** pgvector's operator class for {@code metric} (the same name for HNSW and IVFFlat). */
  static String operatorClass(DistanceMetric metric) {
    return switch (metric) {
      case EUCLIDEAN, SQUARED_EUCLIDEAN -> "vector_l2_ops";
      case COSINE -> "vector_cosine_ops";
    };
  }

  /** Name of gallery {@code galleryId}'s index, HNSW or IVFFlat (in schema {@value #SCHEMA}). */
  static String indexName(long galleryId) {
    return "embedding_hnsw_g" + galleryId;
  }

  /**
   * Creates gallery {@code galleryId}'s index. Only numbers from the gallery table and constants
   * are put into the text; no name is.
   */
  static String createIndex(long galleryId, int size, DistanceMetric metric) {
    return createIndex(galleryId, size, metric, HNSW_M, HNSW_EF_CONSTRUCTION);
  }

  /** As {@link #createIndex(long, int, DistanceMetric)} with the given HNSW build parameters. */
  static String createIndex(
      long galleryId, int size, DistanceMetric metric, int m, int efConstruction) {
    return "CREATE INDEX IF NOT EXISTS "
        + indexName(galleryId)
        + " ON pictor.embedding USING hnsw ((vec::vector("
        + size
        + ")) "
        + operatorClass(metric)
        + ") WITH (m = "
        + m
        + ", ef_construction = "
        + efConstruction
        + ") WHERE gallery_id = "
        + galleryId;
  }

  /**
   * Creates gallery {@code galleryId}'s index as an IVFFlat index of {@code lists} lists (k-means
   * on the rows present when it is built), under the same name as the HNSW index it replaces.
   */
  static String createIvfIndex(long galleryId, int size, DistanceMetric metric, int lists) {
    return "CREATE INDEX IF NOT EXISTS "
        + indexName(galleryId)
        + " ON pictor.embedding USING ivfflat ((vec::vector("
        + size
        + ")) "
        + operatorClass(metric)
        + ") WITH (lists = "
        + lists
        + ") WHERE gallery_id = "
        + galleryId;
  }

  static String dropIndex(long galleryId) {
    return "DROP INDEX IF EXISTS pictor." + indexName(galleryId);
  }
}
