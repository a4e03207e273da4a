package dev.pictor.model;

/**
 * What Pictor knows about one model file: a header common to every model (identity, file, how to
 * feed it, where its weights came from) and one section for what its kind of model outputs ({@link
 * EncoderSection}, {@link DetectorSection}, {@link LandmarkerSection}, {@link FeatureSection}).
 * Loaded from the JSON file {@code <id>.card.json} beside the model. Immutable.
 *
 * @param id unique model id, stamped on every embedding it makes
 * @param version version of this conversion
 * @param file file name of the model, relative to the model directory
 * @param fileSha256 sha256 of that file (hex)
 * @param url canonical place to get the file, or the weights it is built from
 * @param input input size and pixel normalisation
 * @param section what this kind of model outputs
 * @param weightsSource where the original weights were published
 * @param weightsSha256 sha256 of the original weights as published
 * @param license license of the weights
 */
public record ModelCard(
    String id,
    String version,
    String file,
    String fileSha256,
    String url,
    ModelInput input,
    ModelSection section,
    String weightsSource,
    String weightsSha256,
    String license) {

  public ModelCard {
    requireText("id", id);
    requireText("version", version);
    requireText("file", file);
    requireText("url", url);
    requireText("weightsSource", weightsSource);
    requireText("license", license);
    if (fileSha256 == null || !fileSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "card '" + id + "': fileSha256 must be 64 lowercase hex digits, was " + fileSha256);
    }
    if (input == null) {
      throw new IllegalArgumentException("card '" + id + "': input is required");
    }
    if (section == null) {
      throw new IllegalArgumentException("card '" + id + "': a section for its kind is required");
    }
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("model card field '" + name + "' must not be blank");
    }
  }

  /** What this model does. */
  public ModelKind kind() {
    return section.kind();
  }

  /**
   * The encoder section.
   *
   * @throws IllegalStateException if this is not an encoder's card
   */
  public EncoderSection encoder() {
    return section(EncoderSection.class, ModelKind.ENCODER);
  }

  /**
   * The encoder section of a card passed where an encoder's is required (a verifier's or a fusion's
   * argument): like {@link #encoder()}, but a wrong card is the caller's argument.
   *
   * @throws IllegalArgumentException if this is not an encoder's card
   */
  public EncoderSection requireEncoder() {
    if (kind() != ModelKind.ENCODER) {
      throw new IllegalArgumentException(
          "model '" + id + "' is not a face encoder: its card is a " + kind().jsonName() + "'s");
    }
    return encoder();
  }

  /**
   * The encoder section, to compare embeddings stored in a gallery made by model {@code
   * galleryModelId}: the check the recognizers and verifiers of every gallery make first.
   *
   * @throws IllegalArgumentException if this is not an encoder's card, or it is another model's
   */
  public EncoderSection encoderForGallery(String galleryModelId) {
    EncoderSection section = requireEncoder();
    if (!id.equals(galleryModelId)) {
      throw new IllegalArgumentException(
          "gallery holds embeddings of model '" + galleryModelId + "', not '" + id + "'");
    }
    return section;
  }

  /**
   * The detector section.
   *
   * @throws IllegalStateException if this is not a detector's card
   */
  public DetectorSection detector() {
    return section(DetectorSection.class, ModelKind.DETECTOR);
  }

  /**
   * The landmarker section.
   *
   * @throws IllegalStateException if this is not a landmarker's card
   */
  public LandmarkerSection landmarker() {
    return section(LandmarkerSection.class, ModelKind.LANDMARKER);
  }

  private <S extends ModelSection> S section(Class<S> type, ModelKind wanted) {
    if (!type.isInstance(section)) {
      throw new IllegalStateException(
          "model '"
              + id
              + "' is a "
              + section.kind().jsonName()
              + "; its card has no "
              + wanted.jsonName()
              + " section");
    }
    return type.cast(section);
  }

  /** This card with another section; the card itself if equal. */
  public ModelCard withSection(ModelSection other) {
    if (section.equals(other)) {
      return this;
    }
    return new ModelCard(
        id, version, file, fileSha256, url, input, other, weightsSource, weightsSha256, license);
  }
}
