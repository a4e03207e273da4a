package dev.pictor.model;

/**
 * The card section of a network used for its feature maps (the VGG loss network of style transfer).
 * Immutable.
 *
 * @param use what the features are for and which layers are kept
 */
public record FeatureSection(String use) implements ModelSection {

  public FeatureSection {
    if (use == null || use.isBlank()) {
      throw new IllegalArgumentException("features use must not be blank");
    }
  }

  @Override
  public ModelKind kind() {
    return ModelKind.FEATURES;
  }
}
