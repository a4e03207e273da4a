package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.Gallery;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;

/**
 * The metric and threshold a match decision uses, with the checks the verifier and the recognizer
 * share. Immutable.
 *
 * @param metric the distance
 * @param threshold a match is a distance {@code <=} this
 */
record MatchRule(DistanceMetric metric, double threshold) {
  MatchRule {
    if (metric == null) {
      throw new IllegalArgumentException("gallery and metric are required");
    }
    if (!(threshold >= 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite and >= 0, was " + threshold);
    }
  }

  /** The card's metric and default threshold, for a gallery made by that card's model. */
  static MatchRule of(Gallery gallery, ModelCard encoder) {
    EncoderSection section = encoder.encoderForGallery(gallery.modelId());
    return new MatchRule(section.metric(), section.threshold());
  }
}
