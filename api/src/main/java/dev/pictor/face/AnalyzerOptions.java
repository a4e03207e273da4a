package dev.pictor.face;

import dev.pictor.RuntimeSettings;
import java.util.List;

/**
 * How to open a {@link FaceAnalyzer}. Immutable; start from {@link #defaults()} and change what you
 * need with the {@code with...} methods.
 *
 * @param detector detector options
 * @param encoder encoder options
 * @param flipAugmentation average each embedding with that of the mirrored face (on by default: see
 *     {@link #defaults()})
 * @param alignmentTemplate 10 numbers (x, y of the 5 landmarks in the encoder's input) replacing
 *     the template of the encoder's card, for experiments with 5-point alignment; empty to use the
 *     card's
 * @param alignment which landmarks faces are aligned on ({@link FaceAlignment#AUTO} by default)
 * @param landmarker options of the 68-point landmarker, opened only for {@link
 *     FaceAlignment#FACE_SHAPE}
 */
public record AnalyzerOptions(
    DetectorOptions detector,
    EncoderOptions encoder,
    boolean flipAugmentation,
    List<Float> alignmentTemplate,
    FaceAlignment alignment,
    LandmarkerOptions landmarker) {
  public AnalyzerOptions {
    if (detector == null || encoder == null || alignment == null || landmarker == null) {
      throw new IllegalArgumentException(
          "detector, encoder, alignment and landmarker options are required");
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

  /**
   * Default detector, landmarker and encoder on the CPU, {@link FaceAlignment#AUTO}, flip
   * augmentation on, the card's templates.
   *
   * <p>Flip augmentation is on because, with the default encoder and face-shape alignment, it is
   * the only variant that beat the cheapest pipeline (5 landmarks, no flip) significantly in
   * pooled, identity-disjoint cross-validation on LFW View 1 (99.28% against 98.78%, exact McNemar
   * p = 0.009) and lost nowhere else measured (identification on View 1, faces-tv); see
   * docs/ACCURACY.md. It costs a second landmark and encoder run per face; {@code
   * withFlipAugmentation(false)} halves the encoding work.
   */
  public static AnalyzerOptions defaults() {
    return new AnalyzerOptions(
        DetectorOptions.defaults(),
        EncoderOptions.defaults(),
        true,
        List.of(),
        FaceAlignment.AUTO,
        LandmarkerOptions.defaults());
  }

  /**
   * These options with one device, thread count and model directory for the detector, the
   * landmarker and the encoder.
   */
  public AnalyzerOptions withRuntime(RuntimeSettings settings) {
    return new AnalyzerOptions(
        detector.withRuntime(settings),
        encoder.withRuntime(settings),
        flipAugmentation,
        alignmentTemplate,
        alignment,
        landmarker.withRuntime(settings));
  }

  /** These options with other detector options. */
  public AnalyzerOptions withDetector(DetectorOptions options) {
    return new AnalyzerOptions(
        options, encoder, flipAugmentation, alignmentTemplate, alignment, landmarker);
  }

  /** These options with other encoder options. */
  public AnalyzerOptions withEncoder(EncoderOptions options) {
    return new AnalyzerOptions(
        detector, options, flipAugmentation, alignmentTemplate, alignment, landmarker);
  }

  /** These options with flip augmentation switched on or off. */
  public AnalyzerOptions withFlipAugmentation(boolean flip) {
    return new AnalyzerOptions(detector, encoder, flip, alignmentTemplate, alignment, landmarker);
  }

  /** These options with another 5-point alignment template (empty: the card's). */
  public AnalyzerOptions withAlignmentTemplate(List<Float> template) {
    return new AnalyzerOptions(
        detector, encoder, flipAugmentation, template, alignment, landmarker);
  }

  /** These options with another alignment method. */
  public AnalyzerOptions withAlignment(FaceAlignment method) {
    return new AnalyzerOptions(
        detector, encoder, flipAugmentation, alignmentTemplate, method, landmarker);
  }

  /** These options with other landmarker options. */
  public AnalyzerOptions withLandmarker(LandmarkerOptions options) {
    return new AnalyzerOptions(
        detector, encoder, flipAugmentation, alignmentTemplate, alignment, options);
  }
}
