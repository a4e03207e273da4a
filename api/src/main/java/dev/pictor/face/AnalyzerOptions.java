package dev.pictor.face;

/**
 * How to open a {@link FaceAnalyzer}. Immutable.
 *
 * @param detector detector options
 * @param encoder encoder options
 * @param flipAugmentation average each embedding with that of the mirrored crop
 */
public record AnalyzerOptions(
    DetectorOptions detector, EncoderOptions encoder, boolean flipAugmentation) {
  public AnalyzerOptions {
    if (detector == null || encoder == null) {
      throw new IllegalArgumentException("detector and encoder options are required");
    }
  }

  /** Default detector and encoder on the CPU, no flip augmentation. */
  public static AnalyzerOptions defaults() {
    return new AnalyzerOptions(DetectorOptions.defaults(), EncoderOptions.defaults(), false);
  }

  /** These options with flip augmentation switched on or off. */
  public AnalyzerOptions withFlipAugmentation(boolean flip) {
    return new AnalyzerOptions(detector, encoder, flip);
  }
}
