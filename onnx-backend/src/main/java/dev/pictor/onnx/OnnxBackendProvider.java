package dev.pictor.onnx;

import dev.pictor.ModelException;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceDetector;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceLandmarker;
import dev.pictor.face.LandmarkerOptions;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.spi.BackendProvider;

/** Pictor's ONNX Runtime backend, registered for {@link java.util.ServiceLoader}. Stateless. */
public final class OnnxBackendProvider implements BackendProvider {
  /** The name to give the {@code pictor.backend} property. */
  public static final String NAME = "onnxruntime";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FaceEncoder openFaceEncoder(EncoderOptions options) throws ModelException {
    ModelStore store = ModelStore.standard(options.modelDirectory());
    return OnnxFaceEncoder.open(store.resolve(options.modelId()), options);
  }

  @Override
  public FaceDetector openFaceDetector(DetectorOptions options) throws ModelException {
    ModelStore store = ModelStore.standard(options.modelDirectory());
    return OnnxFaceDetector.open(store.resolve(options.modelId()), options);
  }

  @Override
  public FaceLandmarker openFaceLandmarker(LandmarkerOptions options) throws ModelException {
    ModelStore store = ModelStore.standard(options.modelDirectory());
    return OnnxFaceLandmarker.open(store.resolve(options.modelId()), options);
  }
}
