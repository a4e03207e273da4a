package dev.pictor.model;

/** The part of a {@link ModelCard} that only one kind of model has. */
public sealed interface ModelSection
    permits EncoderSection, DetectorSection, LandmarkerSection, FeatureSection {

  /** The kind of model this section describes. */
  ModelKind kind();
}
