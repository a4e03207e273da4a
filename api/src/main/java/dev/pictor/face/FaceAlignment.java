package dev.pictor.face;

import dev.pictor.model.ModelCard;

/** Which landmarks a {@link FaceAnalyzer} aligns faces on. */
public enum FaceAlignment {
  /**
   * {@link #FACE_SHAPE} when the encoder's card has a shape template, else {@link #FIVE_POINTS}.
   */
  AUTO,
  /** The detector's five landmarks fitted to the card's 5-point template; no extra network. */
  FIVE_POINTS,
  /**
   * The 51 inner points of a 68-point {@link FaceShape} (from a {@link FaceLandmarker}) fitted to
   * the card's shape template: the geometry dlib-style encoders were trained on. Costs one small
   * network run per face.
   */
  FACE_SHAPE;

  /** What this choice means for an encoder with {@code card}. */
  public FaceAlignment resolve(ModelCard card) {
    if (this != AUTO) {
      return this;
    }
    return card.encoder().shapeTemplate().isEmpty() ? FIVE_POINTS : FACE_SHAPE;
  }
}
