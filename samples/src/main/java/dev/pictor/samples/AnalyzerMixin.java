package dev.pictor.samples;

import dev.pictor.ExecutionDevice;
import dev.pictor.ModelException;
import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceAnalyzer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the commands that encode faces share: the options {@code --aligned}, {@code --flip}, {@code
 * --device}, {@code --min-face}, {@code --threshold-score} and {@code --model-dir}, opening the
 * {@link FaceAnalyzer} they describe, and a {@link FaceReader} that turns image files into faces.
 *
 * <p>A picocli mixin: one instance per parsed command line, not thread-safe. The analyzer it opens
 * belongs to the caller, who closes it.
 */
final class AnalyzerMixin {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--aligned",
      description = {
        "Each IMAGE is a face crop, not a photo: skip face detection and resize the whole image to"
            + " the model's input size (150x150). Give crops aligned to the model's template for"
            + " meaningful embeddings. Not with --min-face or --threshold-score."
      })
  private boolean aligned;

  @Option(
      names = "--flip",
      description = {
        "Average each face's embedding with that of its mirror image (test-time augmentation):"
            + " a little more robust, twice the encoding work."
      })
  private boolean flip;

  @Option(
      names = "--device",
      paramLabel = "cpu|cuda[:N]",
      defaultValue = "cpu",
      converter = DeviceConverter.class,
      description = {
        "Where the networks run (default: ${DEFAULT-VALUE}). cuda[:N] uses CUDA device N"
            + " (default 0) and fails, rather than falling back to the CPU, when it cannot be used"
            + " (it needs the onnxruntime_gpu build: mvn -Pcuda)."
      })
  private ExecutionDevice device;

  private float minFaceSize;

  /** Null for the detector's default. */
  private Float minScore;

  @Option(
      names = "--min-face",
      paramLabel = "PX",
      defaultValue = "0",
      description = "Ignore faces whose box is narrower or shorter than PX pixels (default: 0).")
  private void setMinFaceSize(float pixels) {
    if (!(pixels >= 0 && Float.isFinite(pixels))) {
      throw new ParameterException(
          spec.commandLine(), "--min-face must be a number of pixels >= 0, was " + pixels);
    }
    minFaceSize = pixels;
  }

  @Option(
      names = "--threshold-score",
      paramLabel = "S",
      description = {
        "Smallest detection score (0..1) still counted as a face (default: the detector's, 0.7)."
            + " Lower finds more faces and more false ones."
      })
  private void setMinScore(float score) {
    if (!(score >= 0 && score <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--threshold-score must be within 0..1, was " + score);
    }
    minScore = score;
  }

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description = {
        "Look for models that are not packaged in the program (the YuNet face detector) in DIR"
            + " first, then in -Dpictor.model.dir, $PICTOR_MODEL_DIR and ~/.cache/pictor/models."
      })
  private Path modelDirectory;

  /** Whether the inputs are face crops ({@code --aligned}) rather than photos. */
  boolean aligned() {
    return aligned;
  }

  /** The options of the analyzer these command-line options describe. */
  AnalyzerOptions options() {
    EncoderOptions.Builder encoder = EncoderOptions.builder().device(device);
    DetectorOptions.Builder detector =
        DetectorOptions.builder().device(device).minFaceSize(minFaceSize);
    if (minScore != null) {
      detector.scoreThreshold(minScore);
    }
    if (modelDirectory != null) {
      encoder.modelDirectory(modelDirectory);
      detector.modelDirectory(modelDirectory);
    }
    return new AnalyzerOptions(detector.build(), encoder.build(), flip, List.of());
  }

  /**
   * Opens the analyzer (detector and encoder) on the chosen device; the caller closes it. The
   * detector is opened even with {@code --aligned}: the analyzer owns one either way.
   *
   * @throws ParameterException if detection options are given with {@code --aligned}
   * @throws ModelException if a model is missing or corrupt
   */
  FaceAnalyzer openAnalyzer() throws ModelException {
    return openAnalyzer(List.of());
  }

  /**
   * Opens the analyzer with another alignment template (10 values: x, y of the 5 landmarks in the
   * encoder's input), or the model card's if {@code template} is empty; the caller closes it.
   *
   * @throws ParameterException if detection options or a template are given with {@code --aligned}
   * @throws ModelException if a model is missing or corrupt
   */
  FaceAnalyzer openAnalyzer(List<Float> template) throws ModelException {
    if (aligned && (minScore != null || minFaceSize > 0)) {
      throw new ParameterException(
          spec.commandLine(),
          "--threshold-score and --min-face select detected faces; with --aligned nothing is"
              + " detected");
    }
    if (aligned && !template.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "an alignment template aligns detected faces; with --aligned nothing is aligned");
    }
    return Pictor.faceAnalyzer(options().withAlignmentTemplate(template));
  }

  /** A reader of image files through {@code analyzer}, drawing progress bars on {@code err}. */
  FaceReader reader(FaceAnalyzer analyzer, PrintWriter err) {
    return new FaceReader(analyzer, options(), aligned, err);
  }
}
