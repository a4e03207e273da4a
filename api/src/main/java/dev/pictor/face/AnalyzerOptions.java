package dev.pictor.face;

import java.util.List;

/**
 * How to open a {@link FaceAnalyzer}. Immutable.
 *
 * @param detector detector options
 * @param encoder encoder options
 * @param flipAugmentation average each embedding with that of the mirrored crop
 * @param alignmentTemplate 10 numbers (x, y of the 5 landmarks in the encoder's input) replacing
 *     the template of the encoder's card, for experiments; empty to use the card's
 */
public record AnalyzerOptions(
    DetectorOptions detector,
    EncoderOptions encoder,
    boolean flipAugmentation,
    List<Float> alignmentTemplate) {
  public AnalyzerOptions {
    if (detector == null || encoder == null) {
      throw new IllegalArgumentException("detector and encoder options are required");
    }
    alignmentTemplate = List.copyOf(alignmentTemplate == null ? List.of() : alignmentTemplate);
    if (!alignmentTemplate.isEmpty() && alignmentTemplate.size() != 10) {
      throw new IllegalArgumentException(
          "alignmentTemplate needs 10 values (5 points), had " + alignmentTemplate.size());
    }
    if (alignmentTemplate.stream().anyMatch(v -> !Float.isFinite(v))) {
      throw new IllegalArgumentException("alignmentTemplate values must be finite");
    }
  }

  /** Default detector and encoder on the CPU, no flip augmentation, the card's template. */
  public static AnalyzerOptions defaults() {
    return new AnalyzerOptions(
        DetectorOptions.defaults(), EncoderOptions.defaults(), false, List.of());
  }

  /** These options with other detector options. */
  public AnalyzerOptions withDetector(DetectorOptions options) {
    return new AnalyzerOptions(options, encoder, flipAugmentation, alignmentTemplate);
  }

  /** These options with other encoder options. */
  public AnalyzerOptions withEncoder(EncoderOptions options) {
    return new AnalyzerOptions(detector, options, flipAugmentation, alignmentTemplate);
  }

  /** These options with flip augmentation switched on or off. */
  public AnalyzerOptions withFlipAugmentation(boolean flip) {
    return new AnalyzerOptions(detector, encoder, flip, alignmentTemplate);
  }

  /** These options with another alignment template (empty: the card's). */
  public AnalyzerOptions withAlignmentTemplate(List<Float> template) {
    return new AnalyzerOptions(detector, encoder, flipAugmentation, template);
  }
}
