package dev.pictor.pgvector;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryNames;
import dev.pictor.pgvector.PgGalleryException.Reason;
import dev.pictor.pgvector.PgVectorStore.GalleryStamp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Gallery} kept in PostgreSQL: one named gallery of a {@link PgVectorStore}, shared by any
 * number of processes.
 *
 * <h2>Durability and concurrency</h2>
 *
 * Every {@link #enroll enroll}, {@link #remove remove} and {@link #rename rename} is one
 * transaction, committed before the call returns (with the server's default {@code
 * synchronous_commit = on}, the commit is flushed to its write-ahead log first): a returned call
 * survives a crash of the client and of the server, an interrupted one leaves all of its change or
 * none. Writers in any process are ordered by the server: a write locks the gallery's row last,
 * just before it commits, to bump the change counter that {@link #version()} reads, so writers of
 * one gallery commit one at a time and writers of different galleries do not wait for each other.
 * Each read is one statement and sees one committed state.
 *
 * <h2>Names and isolation</h2>
 *
 * Names follow {@link GalleryNames} and are stored exactly as given, always as bound parameters of
 * prepared statements; {@link #names()} and {@link #all()} are sorted by {@link String#compareTo}.
 * Every statement is restricted to this gallery's id, so no call of this handle reaches another
 * gallery's rows.
 *
 * <h2>Thread safety and closing</h2>
 *
 * Thread-safe. {@link #close()} is idempotent; later calls that read or write throw {@link
 * IllegalStateException} ({@link #modelId()}, {@link #embeddingSize()}, {@link #metric()} and
 * {@link #name()} still answer). A gallery from {@link #open(PgSettings, String, String, int,
 * DistanceMetric) open} owns its store and closes it (waiting for calls in flight); one from {@link
 * PgVectorStore#open(String, String, int, DistanceMetric)} leaves the store open.
 */
public final class PgVectorGallery implements Gallery {

  /** pgvector's upper bound on the lists of an IVFFlat index. */
  public static final int MAX_IVF_LISTS = 32768;

  private final PgVectorStore store;
  private final GalleryStamp stamp;
  private final boolean ownsStore;
  private volatile boolean closed;

  PgVectorGallery(PgVectorStore store, GalleryStamp stamp, boolean ownsStore) {
    this.store = store;
    this.stamp = stamp;
    this.ownsStore = ownsStore;
  }

  /**
   * Connects and opens gallery {@code name}, creating it if needed (see {@link
   * PgVectorStore#open(String, String, int, DistanceMetric)}); the gallery owns its connections.
   */
  public static PgVectorGallery open(
      PgSettings settings, String name, String modelId, int embeddingSize, DistanceMetric metric)
      throws PgGalleryException {
    PgVectorStore store = PgVectorStore.open(settings);
    try {
      PgVectorGallery shared = store.open(name, modelId, embeddingSize, metric);
      return new PgVectorGallery(store, shared.stamp, true);
    } catch (PgGalleryException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Connects and opens the existing gallery {@code name}; the gallery owns its connections. */
  public static PgVectorGallery openExisting(PgSettings settings, String name)
      throws PgGalleryException {
    PgVectorStore store = PgVectorStore.open(settings);
    try {
      return new PgVectorGallery(store, store.openExisting(name).stamp, true);
    } catch (PgGalleryException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The gallery's name in its database. */
  public String name() {
    return stamp.name();
  }

  @Override
  public String modelId() {
    return stamp.modelId();
  }

  /** Number of values in each embedding. */
  public int embeddingSize() {
    return stamp.embeddingSize();
  }

  /** The metric the gallery's index is built for. */
  public DistanceMetric metric() {
    return stamp.metric();
  }

  /** The store this gallery lives in. */
  public PgVectorStore store() {
    return store;
  }

  @Override
  public void enroll(String name, List<FaceEmbedding> embeddings) throws PgGalleryException {
    ensureOpen();
    GalleryNames.check(name, "name");
    Objects.requireNonNull(embeddings, "embeddings");
    if (embeddings.isEmpty()) {
      throw new IllegalArgumentException("no embeddings given to enroll '" + name + "'");
    }
    Map<String, List<String>> people = new LinkedHashMap<>();
    people.put(name, vectorsOf(name, embeddings));
    write("enroll '" + name + "'", connection -> insert(connection, people));
  }

  /**
   * Enrolls many people in one transaction, all or nothing, with batched inserts: the fast way to
   * load a gallery. Each entry adds embeddings to a person as {@link #enroll} does.
   *
   * @throws IllegalArgumentException as {@link #enroll} does, for any entry
   */
  public void enrollAll(Map<String, List<FaceEmbedding>> people) throws PgGalleryException {
    ensureOpen();
    Objects.requireNonNull(people, "people");
    Map<String, List<String>> vectors = new LinkedHashMap<>();
    for (Map.Entry<String, List<FaceEmbedding>> entry : people.entrySet()) {
      GalleryNames.check(entry.getKey(), "name");
      Objects.requireNonNull(entry.getValue(), "embeddings of '" + entry.getKey() + "'");
      if (entry.getValue().isEmpty()) {
        throw new IllegalArgumentException(
            "no embeddings given to enroll '" + entry.getKey() + "'");
      }
      vectors.put(entry.getKey(), vectorsOf(entry.getKey(), entry.getValue()));
    }
    if (!vectors.isEmpty()) {
      write("enroll " + vectors.size() + " people", connection -> insert(connection, vectors));
    }
  }

  @Override
  public boolean remove(String name) throws PgGalleryException {
    Objects.requireNonNull(name, "name");
    return write(
        "remove '" + name + "'",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM pictor.person WHERE gallery_id = ? AND name = ?")) {
            delete.setLong(1, stamp.id());
            delete.setString(2, name);
            return delete.executeUpdate() > 0;
          }
        },
        removed -> removed);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Renaming a person to their current name changes nothing.
   *
   * @throws IllegalArgumentException also if {@code to} breaks {@link GalleryNames}
   */
  @Override
  public void rename(String from, String to) throws PgGalleryException {
    Objects.requireNonNull(from, "from");
    ensureOpen();
    GalleryNames.check(to, "new name");
    write(
        "rename '" + from + "' to '" + to + "'",
        connection -> {
          long id = personId(connection, from);
          if (id < 0) {
            throw new IllegalArgumentException(
                "cannot rename '" + from + "': no such person in " + this);
          }
          if (from.equals(to)) {
            return false;
          }
          if (personId(connection, to) >= 0) {
            throw new IllegalArgumentException(
                "cannot rename '"
                    + from
                    + "' to '"
                    + to
                    + "': '"
                    + to
                    + "' already exists in "
                    + this);
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE pictor.person SET name = ? WHERE gallery_id = ? AND id = ?")) {
            update.setString(1, to);
            update.setLong(2, stamp.id());
            update.setLong(3, id);
            update.executeUpdate();
          }
          return true;
        },
        changed -> changed);
  }

  @Override
  public List<String> names() throws PgGalleryException {
    List<String> names =
        read(
            "list the names",
            connection -> {
              List<String> result = new ArrayList<>();
              try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT name FROM pictor.person WHERE gallery_id = ?")) {
                query.setLong(1, stamp.id());
                try (ResultSet rows = query.executeQuery()) {
                  while (rows.next()) {
                    result.add(rows.getString(1));
                  }
                }
              }
              return result;
            });
    names.sort(Comparator.naturalOrder());
    return List.copyOf(names);
  }

  @Override
  public int count() throws PgGalleryException {
    return read(
        "count the people",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT count(*) FROM pictor.person WHERE gallery_id = ?")) {
            query.setLong(1, stamp.id());
            try (ResultSet rows = query.executeQuery()) {
              rows.next();
              return rows.getInt(1);
            }
          }
        });
  }

  @Override
  public List<FaceEmbedding> embeddingsOf(String name) throws PgGalleryException {
    Objects.requireNonNull(name, "name");
    return read(
        "read the embeddings of '" + name + "'",
        connection -> {
          List<FaceEmbedding> result = new ArrayList<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT e.id, "
                      + VectorText.binary("e.vec")
                      + " FROM pictor.embedding e"
                      + " JOIN pictor.person p ON p.id = e.person_id"
                      + " WHERE p.gallery_id = ? AND e.gallery_id = ? AND p.name = ?"
                      + " ORDER BY e.id")) {
            query.setLong(1, stamp.id());
            query.setLong(2, stamp.id());
            query.setString(3, name);
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
  public List<Enrolled> all() throws PgGalleryException {
    List<Enrolled> all =
        read(
            "read all embeddings",
            connection -> {
              List<Enrolled> result = new ArrayList<>();
              try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT p.name, e.id, "
                          + VectorText.binary("e.vec")
                          + " FROM pictor.embedding e"
                          + " JOIN pictor.person p ON p.id = e.person_id"
                          + " WHERE e.gallery_id = ? ORDER BY e.id")) {
                query.setLong(1, stamp.id());
                query.setFetchSize(1000); // streamed in chunks (needs a transaction: we are in one)
                try (ResultSet rows = query.executeQuery()) {
                  while (rows.next()) {
                    String name = rows.getString(1);
                    result.add(new Enrolled(name, decode(name, rows.getLong(2), rows.getBytes(3))));
                  }
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
   * <p>A counter in the gallery's row, bumped in the transaction of every change made through any
   * handle in any process; calls that change nothing leave it alone.
   */
  @Override
  public long version() throws PgGalleryException {
    return read(
        "read the version",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT change_counter FROM pictor.gallery WHERE id = ?")) {
            query.setLong(1, stamp.id());
            try (ResultSet rows = query.executeQuery()) {
              if (!rows.next()) {
                throw dropped();
              }
              return rows.getLong(1);
            }
          }
        });
  }

  /**
   * Drops this gallery's index (HNSW or IVFFlat), for a bulk load: enrollments are faster without
   * it, searches scan every row (exact) until {@link #rebuildIndex(int)}.
   */
  public void dropIndex() throws PgGalleryException {
    ensureOpen();
    store.transaction(
        "drop the index of " + this,
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute(PgSchema.dropIndex(stamp.id()));
          }
          return null;
        });
  }

  /**
   * Builds this gallery's HNSW index again from all its rows (after a bulk load, or {@link
   * #dropIndex()}); writes to every gallery wait while it builds. Not bounded by the statement
   * timeout: a build over millions of rows takes minutes.
   *
   * @param maintenanceWorkMemMb memory the build may use, in MiB (pgvector builds fastest when the
   *     graph fits: about 1.1 x the vectors' size)
   */
  public void rebuildIndex(int maintenanceWorkMemMb) throws PgGalleryException {
    rebuildIndex(maintenanceWorkMemMb, PgSchema.HNSW_M, PgSchema.HNSW_EF_CONSTRUCTION);
  }

  /**
   * As {@link #rebuildIndex(int)}, with HNSW build parameters other than pgvector's defaults (m 16,
   * ef_construction 64): a denser graph ({@code m}) and a wider build search ({@code
   * efConstruction}) cost build time and index size and buy recall at a given ef_search, which
   * matters past a few hundred thousand rows ({@code docs/PERFORMANCE.md}). The index keeps them
   * until it is rebuilt again; opening the gallery does not reset them.
   *
   * @param m neighbours per node, 2..100
   * @param efConstruction candidate list of the build, at least {@code 2 m}, at most 1000
   * @throws IllegalArgumentException if a value is outside those limits (pgvector's)
   */
  public void rebuildIndex(int maintenanceWorkMemMb, int m, int efConstruction)
      throws PgGalleryException {
    ensureOpen();
    if (maintenanceWorkMemMb < 1) {
      throw new IllegalArgumentException("maintenanceWorkMemMb must be >= 1");
    }
    if (m < 2 || m > 100 || efConstruction < 2 * m || efConstruction > 1000) {
      throw new IllegalArgumentException(
          "HNSW m must be 2..100 and ef_construction 2m..1000, were m = "
              + m
              + ", ef_construction = "
              + efConstruction);
    }
    rebuild(
        maintenanceWorkMemMb,
        PgSchema.createIndex(stamp.id(), stamp.embeddingSize(), stamp.metric(), m, efConstruction));
  }

  /**
   * Replaces this gallery's index by an IVFFlat index of {@code lists} lists: k-means centroids of
   * the rows present now, each row filed under its nearest one. A search then scans the rows of the
   * {@link PgVectorRecognizer#probes()} nearest lists. It builds much faster than HNSW and is
   * smaller, but its lists do not follow later enrollments (rebuild after the gallery has grown
   * much), and its recall at a given time is measured in {@code docs/PERFORMANCE.md}. Build it
   * after the bulk load; {@link #rebuildIndex(int)} goes back to HNSW. Not bounded by the statement
   * timeout.
   *
   * @param maintenanceWorkMemMb memory the build may use, in MiB
   * @param lists number of lists, 1..32768 (pgvector's limit); about rows / 1000 is pgvector's
   *     advice for up to a million rows
   * @throws IllegalArgumentException if a value is outside those limits
   */
  public void rebuildIvfIndex(int maintenanceWorkMemMb, int lists) throws PgGalleryException {
    ensureOpen();
    if (maintenanceWorkMemMb < 1) {
      throw new IllegalArgumentException("maintenanceWorkMemMb must be >= 1");
    }
    if (lists < 1 || lists > MAX_IVF_LISTS) {
      throw new IllegalArgumentException(
          "IVFFlat lists must be 1.." + MAX_IVF_LISTS + ", was " + lists);
    }
    rebuild(
        maintenanceWorkMemMb,
        PgSchema.createIvfIndex(stamp.id(), stamp.embeddingSize(), stamp.metric(), lists));
  }

  /** Drops the index and creates it with {@code create}, in one transaction without a timeout. */
  private void rebuild(int maintenanceWorkMemMb, String create) throws PgGalleryException {
    store.transaction(
        "rebuild the index of " + this,
        connection -> {
          int networkTimeout = connection.getNetworkTimeout();
          connection.setNetworkTimeout(Runnable::run, 0);
          try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = 0");
            statement.execute("SET LOCAL maintenance_work_mem = '" + maintenanceWorkMemMb + "MB'");
            statement.execute(PgSchema.dropIndex(stamp.id()));
            statement.execute(create);
          } finally {
            connection.setNetworkTimeout(Runnable::run, networkTimeout);
          }
          return null;
        });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ownsStore) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "gallery '" + stamp.name() + "' in PostgreSQL " + store.settings().server();
  }

  // ---------------------------------------------------------------- for the recognizer

  GalleryStamp stamp() {
    return stamp;
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  <T> T read(String what, PgVectorStore.SqlWork<T> work) throws PgGalleryException {
    ensureOpen();
    return store.transaction(what + " of " + this, work);
  }

  /** A read of one statement, in one round trip: see {@link PgVectorStore#singleStatement}. */
  <T> T readOneStatement(String what, PgVectorStore.SqlWork<T> work) throws PgGalleryException {
    ensureOpen();
    return store.singleStatement(what + " of " + this, work);
  }

  /** An embedding read with {@link VectorText#binary}. */
  FaceEmbedding decode(String name, long rowId, byte[] bytes) throws PgGalleryException {
    try {
      return new FaceEmbedding(
          stamp.modelId(), VectorText.parseBinary(bytes, stamp.embeddingSize()));
    } catch (IllegalArgumentException e) { // NumberFormatException too
      throw new PgGalleryException(
          Reason.STORAGE,
          this + " is damaged: embedding row " + rowId + " of '" + name + "': " + e.getMessage(),
          e);
    }
  }

  // ---------------------------------------------------------------- writing

  /** Tells whether a write's result changed the gallery (then the counter is bumped). */
  @FunctionalInterface
  private interface Changed<T> {
    boolean of(T result);
  }

  private <T> T write(String what, PgVectorStore.SqlWork<T> work) throws PgGalleryException {
    return write(what, work, result -> true);
  }

  private <T> T write(String what, PgVectorStore.SqlWork<T> work, Changed<T> changed)
      throws PgGalleryException {
    ensureOpen();
    return store.transaction(
        what + " in " + this,
        connection -> {
          // The gallery must still exist; the key-share lock keeps it until this commits.
          try (PreparedStatement exists =
              connection.prepareStatement(
                  "SELECT 1 FROM pictor.gallery WHERE id = ? FOR KEY SHARE")) {
            exists.setLong(1, stamp.id());
            try (ResultSet rows = exists.executeQuery()) {
              if (!rows.next()) {
                throw dropped();
              }
            }
          }
          T result = work.run(connection);
          if (changed.of(result)) {
            bumpCounter(connection);
          }
          return result;
        });
  }

  /** Locks the gallery's row (last, just before commit: see the class documentation). */
  private void bumpCounter(Connection connection) throws SQLException, PgGalleryException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pictor.gallery SET change_counter = change_counter + 1 WHERE id = ?")) {
      update.setLong(1, stamp.id());
      if (update.executeUpdate() != 1) {
        throw dropped();
      }
    }
  }

  private Void insert(Connection connection, Map<String, List<String>> people) throws SQLException {
    // One round trip per person: insert if new, else find the existing row.
    try (PreparedStatement person =
            connection.prepareStatement(
                "WITH added AS (INSERT INTO pictor.person (gallery_id, name) VALUES (?, ?)"
                    + " ON CONFLICT (gallery_id, name) DO NOTHING RETURNING id)"
                    + " SELECT id FROM added UNION ALL"
                    + " SELECT id FROM pictor.person WHERE gallery_id = ? AND name = ?");
        PreparedStatement embedding =
            connection.prepareStatement(
                "INSERT INTO pictor.embedding (gallery_id, person_id, vec)"
                    + " VALUES (?, ?, ?::vector)")) {
      for (Map.Entry<String, List<String>> entry : people.entrySet()) {
        person.setLong(1, stamp.id());
        person.setString(2, entry.getKey());
        person.setLong(3, stamp.id());
        person.setString(4, entry.getKey());
        long personId;
        try (ResultSet rows = person.executeQuery()) {
          // No row: another transaction added the person after this statement's snapshot was
          // taken (the insert waited for it); a new statement sees it.
          personId = rows.next() ? rows.getLong(1) : personId(connection, entry.getKey());
        }
        if (personId < 0) {
          throw new SQLException("person '" + entry.getKey() + "' was neither added nor found");
        }
        for (String vector : entry.getValue()) {
          embedding.setLong(1, stamp.id());
          embedding.setLong(2, personId);
          embedding.setString(3, vector);
          embedding.addBatch();
        }
      }
      embedding.executeBatch();
    }
    return null;
  }

  private long personId(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT id FROM pictor.person WHERE gallery_id = ? AND name = ?")) {
      query.setLong(1, stamp.id());
      query.setString(2, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getLong(1) : -1;
      }
    }
  }

  private List<String> vectorsOf(String name, List<FaceEmbedding> embeddings) {
    List<String> vectors = new ArrayList<>(embeddings.size());
    for (int i = 0; i < embeddings.size(); i++) {
      FaceEmbedding embedding =
          Objects.requireNonNull(
              embeddings.get(i), "embedding " + i + " of '" + name + "' is null");
      if (!embedding.modelId().equals(stamp.modelId())) {
        throw new IllegalArgumentException(
            "embedding "
                + i
                + " of '"
                + name
                + "' comes from model '"
                + embedding.modelId()
                + "', but "
                + this
                + " holds model '"
                + stamp.modelId()
                + "'");
      }
      if (embedding.size() != stamp.embeddingSize()) {
        throw new IllegalArgumentException(
            "embedding "
                + i
                + " of '"
                + name
                + "' has "
                + embedding.size()
                + " values, but "
                + this
                + " holds embeddings of size "
                + stamp.embeddingSize());
      }
      vectors.add(VectorText.format(embedding.values()));
    }
    return vectors;
  }

  private PgGalleryException dropped() {
    return new PgGalleryException(
        Reason.GALLERY_MISMATCH, this + " was dropped by another client", null);
  }
}
