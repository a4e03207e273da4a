package dev.pictor.spi;

import dev.pictor.BackendUnavailableException;
import dev.pictor.ModelException;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceDetector;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceLandmarker;
import dev.pictor.face.LandmarkerOptions;

/**
 * A backend that can open Pictor's networks, registered in {@code
 * META-INF/services/dev.pictor.spi.BackendProvider}. Implementations must be stateless and
 * thread-safe; the objects they open are owned (and closed) by the caller.
 */
public interface BackendProvider {

  /**
   * Short unique name, e.g. {@code "onnxruntime"}; matched by the {@code pictor.backend} property.
   */
  String name();

  /** Opens a face encoder as described by {@code options}. */
  FaceEncoder openFaceEncoder(EncoderOptions options) throws ModelException;

  /** Opens a face detector as described by {@code options}. */
  FaceDetector openFaceDetector(DetectorOptions options) throws ModelException;

  /**
   * Opens a 68-point face landmarker as described by {@code options}. Backends without one keep
   * this default, which throws {@link BackendUnavailableException}.
   */
  default FaceLandmarker openFaceLandmarker(LandmarkerOptions options) throws ModelException {
    throw new BackendUnavailableException("backend " + name() + " has no face landmarker");
  }
}
