package dev.pictor.face;

/**
 * A face found in an image, in the image's own coordinates.
 *
 * @param box the face's bounding box
 * @param score detector confidence in 0..1
 * @param landmarks the five alignment landmarks
 */
public record DetectedFace(Box box, float score, Landmarks landmarks) {
  public DetectedFace {
    if (box == null || landmarks == null) {
      throw new IllegalArgumentException("box and landmarks are required");
    }
    if (!(score >= 0f && score <= 1f)) {
      throw new IllegalArgumentException("score must be within 0..1, was " + score);
    }
  }
}
