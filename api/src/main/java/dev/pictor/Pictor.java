package dev.pictor;

import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceAligner;
import dev.pictor.face.FaceAlignment;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceDetector;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceLandmarker;
import dev.pictor.face.LandmarkerOptions;
import dev.pictor.image.RgbImage;
import dev.pictor.spi.BackendProvider;
import dev.pictor.spi.StyleProvider;
import dev.pictor.style.StyleTransfer;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Entry point: opens encoders, detectors, analyzers and style transfers from the implementations
 * found on the class path.
 *
 * <p>Backends are discovered with {@link ServiceLoader}. When several are present, the system
 * property {@value #BACKEND_PROPERTY} names the one to use. Stateless and thread-safe; the objects
 * it returns own native memory and must be closed by the caller.
 */
public final class Pictor {
  /** System property naming the backend to use when several are on the class path. */
  public static final String BACKEND_PROPERTY = "pictor.backend";

  private Pictor() {}

  /**
   * Opens a face encoder.
   *
   * @throws ModelException if the model is missing or corrupt
   * @throws BackendUnavailableException if no backend is on the class path or the device is missing
   */
  public static FaceEncoder faceEncoder(EncoderOptions options) throws ModelException {
    return backend().openFaceEncoder(options);
  }

  /**
   * Opens a face detector.
   *
   * @throws ModelException if the model is missing or corrupt
   * @throws BackendUnavailableException if no backend is on the class path or the device is missing
   */
  public static FaceDetector faceDetector(DetectorOptions options) throws ModelException {
    return backend().openFaceDetector(options);
  }

  /**
   * Opens a face analyzer (detector, aligner, encoder, and the landmarker if the alignment uses
   * it).
   *
   * @throws ModelException if a model is missing or corrupt
   * @throws BackendUnavailableException if the backend or the aligner (artifact pictor-opencv) is
   *     missing
   */
  public static FaceAnalyzer faceAnalyzer(AnalyzerOptions options) throws ModelException {
    FaceAligner aligner = aligner();
    FaceDetector detector = faceDetector(options.detector());
    FaceEncoder encoder = null;
    FaceLandmarker landmarker = null;
    try {
      encoder = faceEncoder(options.encoder());
      if (options.alignment().resolve(encoder.card()) == FaceAlignment.FACE_SHAPE) {
        landmarker = faceLandmarker(options.landmarker());
      }
      return new FaceAnalyzer(detector, landmarker, aligner, encoder, options);
    } catch (ModelException | RuntimeException e) {
      if (landmarker != null) {
        landmarker.close();
      }
      if (encoder != null) {
        encoder.close();
      }
      detector.close();
      throw e;
    }
  }

  /**
   * Opens a 68-point face landmarker.
   *
   * @throws ModelException if the model is missing or corrupt
   * @throws BackendUnavailableException if no backend is on the class path, it has no landmarker,
   *     or the device is missing
   */
  public static FaceLandmarker faceLandmarker(LandmarkerOptions options) throws ModelException {
    return backend().openFaceLandmarker(options);
  }

  /**
   * Opens the trained feed-forward network of {@code style} (see {@link #styles()}) on the CPU.
   *
   * @throws ModelException if the style is unknown or its weights are missing or corrupt
   * @throws BackendUnavailableException if no style transfer (artifact pictor-style) is on the
   *     class path
   */
  public static StyleTransfer fastStyle(String style) throws ModelException {
    return fastStyle(style, RuntimeSettings.defaults());
  }

  /**
   * Opens the trained feed-forward network of {@code style} with the given device, threads and
   * model directory.
   *
   * @throws ModelException if the style is unknown or its weights are missing or corrupt
   * @throws BackendUnavailableException if pictor-style is missing or the device is
   */
  public static StyleTransfer fastStyle(String style, RuntimeSettings runtime)
      throws ModelException {
    return styleProvider().openFastStyle(style, runtime);
  }

  /**
   * Opens Gatys style transfer (optimisation on VGG-19) towards the style of {@code painting}, with
   * default options otherwise.
   *
   * @throws PictorException if the VGG-19 weights are missing or corrupt, or the painting is too
   *     small
   * @throws BackendUnavailableException if pictor-style is missing or the device is
   */
  public static StyleTransfer gatysStyle(RgbImage painting, RuntimeSettings runtime)
      throws PictorException {
    return styleProvider().openGatys(painting, runtime);
  }

  /**
   * The names of the trained feed-forward styles.
   *
   * @throws ModelException if the packaged style cards are unreadable
   * @throws BackendUnavailableException if pictor-style is missing
   */
  public static List<String> styles() throws ModelException {
    return styleProvider().styles();
  }

  private static StyleProvider styleProvider() {
    return ServiceLoader.load(StyleProvider.class)
        .findFirst()
        .orElseThrow(
            () ->
                new BackendUnavailableException(
                    "No style transfer on the class path: add the artifact dev.pictor:pictor-style"
                        + " (and dev.pictor:pictor-style-models for the packaged weights)."));
  }

  /** The face aligner on the class path. */
  public static FaceAligner aligner() {
    return ServiceLoader.load(FaceAligner.class)
        .findFirst()
        .orElseThrow(
            () ->
                new BackendUnavailableException(
                    "No face aligner on the class path: add the artifact dev.pictor:pictor-opencv."));
  }

  /**
   * The backend named by {@value #BACKEND_PROPERTY}, or else the only one on the class path.
   *
   * @throws BackendUnavailableException if there is none, or several and none is named
   */
  public static BackendProvider backend() {
    List<BackendProvider> found = new ArrayList<>();
    ServiceLoader.load(BackendProvider.class).forEach(found::add);
    String wanted = System.getProperty(BACKEND_PROPERTY);
    if (wanted != null) {
      return found.stream()
          .filter(p -> p.name().equals(wanted))
          .findFirst()
          .orElseThrow(
              () ->
                  new BackendUnavailableException(
                      "Backend '"
                          + wanted
                          + "' (system property "
                          + BACKEND_PROPERTY
                          + ") is not on the class path; found: "
                          + found.stream().map(BackendProvider::name).toList()));
    }
    if (found.isEmpty()) {
      throw new BackendUnavailableException(
          "No Pictor backend on the class path: add the artifact dev.pictor:pictor-onnx"
              + " (and dev.pictor:pictor-models for the packaged models).");
    }
    if (found.size() > 1) {
      throw new BackendUnavailableException(
          "Several Pictor backends on the class path "
              + found.stream().map(BackendProvider::name).toList()
              + "; choose one with -D"
              + BACKEND_PROPERTY
              + "=<name>");
    }
    return found.get(0);
  }
}
