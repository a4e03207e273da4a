package dev.pictor.model;

import dev.pictor.face.DistanceMetric;
import java.util.List;
import java.util.stream.Stream;

/**
 * A face encoder's part of its card: what it outputs, how to compare two outputs, and the face
 * geometry it was trained on. Immutable.
 *
 * @param embeddingSize length of the output vector
 * @param metric distance the threshold is meant for
 * @param threshold the distance at or below which two faces are the same person
 * @param thresholdSource how the threshold was obtained
 * @param alignmentTemplate where the 5 landmarks (left eye, right eye, nose, left and right mouth
 *     corner; x then y, 10 values) land in the input image; empty when not known (the analyzer
 *     options must then give one)
 * @param shapeTemplate where the 51 inner points (17-67) of a 68-point face shape land in the input
 *     image (x then y, 102 values), for encoders trained on crops aligned that way (dlib's face
 *     chips); empty when not known
 */
public record EncoderSection(
    int embeddingSize,
    DistanceMetric metric,
    double threshold,
    String thresholdSource,
    List<Float> alignmentTemplate,
    List<Float> shapeTemplate)
    implements ModelSection {

  /** Number of points in a shape template: the inner points 17-67 of the 68-point layout. */
  public static final int SHAPE_TEMPLATE_POINTS = 51;

  public EncoderSection {
    if (embeddingSize <= 0) {
      throw new IllegalArgumentException(
          "encoder embeddingSize must be positive, was " + embeddingSize);
    }
    if (metric == null) {
      throw new IllegalArgumentException("an encoder needs a metric (EUCLIDEAN or COSINE)");
    }
    if (!(threshold >= 0) || !Double.isFinite(threshold)) {
      throw new IllegalArgumentException(
          "encoder threshold must be a finite distance >= 0, was " + threshold);
    }
    if (thresholdSource == null || thresholdSource.isBlank()) {
      throw new IllegalArgumentException("encoder thresholdSource must not be blank");
    }
    alignmentTemplate = List.copyOf(alignmentTemplate == null ? List.of() : alignmentTemplate);
    if (!alignmentTemplate.isEmpty() && alignmentTemplate.size() != 10) {
      throw new IllegalArgumentException(
          "encoder alignmentTemplate needs 10 values (5 points), had " + alignmentTemplate.size());
    }
    shapeTemplate = List.copyOf(shapeTemplate == null ? List.of() : shapeTemplate);
    if (!shapeTemplate.isEmpty() && shapeTemplate.size() != 2 * SHAPE_TEMPLATE_POINTS) {
      throw new IllegalArgumentException(
          "encoder shapeTemplate needs "
              + 2 * SHAPE_TEMPLATE_POINTS
              + " values (51 points), had "
              + shapeTemplate.size());
    }
    if (Stream.concat(alignmentTemplate.stream(), shapeTemplate.stream())
        .anyMatch(v -> !Float.isFinite(v))) {
      throw new IllegalArgumentException("encoder template values must be finite");
    }
  }

  @Override
  public ModelKind kind() {
    return ModelKind.ENCODER;
  }

  /** This section with another 5-point template (10 values or empty); itself if equal. */
  public EncoderSection withAlignmentTemplate(List<Float> template) {
    if (alignmentTemplate.equals(template)) {
      return this;
    }
    return new EncoderSection(
        embeddingSize, metric, threshold, thresholdSource, template, shapeTemplate);
  }
}
