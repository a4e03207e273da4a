package dev.pictor.recognition;

import dev.pictor.face.Candidate;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable copy of a gallery's embeddings laid out for exact top-k search. Thread-safe
 * (immutable; every search has its own {@link TopKScan}).
 *
 * <p><b>Layout.</b> One contiguous {@code float[]} in blocks of {@link #BLOCK} rows, each block
 * stored dimension-major: element {@code (row, d)} sits at {@code block * BLOCK * dimension + d *
 * BLOCK + row % BLOCK}. Scoring a block is then a loop over {@code d} of {@code acc[r] += q[d] *
 * m[d][r]}, independent lanes that the JIT compiles to SIMD multiplies and adds, instead of one
 * dot-product reduction per row that it cannot vectorise.
 *
 * <p><b>Exactness.</b> The scan ranks rows by a float score that orders them like the metric (for
 * Euclidean distances {@code q.m - ||m||^2 / 2}, for cosine {@code q.m / ||m||}) and keeps every
 * row within {@link #slack} of the running k-th best distinct person. That slack bounds the float
 * rounding of the score, so the rows kept include the nearest row of every person in the exact top
 * k. Those few rows are then re-ranked with {@link DistanceMetric#between}, the same double
 * arithmetic as {@link FaceEmbedding#distanceTo}: the answer is the exact one, ties broken by name.
 */
final class EmbeddingIndex {
  /** Rows per block: 32 floats are four 256-bit registers per dimension. */
  static final int BLOCK = 32;

  private static final double UNIT_ROUNDOFF = 0x1p-24;

  private final String modelId;
  private final DistanceMetric metric;
  private final int dimension;
  private final int rows;
  private final float[] blocks;
  private final float[] scale;
  private final float[] offset;
  private final double maxNorm;
  private final int[] personOfRow;
  private final List<String> names;
  private final long version;

  private EmbeddingIndex(
      String modelId,
      DistanceMetric metric,
      int dimension,
      int rows,
      float[] blocks,
      float[] scale,
      float[] offset,
      double maxNorm,
      int[] personOfRow,
      List<String> names,
      long version) {
    this.modelId = modelId;
    this.metric = metric;
    this.dimension = dimension;
    this.rows = rows;
    this.blocks = blocks;
    this.scale = scale;
    this.offset = offset;
    this.maxNorm = maxNorm;
    this.personOfRow = personOfRow;
    this.names = names;
    this.version = version;
  }

  /** Builds the index from a consistent snapshot of the gallery's content. */
  static EmbeddingIndex of(
      String modelId, DistanceMetric metric, List<Gallery.Enrolled> enrolled, long version) {
    int rows = enrolled.size();
    int dimension = rows == 0 ? 0 : enrolled.get(0).embedding().size();
    int blockCount = (rows + BLOCK - 1) / BLOCK;
    float[] blocks = new float[Math.multiplyExact(blockCount * BLOCK, dimension)];
    float[] scale = new float[rows];
    float[] offset = new float[rows];
    int[] person = new int[rows];
    Map<String, Integer> index = new HashMap<>();
    List<String> names = new ArrayList<>();
    double maxNorm = 0;
    for (int row = 0; row < rows; row++) {
      Gallery.Enrolled e = enrolled.get(row);
      float[] v = e.embedding().values();
      if (v.length != dimension) {
        throw new IllegalStateException("gallery holds embeddings of different sizes");
      }
      int base = (row / BLOCK) * BLOCK * dimension + row % BLOCK;
      double squared = 0;
      for (int d = 0; d < dimension; d++) {
        blocks[base + d * BLOCK] = v[d];
        squared += (double) v[d] * v[d];
      }
      double norm = Math.sqrt(squared);
      maxNorm = Math.max(maxNorm, norm);
      if (metric == DistanceMetric.COSINE) {
        scale[row] = norm == 0 ? 0f : (float) (1.0 / norm);
      } else {
        scale[row] = 1f;
        offset[row] = (float) (squared / 2);
      }
      person[row] =
          index.computeIfAbsent(
              e.name(),
              name -> {
                names.add(name);
                return names.size() - 1;
              });
    }
    return new EmbeddingIndex(
        modelId,
        metric,
        dimension,
        rows,
        blocks,
        scale,
        offset,
        maxNorm,
        person,
        List.copyOf(names),
        version);
  }

  long version() {
    return version;
  }

  List<String> names() {
    return names;
  }

  int rows() {
    return rows;
  }

  int blockCount() {
    return (rows + BLOCK - 1) / BLOCK;
  }

  /** Checks the probe's model and size and returns its values (a copy owned by the caller). */
  float[] checkedQuery(FaceEmbedding probe) {
    if (!probe.modelId().equals(modelId)) {
      throw new IllegalArgumentException(
          "probe comes from model '" + probe.modelId() + "', the gallery from '" + modelId + "'");
    }
    float[] q = probe.values();
    if (rows > 0 && q.length != dimension) {
      throw new IllegalArgumentException(
          "probe has " + q.length + " dimensions, the gallery " + dimension);
    }
    return q;
  }

  /**
   * How far a float score may be from the real one: twice the worst-case rounding of a {@code
   * dimension}-term dot product of vectors of these norms, plus the scale and offset terms.
   */
  double slack(float[] q) {
    double qq = 0;
    for (float x : q) {
      qq += (double) x * x;
    }
    double qNorm = Math.sqrt(qq);
    double magnitude =
        metric == DistanceMetric.COSINE ? qNorm : qNorm * maxNorm + maxNorm * maxNorm;
    return 2 * (dimension + 4) * UNIT_ROUNDOFF * magnitude + Double.MIN_NORMAL;
  }

  /**
   * Scores blocks {@code [fromBlock, toBlock)} against {@code q} and offers every row to {@code
   * scan}; {@code acc} is scratch of {@link #BLOCK} floats.
   */
  void scan(float[] q, int fromBlock, int toBlock, TopKScan scan, float[] acc) {
    final int dim = dimension;
    final float[] m = blocks;
    for (int block = fromBlock; block < toBlock; block++) {
      int base = block * BLOCK * dim;
      Arrays.fill(acc, 0f);
      int d = 0;
      for (; d + 3 < dim; d += 4) {
        float q0 = q[d];
        float q1 = q[d + 1];
        float q2 = q[d + 2];
        float q3 = q[d + 3];
        int o0 = base + d * BLOCK;
        int o1 = o0 + BLOCK;
        int o2 = o1 + BLOCK;
        int o3 = o2 + BLOCK;
        for (int r = 0; r < BLOCK; r++) {
          acc[r] += q0 * m[o0 + r] + q1 * m[o1 + r] + q2 * m[o2 + r] + q3 * m[o3 + r];
        }
      }
      for (; d < dim; d++) {
        float qd = q[d];
        int o = base + d * BLOCK;
        for (int r = 0; r < BLOCK; r++) {
          acc[r] += qd * m[o + r];
        }
      }
      int first = block * BLOCK;
      int count = Math.min(BLOCK, rows - first);
      for (int r = 0; r < count; r++) {
        int row = first + r;
        float score = acc[r] * scale[row] - offset[row];
        if (score >= scan.cutoff()) {
          scan.offer(row, personOfRow[row], score);
        }
      }
    }
  }

  /**
   * Exact distances of the scanned candidates, nearest row per person, sorted by distance then
   * name, at most {@code topK}.
   */
  List<Candidate> rerank(float[] q, List<TopKScan> scans, int topK) {
    Map<Integer, Double> nearest = new HashMap<>();
    float[] row = new float[dimension];
    for (TopKScan scan : scans) {
      for (int i = 0; i < scan.candidateCount(); i++) {
        int r = scan.candidate(i);
        copyRow(r, row);
        double distance = metric.between(q, row);
        nearest.merge(personOfRow[r], distance, Math::min);
      }
    }
    List<Candidate> all = new ArrayList<>(nearest.size());
    nearest.forEach((person, distance) -> all.add(new Candidate(names.get(person), distance)));
    all.sort(
        (a, b) ->
            a.distance() != b.distance()
                ? Double.compare(a.distance(), b.distance())
                : a.name().compareTo(b.name()));
    return List.copyOf(all.subList(0, Math.min(topK, all.size())));
  }

  private void copyRow(int r, float[] out) {
    int base = (r / BLOCK) * BLOCK * dimension + r % BLOCK;
    for (int d = 0; d < dimension; d++) {
      out[d] = blocks[base + d * BLOCK];
    }
  }
}
