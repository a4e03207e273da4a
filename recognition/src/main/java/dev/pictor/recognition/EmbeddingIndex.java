package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable copy of a gallery's embeddings for exact search: one contiguous row-major {@code
 * float[]} (one row per embedding), each row's person as an index into {@link #names()}.
 *
 * <p>Distances come from dot products, {@code ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b}, with the
 * row norms precomputed, in a loop with four independent accumulators so the JIT can keep several
 * multiply-adds in flight. Thread-safe (immutable).
 */
final class EmbeddingIndex {
  private final String modelId;
  private final int dimension;
  private final float[] matrix;
  private final float[] squaredNorms;
  private final int[] personOfRow;
  private final List<String> names;
  private final long version;

  private EmbeddingIndex(
      String modelId,
      int dimension,
      float[] matrix,
      float[] squaredNorms,
      int[] personOfRow,
      List<String> names,
      long version) {
    this.modelId = modelId;
    this.dimension = dimension;
    this.matrix = matrix;
    this.squaredNorms = squaredNorms;
    this.personOfRow = personOfRow;
    this.names = names;
    this.version = version;
  }

  /** Builds the index from a consistent snapshot of the gallery's content. */
  static EmbeddingIndex of(String modelId, List<Gallery.Enrolled> enrolled, long version) {
    int dimension = enrolled.isEmpty() ? 0 : enrolled.get(0).embedding().size();
    float[] matrix = new float[enrolled.size() * dimension];
    float[] norms = new float[enrolled.size()];
    int[] person = new int[enrolled.size()];
    Map<String, Integer> index = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (int row = 0; row < enrolled.size(); row++) {
      Gallery.Enrolled e = enrolled.get(row);
      float[] v = e.embedding().values();
      if (v.length != dimension) {
        throw new IllegalStateException("gallery holds embeddings of different sizes");
      }
      System.arraycopy(v, 0, matrix, row * dimension, dimension);
      double n = 0;
      for (float x : v) {
        n += (double) x * x;
      }
      norms[row] = (float) n;
      person[row] =
          index.computeIfAbsent(
              e.name(),
              name -> {
                names.add(name);
                return names.size() - 1;
              });
    }
    return new EmbeddingIndex(
        modelId, dimension, matrix, norms, person, List.copyOf(names), version);
  }

  long version() {
    return version;
  }

  List<String> names() {
    return names;
  }

  int rows() {
    return personOfRow.length;
  }

  /**
   * For each person, the squared Euclidean distance of their nearest row to {@code probe} (indexed
   * like {@link #names()}).
   */
  double[] nearestSquaredDistancePerPerson(FaceEmbedding probe) {
    if (!probe.modelId().equals(modelId)) {
      throw new IllegalArgumentException(
          "probe comes from model '" + probe.modelId() + "', the gallery from '" + modelId + "'");
    }
    float[] q = probe.values();
    if (rows() > 0 && q.length != dimension) {
      throw new IllegalArgumentException(
          "probe has " + q.length + " dimensions, the gallery " + dimension);
    }
    double qq = 0;
    for (float x : q) {
      qq += (double) x * x;
    }
    double[] best = new double[names.size()];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    for (int row = 0; row < personOfRow.length; row++) {
      double d = Math.max(0.0, qq + squaredNorms[row] - 2.0 * dot(q, row * dimension));
      int p = personOfRow[row];
      if (d < best[p]) {
        best[p] = d;
      }
    }
    return best;
  }

  private float dot(float[] q, int offset) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < dimension; i += 4) {
      s0 += q[i] * matrix[offset + i];
      s1 += q[i + 1] * matrix[offset + i + 1];
      s2 += q[i + 2] * matrix[offset + i + 2];
      s3 += q[i + 3] * matrix[offset + i + 3];
    }
    for (; i < dimension; i++) {
      s0 += q[i] * matrix[offset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Converts a squared Euclidean distance between unit vectors into {@code metric}. */
  static double convert(double squared, DistanceMetric metric) {
    return switch (metric) {
      case SQUARED_EUCLIDEAN -> squared;
      case EUCLIDEAN -> Math.sqrt(squared);
      case COSINE -> squared / 2.0;
    };
  }
}
