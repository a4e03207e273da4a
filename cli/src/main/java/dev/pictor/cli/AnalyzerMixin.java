package dev.pictor.cli;

import dev.pictor.ExecutionDevice;
import dev.pictor.ModelException;
import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceAlignment;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.LandmarkerOptions;
import dev.pictor.recognition.FusionPreset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * What the commands that encode faces share: the options {@code --aligned}, {@code --flip} / {@code
 * --no-flip}, {@code --alignment}, {@code --device}, {@code --min-face}, {@code --threshold-score}
 * and {@code --model-dir}, {@code --model} and {@code --accuracy}, opening the {@link FaceAnalyzer}
 * they describe (two with {@code --accuracy best}: one per encoder of the fusion), and a {@link
 * FaceReader} that turns image files into faces.
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

  /** Flip augmentation: the library's default unless --flip or --no-flip. */
  private boolean flip = AnalyzerOptions.defaults().flipAugmentation();

  /** Whether --flip or --no-flip was given. */
  private boolean flipGiven;

  @Option(
      names = "--flip",
      description = {
        "Average each face's embedding with that of its mirror image (test-time augmentation;"
            + " the default: chosen on LFW View 1, see docs/ACCURACY.md). Twice the encoding"
            + " work."
      })
  private void setFlip(boolean on) {
    chooseFlip(true);
  }

  @Option(
      names = "--no-flip",
      description = {
        "Encode each face once, without its mirror image: half the encoding work, slightly less"
            + " accurate. Use the setting a gallery was enrolled with."
      })
  private void setNoFlip(boolean on) {
    chooseFlip(false);
  }

  private void chooseFlip(boolean on) {
    if (flipGiven && flip != on) {
      throw new ParameterException(spec.commandLine(), "give --flip or --no-flip, not both");
    }
    flip = on;
    flipGiven = true;
  }

  @Option(
      names = "--alignment",
      paramLabel = "auto|5-point|68-point",
      defaultValue = "auto",
      converter = AlignmentConverter.class,
      description = {
        "How detected faces are aligned (default: ${DEFAULT-VALUE}). 68-point: a landmark network"
            + " finds 68 points on each face and the 51 inner ones are fitted to the model card's"
            + " shape template (dlib's face chip, the geometry the encoder was trained on; about 9"
            + " ms more per face). 5-point: the detector's five landmarks are fitted to the card's"
            + " 5-point template. auto: 68-point when the card has a shape template."
      })
  private FaceAlignment alignment;

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
      names = "--max-faces",
      paramLabel = "N",
      defaultValue = "" + DetectorOptions.DEFAULT_MAX_FACES,
      description = {
        "At most N faces per photo, the best detection scores first (default: ${DEFAULT-VALUE},"
            + " at most "
            + DetectorOptions.MAX_FACES
            + "): a bound on the work for one photo, even with a low --threshold-score."
      })
  private void setMaxFaces(int faces) {
    if (faces < 1 || faces > DetectorOptions.MAX_FACES) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-faces must be within 1.." + DetectorOptions.MAX_FACES + ", was " + faces);
    }
    maxFaces = faces;
  }

  private int maxFaces = DetectorOptions.DEFAULT_MAX_FACES;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description = {
        "Look for models that are not packaged in the program (the YuNet face detector) in DIR"
            + " first, then in -Dpictor.model.dir, $PICTOR_MODEL_DIR and ~/.cache/pictor/models."
      })
  private Path modelDirectory;

  @Option(
      names = "--model",
      paramLabel = "ID",
      defaultValue = EncoderOptions.DEFAULT_MODEL_ID,
      description = {
        "Id of the encoder (default: ${DEFAULT-VALUE}), e.g. one written by pictor train triplet:"
            + " give its folder with --model-dir."
      })
  private String modelId;

  @Option(
      names = "--accuracy",
      paramLabel = "default|best",
      defaultValue = "default",
      converter = AccuracyConverter.class,
      description = {
        "default: one encoder (--model). best: both packaged encoders at once, "
            + FusionPreset.BEST_ID
            + " (the same as --model "
            + FusionPreset.BEST_ID
            + "): each face is encoded by both (face-resnet128 as by default, mobilefacenet512"
            + " with 5-point alignment and no flip), and their distances are fused with the weight and threshold fitted on LFW View 1 (see"
            + " docs/ACCURACY.md); about twice the encoding work. Galleries: one file per"
            + " encoder (GALLERY for the first, GALLERY with ."
            + "mobilefacenet512 before its extension for the second). Not with --aligned,"
            + " --alignment, --flip or another --model."
      })
  private Accuracy accuracy;

  /** The {@code --accuracy} presets. */
  enum Accuracy {
    /** One encoder, {@code --model}. */
    DEFAULT,
    /** Both packaged encoders, fused: {@link FusionPreset#best()}. */
    BEST
  }

  /** Whether the inputs are face crops ({@code --aligned}) rather than photos. */
  boolean aligned() {
    return aligned;
  }

  /**
   * The fusion of two encoders asked for ({@code --accuracy best} or {@code --model
   * face-resnet128+mobilefacenet512}), or empty for one encoder.
   */
  Optional<FusionPreset> fusion() {
    return accuracy == Accuracy.BEST || FusionPreset.BEST_ID.equals(modelId)
        ? Optional.of(FusionPreset.best())
        : Optional.empty();
  }

  /** How the embeddings of {@code analyzer} (and the second analyzer, if fused) are compared. */
  Scoring scoring(FaceAnalyzer analyzer) {
    return fusion().map(Scoring::of).orElseGet(() -> Scoring.of(analyzer.encoder().card()));
  }

  /**
   * Refuses {@code --accuracy best} in a command that works with one encoder only.
   *
   * @throws ParameterException if a fusion was asked for
   */
  void requireSingleEncoder(String what) {
    if (fusion().isPresent()) {
      throw new ParameterException(
          spec.commandLine(), what + " works with one encoder: not with --accuracy best");
    }
  }

  /** The options of the analyzer these command-line options describe. */
  AnalyzerOptions options() {
    String id = fusion().map(FusionPreset::firstModelId).orElse(modelId);
    EncoderOptions.Builder encoder = EncoderOptions.builder().modelId(id).device(device);
    DetectorOptions.Builder detector =
        DetectorOptions.builder().device(device).minFaceSize(minFaceSize).maxFaces(maxFaces);
    if (minScore != null) {
      detector.scoreThreshold(minScore);
    }
    LandmarkerOptions.Builder landmarker = LandmarkerOptions.builder().device(device);
    if (modelDirectory != null) {
      encoder.modelDirectory(modelDirectory);
      detector.modelDirectory(modelDirectory);
      landmarker.modelDirectory(modelDirectory);
    }
    AnalyzerOptions options =
        AnalyzerOptions.defaults()
            .withDetector(detector.build())
            .withEncoder(encoder.build())
            .withLandmarker(landmarker.build());
    if (fusion().isPresent()) {
      // The pipeline the fusion was fitted with: the first encoder's defaults.
      return options;
    }
    return options.withFlipAugmentation(flip).withAlignment(alignment);
  }

  /**
   * The options of the fusion's second analyzer: the second encoder with its default alignment and
   * the preset's flip setting, the same detector, landmarker, device and model directory.
   */
  private AnalyzerOptions secondOptions(FusionPreset preset) {
    AnalyzerOptions first = options();
    EncoderOptions.Builder encoder =
        EncoderOptions.builder().modelId(preset.secondModelId()).device(device);
    if (modelDirectory != null) {
      encoder.modelDirectory(modelDirectory);
    }
    return AnalyzerOptions.defaults()
        .withDetector(first.detector())
        .withLandmarker(first.landmarker())
        .withEncoder(encoder.build())
        .withFlipAugmentation(FusionPreset.BEST_SECOND_FLIP);
  }

  /**
   * Opens the second analyzer of a fusion, or returns null without one (try-with-resources skips a
   * null resource); the caller closes it.
   *
   * @throws ModelException if a model is missing or corrupt
   */
  FaceAnalyzer openSecondAnalyzer() throws ModelException {
    Optional<FusionPreset> preset = fusion();
    if (preset.isEmpty()) {
      return null;
    }
    return Pictor.faceAnalyzer(secondOptions(preset.get()));
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
   * encoder's input; this means 5-point alignment), or the model card's if {@code template} is
   * empty; the caller closes it.
   *
   * @throws ParameterException if detection options or a template are given with {@code --aligned}
   * @throws ModelException if a model is missing or corrupt
   */
  FaceAnalyzer openAnalyzer(List<Float> template) throws ModelException {
    if (fusion().isPresent()) {
      if (aligned || flipGiven || alignment != FaceAlignment.AUTO || !template.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "--accuracy best fixes each encoder's alignment and flip to those the fusion was"
                + " fitted with: not with --aligned, --alignment, --flip, --no-flip or"
                + " --template");
      }
      if (!modelId.equals(EncoderOptions.DEFAULT_MODEL_ID)
          && !modelId.equals(FusionPreset.BEST_ID)) {
        throw new ParameterException(
            spec.commandLine(),
            "--accuracy best fuses " + FusionPreset.BEST_ID + ": not with --model " + modelId);
      }
    }
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
    if (!template.isEmpty() && alignment == FaceAlignment.FACE_SHAPE) {
      throw new ParameterException(
          spec.commandLine(),
          "a 5-point alignment template needs --alignment 5-point (or auto), not 68-point");
    }
    AnalyzerOptions options = options().withAlignmentTemplate(template);
    if (!template.isEmpty()) {
      options = options.withAlignment(FaceAlignment.FIVE_POINTS);
    }
    return Pictor.faceAnalyzer(options);
  }

  /** A reader of image files through {@code analyzer}, drawing progress bars on stderr. */
  FaceReader reader(FaceAnalyzer analyzer) {
    return reader(analyzer, null);
  }

  /**
   * A reader of image files through {@code analyzer} and, for a fusion, {@code second} (from {@link
   * #openSecondAnalyzer}), drawing progress bars on stderr.
   */
  FaceReader reader(FaceAnalyzer analyzer, FaceAnalyzer second) {
    Optional<FusionPreset> preset = fusion();
    if (preset.isPresent() != (second != null)) {
      throw new IllegalStateException("a fusion needs its second analyzer, and only a fusion");
    }
    return new FaceReader(
        analyzer, second, preset.orElse(null), options(), aligned, Progress.of(spec));
  }

  /** Reads {@code default} and {@code best}. */
  static final class AccuracyConverter implements ITypeConverter<Accuracy> {
    @Override
    public Accuracy convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "default" -> Accuracy.DEFAULT;
        case "best" -> Accuracy.BEST;
        default ->
            throw new TypeConversionException(
                "'" + value + "' is not an accuracy preset; use default or best");
      };
    }
  }

  /** Reads {@code auto}, {@code 5-point} and {@code 68-point}. */
  static final class AlignmentConverter implements ITypeConverter<FaceAlignment> {
    @Override
    public FaceAlignment convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "auto" -> FaceAlignment.AUTO;
        case "5-point", "5" -> FaceAlignment.FIVE_POINTS;
        case "68-point", "68" -> FaceAlignment.FACE_SHAPE;
        default ->
            throw new TypeConversionException(
                "'" + value + "' is not an alignment; use auto, 5-point or 68-point");
      };
    }
  }
}
