package dev.pictor.face;

import java.util.Arrays;

/**
 * An L2-normalised face embedding, stamped with the id of the model that made it.
 *
 * <p>Comparing embeddings of two different models is an error ({@link IllegalArgumentException}),
 * never a silently wrong distance. Immutable: the vector is copied in and out. {@link #toString()}
 * does not print the values (they are biometric data).
 *
 * @param modelId id of the encoder's model card
 * @param values the unit-length vector
 */
public record FaceEmbedding(String modelId, float[] values) {

  private static final double UNIT_TOLERANCE = 1e-3;

  public FaceEmbedding {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("values must not be empty");
    }
    values = values.clone();
    double norm = 0;
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("embedding values must be finite");
      }
      norm += (double) v * v;
    }
    if (Math.abs(Math.sqrt(norm) - 1.0) > UNIT_TOLERANCE) {
      throw new IllegalArgumentException(
          "embedding must be L2-normalised, its norm is " + Math.sqrt(norm));
    }
  }

  /** An embedding from a raw network output, scaled to unit length. */
  public static FaceEmbedding normalised(String modelId, float[] raw) {
    double norm = 0;
    for (float v : raw) {
      norm += (double) v * v;
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Double.isFinite(norm)) {
      throw new IllegalArgumentException("cannot normalise a vector of norm " + norm);
    }
    float[] unit = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      unit[i] = (float) (raw[i] / norm);
    }
    return new FaceEmbedding(modelId, unit);
  }

  /** A copy of the vector. */
  @Override
  public float[] values() {
    return values.clone();
  }

  /** Number of dimensions. */
  public int size() {
    return values.length;
  }

  /**
   * The distance to {@code other} under {@code metric}.
   *
   * @throws IllegalArgumentException if the two embeddings come from different models
   */
  public double distanceTo(FaceEmbedding other, DistanceMetric metric) {
    if (!modelId.equals(other.modelId)) {
      throw new IllegalArgumentException(
          "cannot compare embeddings of different models: '"
              + modelId
              + "' and '"
              + other.modelId
              + "'");
    }
    return metric.between(values, other.values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceEmbedding e
        && e.modelId.equals(modelId)
        && Arrays.equals(e.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * modelId.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FaceEmbedding[model=" + modelId + ", size=" + values.length + "]";
  }
}
