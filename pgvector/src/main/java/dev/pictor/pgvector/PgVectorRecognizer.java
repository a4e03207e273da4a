package dev.pictor.pgvector;

import dev.pictor.face.Candidate;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Identification;
import dev.pictor.face.Recognizer;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.pgvector.PgVectorStore.GalleryStamp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Open-set identification in which the database finds the nearest embeddings of a {@link
 * PgVectorGallery}; nothing but the candidates travels to the client, so its memory does not grow
 * with the gallery.
 *
 * <p>{@link Mode#INDEX} asks the gallery's index for the nearest embeddings (approximate: see
 * {@link #efSearch()} for an HNSW index, {@link #probes()} for an IVFFlat one, {@link
 * PgVectorGallery#rebuildIvfIndex}); {@link Mode#EXACT} has the server compare the probe with every
 * embedding (for small galleries, and to measure the index's recall). Either way, the candidates'
 * distances are then computed in the client from their stored values, in double precision, with the
 * recognizer's metric, and the decision is the one {@code ExactRecognizer} makes: a person's
 * distance is that of their nearest embedding, candidates are sorted by distance then name, and the
 * first is recognised if their distance is at most the threshold. Embeddings are unit vectors, so
 * the index's order (by the gallery's metric) is the same for all three metrics.
 *
 * <p>Immutable and thread-safe; it does not own the gallery (the caller closes that).
 */
public final class PgVectorRecognizer implements Recognizer {

  /**
   * Default HNSW candidate list size per search ({@code hnsw.ef_search}; pgvector's default is 40).
   * Chosen with {@code PgVectorBenchmark} (docs/PERFORMANCE.md): the smallest power-of-two step
   * that gave recall@1 &gt;= 0.99 against exact search on 100,000 random unit vectors of 128
   * values; real face embeddings cluster by person, which makes the search easier, not harder.
   */
  public static final int DEFAULT_EF_SEARCH = 100;

  /** pgvector's upper bound on {@code hnsw.ef_search}. */
  public static final int MAX_EF_SEARCH = 1000;

  /**
   * Default number of IVFFlat lists a search scans ({@code ivfflat.probes}; pgvector's default is
   * 1). Only used when the gallery's index is IVFFlat. About the square root of 1000 lists
   * (pgvector's advice for a start), rounded to a measured value: on 1,000,000 face-like vectors in
   * 1000 lists it gave recall@1 0.96 at 30 ms p50 here (docs/PERFORMANCE.md); scale it with the
   * lists.
   */
  public static final int DEFAULT_PROBES = 40;

  /** How the nearest embeddings are found. */
  public enum Mode {
    /** The gallery's HNSW index: fast, approximate. */
    INDEX,
    /** Every embedding compared by the server: exact, time grows with the gallery. */
    EXACT
  }

  private final PgVectorGallery gallery;
  private final DistanceMetric metric;
  private final double threshold;
  private final Mode mode;
  private final int efSearch;
  private final int probes;

  /**
   * @param gallery the enrolled people (not closed by this recognizer)
   * @param metric distance to report and compare with the threshold
   * @param threshold a person is recognised at distance {@code <=} this
   * @param mode index or exact search
   * @param efSearch HNSW candidate list size, 1..{@value #MAX_EF_SEARCH} (unused in exact mode)
   */
  public PgVectorRecognizer(
      PgVectorGallery gallery, DistanceMetric metric, double threshold, Mode mode, int efSearch) {
    this(gallery, metric, threshold, mode, efSearch, DEFAULT_PROBES);
  }

  private PgVectorRecognizer(
      PgVectorGallery gallery,
      DistanceMetric metric,
      double threshold,
      Mode mode,
      int efSearch,
      int probes) {
    Objects.requireNonNull(gallery, "gallery");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(mode, "mode");
    if (!(threshold >= 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite and >= 0, was " + threshold);
    }
    if (efSearch < 1 || efSearch > MAX_EF_SEARCH) {
      throw new IllegalArgumentException(
          "efSearch must be in 1.." + MAX_EF_SEARCH + ", was " + efSearch);
    }
    if (probes < 1 || probes > PgVectorGallery.MAX_IVF_LISTS) {
      throw new IllegalArgumentException(
          "probes must be in 1.." + PgVectorGallery.MAX_IVF_LISTS + ", was " + probes);
    }
    this.gallery = gallery;
    this.metric = metric;
    this.threshold = threshold;
    this.mode = mode;
    this.efSearch = efSearch;
    this.probes = probes;
  }

  /**
   * An index recognizer with the metric and default threshold of the encoder's card.
   *
   * @throws IllegalArgumentException if the card is not an encoder's, or the gallery holds
   *     embeddings of another model
   */
  public static PgVectorRecognizer forModel(PgVectorGallery gallery, ModelCard encoder) {
    EncoderSection section = encoder.encoderForGallery(gallery.modelId());
    return new PgVectorRecognizer(
        gallery, section.metric(), section.threshold(), Mode.INDEX, DEFAULT_EF_SEARCH);
  }

  /** The same recognizer with another search mode. */
  public PgVectorRecognizer withMode(Mode mode) {
    return new PgVectorRecognizer(gallery, metric, threshold, mode, efSearch, probes);
  }

  /** The same recognizer with another HNSW candidate list size. */
  public PgVectorRecognizer withEfSearch(int efSearch) {
    return new PgVectorRecognizer(gallery, metric, threshold, mode, efSearch, probes);
  }

  /** The same recognizer scanning another number of IVFFlat lists per search. */
  public PgVectorRecognizer withProbes(int probes) {
    return new PgVectorRecognizer(gallery, metric, threshold, mode, efSearch, probes);
  }

  /** The search mode. */
  public Mode mode() {
    return mode;
  }

  /** HNSW candidate list size: larger finds the true nearest more often, and takes longer. */
  public int efSearch() {
    return efSearch;
  }

  /**
   * IVFFlat lists scanned per search (more: higher recall, longer), when the gallery's index is
   * IVFFlat. The search also lets pgvector scan further lists when those give fewer rows than it
   * asked for ({@code ivfflat.iterative_scan = relaxed_order}; the client sorts the candidates by
   * their exact distances anyway).
   */
  public int probes() {
    return probes;
  }

  @Override
  public Identification identify(FaceEmbedding probe, int topK) throws PgGalleryException {
    Objects.requireNonNull(probe, "probe");
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1, was " + topK);
    }
    GalleryStamp stamp = gallery.stamp();
    if (!probe.modelId().equals(stamp.modelId())) {
      throw new IllegalArgumentException(
          "cannot compare embeddings of different models: probe '"
              + probe.modelId()
              + "', "
              + gallery
              + " '"
              + stamp.modelId()
              + "'");
    }
    if (probe.size() != stamp.embeddingSize()) {
      throw new IllegalArgumentException(
          "probe has " + probe.size() + " values, " + gallery + " " + stamp.embeddingSize());
    }
    float[] values = probe.values();
    Map<String, Double> nearest = nearestPeople(values, topK, mode == Mode.INDEX);
    List<Candidate> sorted = new ArrayList<>();
    nearest.forEach((name, distance) -> sorted.add(new Candidate(name, distance)));
    sorted.sort(
        (a, b) ->
            a.distance() != b.distance()
                ? Double.compare(a.distance(), b.distance())
                : a.name().compareTo(b.name()));
    List<Candidate> top = List.copyOf(sorted.subList(0, Math.min(topK, sorted.size())));
    Optional<String> name =
        top.isEmpty() || top.get(0).distance() > threshold
            ? Optional.empty()
            : Optional.of(top.get(0).name());
    return new Identification(name, top, threshold, metric, stamp.modelId());
  }

  @Override
  public String toString() {
    return "PgVectorRecognizer["
        + gallery
        + ", "
        + mode
        + ", ef_search="
        + efSearch
        + ", probes="
        + probes
        + "]";
  }

  /**
   * Asks the server for the {@code limit} nearest embeddings, by the index or by a full scan (index
   * scans switched off for this search: a top-N sort over every row, exact); if they hold fewer
   * than {@code topK} people while more rows exist, asks again for four times as many (by a full
   * scan past ef_search's limit).
   *
   * <p>One search is one statement and one round trip: its settings ({@code set_config(..., true)})
   * and its {@code SELECT} go together and run in one implicit transaction that ends with them (see
   * {@link PgVectorStore#singleStatement}), so they never outlive the search on the pooled
   * connection. {@code plan_cache_mode = force_custom_plan} makes the server plan each search with
   * its own settings and LIMIT: a plan cached by the driver's server-side prepared statement (after
   * five runs) would otherwise be reused whatever {@code enable_indexscan} says now, and a generic
   * plan does not know the LIMIT (it joins the whole person table by hash).
   */
  private Map<String, Double> nearestPeople(float[] probe, int topK, boolean useIndex)
      throws PgGalleryException {
    GalleryStamp stamp = gallery.stamp();
    String sql =
        "SELECT set_config('hnsw.ef_search', ?, true), set_config('enable_indexscan', ?, true),"
            + " set_config('plan_cache_mode', 'force_custom_plan', true),"
            + " set_config('ivfflat.probes', ?, true),"
            + " set_config('ivfflat.iterative_scan', 'relaxed_order', true);"
            + " SELECT p.name, "
            + VectorText.binary("s.vec")
            + " FROM (SELECT person_id, vec FROM pictor.embedding"
            + " WHERE gallery_id = "
            + stamp.id() // a number from the gallery table: lets the planner use the partial index
            + " ORDER BY vec::vector("
            + stamp.embeddingSize()
            + ") "
            + PgSchema.operator(stamp.metric())
            + " ?::vector("
            + stamp.embeddingSize()
            + ") LIMIT ?) s JOIN pictor.person p ON p.id = s.person_id";
    String vector = VectorText.format(probe);
    boolean index = useIndex;
    for (long limit = Math.max(2L * topK, 10); ; limit *= 4) {
      if (limit > MAX_EF_SEARCH) {
        index = false;
      }
      boolean byIndex = index;
      long rowsWanted = limit;
      int[] rowsRead = new int[1];
      Map<String, Double> nearest =
          gallery.readOneStatement(
              byIndex ? "search" : "search exactly",
              connection -> {
                try (PreparedStatement query = connection.prepareStatement(sql)) {
                  query.setString(
                      1, Long.toString(Math.min(MAX_EF_SEARCH, Math.max(efSearch, rowsWanted))));
                  query.setString(2, byIndex ? "on" : "off");
                  query.setString(3, Integer.toString(probes));
                  query.setString(4, vector);
                  query.setLong(5, rowsWanted);
                  query.execute(); // the settings' row
                  if (!query.getMoreResults()) {
                    throw new PgGalleryException(
                        PgGalleryException.Reason.STORAGE,
                        "the server sent no result for the search in " + gallery,
                        null);
                  }
                  return collect(query, probe, rowsRead);
                }
              });
      if (nearest.size() >= topK || rowsRead[0] < rowsWanted) {
        return nearest;
      }
    }
  }

  private Map<String, Double> collect(PreparedStatement query, float[] probe, int[] rowsRead)
      throws java.sql.SQLException, PgGalleryException {
    Map<String, Double> nearest = new HashMap<>();
    try (ResultSet rows = query.getResultSet()) {
      while (rows.next()) {
        rowsRead[0]++;
        String name = rows.getString(1);
        float[] stored = gallery.decode(name, -1, rows.getBytes(2)).values();
        nearest.merge(name, metric.between(probe, stored), Math::min);
      }
    }
    return nearest;
  }
}
