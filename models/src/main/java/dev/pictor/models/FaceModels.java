package dev.pictor.models;

import java.util.List;

/**
 * Ids of the models this artifact carries; each is a card {@code dev/pictor/models/<id>.card.json}
 * with its file beside it, found by the model store on the class path without any model directory.
 * Stateless.
 */
public final class FaceModels {
  /** The face encoder: 150x150 aligned RGB crop to a 128-d embedding. */
  public static final String ENCODER = "face-resnet128";

  /** The 68-point face landmark network. */
  public static final String LANDMARKER = "face-landmark68";

  /** The YuNet-s face detector (boxes and 5 landmarks). */
  public static final String DETECTOR = "yunet-s";

  private FaceModels() {}

  /** Every packaged model id. */
  public static List<String> ids() {
    return List.of(DETECTOR, LANDMARKER, ENCODER);
  }
}
