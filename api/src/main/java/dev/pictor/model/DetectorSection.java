package dev.pictor.model;

/**
 * A face detector's part of its card. Immutable.
 *
 * @param minScore the face score (0..1) below which a detection is dropped unless the detector
 *     options say otherwise
 * @param minScoreSource how that score was chosen
 */
public record DetectorSection(double minScore, String minScoreSource) implements ModelSection {

  public DetectorSection {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("detector minScore must be in 0..1, was " + minScore);
    }
    if (minScoreSource == null || minScoreSource.isBlank()) {
      throw new IllegalArgumentException("detector minScoreSource must not be blank");
    }
  }

  @Override
  public ModelKind kind() {
    return ModelKind.DETECTOR;
  }
}
