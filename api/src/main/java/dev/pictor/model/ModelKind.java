package dev.pictor.model;

/**
 * What a model does, which decides the section its card carries. Written in a card as {@link
 * #jsonName()}: {@code "kind": "encoder"} next to an {@code "encoder": {...}} section.
 */
public enum ModelKind {
  /** Maps an aligned face to an embedding; section {@link EncoderSection}. */
  ENCODER("encoder"),
  /** Finds faces and their 5 landmarks in a photo; section {@link DetectorSection}. */
  DETECTOR("detector"),
  /** Finds the 68-point shape of a face crop; section {@link LandmarkerSection}. */
  LANDMARKER("landmarker"),
  /** Gives feature maps to other algorithms (style transfer); section {@link FeatureSection}. */
  FEATURES("features");

  private final String jsonName;

  ModelKind(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name of this kind, and of its section, in a card file. */
  public String jsonName() {
    return jsonName;
  }

  /** The kind written as {@code name} in a card file. */
  public static ModelKind ofJsonName(String name) {
    for (ModelKind kind : values()) {
      if (kind.jsonName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown model kind '" + name + "' (encoder, detector, landmarker or features)");
  }
}
