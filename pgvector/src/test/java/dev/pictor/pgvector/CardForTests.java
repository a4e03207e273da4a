package dev.pictor.pgvector;

import dev.pictor.face.DistanceMetric;
import dev.pictor.model.ChannelOrder;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelInput;
import java.util.List;

/** A model card for an imaginary encoder, for tests that need a card's metric and threshold. */
final class CardForTests {

  private CardForTests() {}

  static ModelCard card(String id, int size, DistanceMetric metric, double threshold) {
    return new ModelCard(
        id,
        "1",
        id + ".onnx",
        "0".repeat(64),
        "https://example.invalid/" + id,
        new ModelInput(150, 150, ChannelOrder.RGB, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)),
        new EncoderSection(size, metric, threshold, "test value", List.of(), List.of()),
        "none",
        "0".repeat(64),
        "none");
  }
}
