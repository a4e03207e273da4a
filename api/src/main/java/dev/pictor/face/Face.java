package dev.pictor.face;

import java.util.Optional;

/**
 * One face of a photo, as found, aligned and encoded by a {@link FaceAnalyzer}.
 *
 * @param detection box, score and landmarks in photo coordinates
 * @param shape the 68-point shape the face was aligned on, when it was aligned that way
 * @param aligned the aligned crop that was encoded
 * @param embedding its embedding
 */
public record Face(
    DetectedFace detection, Optional<FaceShape> shape, FaceImage aligned, FaceEmbedding embedding) {
  public Face {
    if (detection == null || shape == null || aligned == null || embedding == null) {
      throw new IllegalArgumentException("detection, shape, aligned and embedding are required");
    }
  }

  /** A face aligned on the detector's five landmarks (no shape). */
  public Face(DetectedFace detection, FaceImage aligned, FaceEmbedding embedding) {
    this(detection, Optional.empty(), aligned, embedding);
  }
}
