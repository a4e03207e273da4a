package dev.pictor.cli;

import dev.pictor.face.DistanceMetric;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.FusionPreset;

/**
 * What the embeddings of a run are compared with: the model id they carry, their size, metric and
 * default threshold with its provenance; one encoder's card, or a fusion of two ({@code --accuracy
 * best}). Immutable.
 *
 * @param modelId the id stamped on the embeddings
 * @param embeddingSize values per embedding
 * @param metric the distance
 * @param defaultThreshold the same person at distance {@code <=} this, unless --threshold
 * @param thresholdSource how the default threshold was obtained
 */
record Scoring(
    String modelId,
    int embeddingSize,
    DistanceMetric metric,
    double defaultThreshold,
    String thresholdSource) {

  /** One encoder's. */
  static Scoring of(ModelCard card) {
    EncoderSection e = card.encoder();
    return new Scoring(
        card.id(), e.embeddingSize(), e.metric(), e.threshold(), e.thresholdSource());
  }

  /** A fusion's. */
  static Scoring of(FusionPreset preset) {
    return new Scoring(
        preset.id(), preset.size(), preset.metric(), preset.threshold(), preset.source());
  }
}
