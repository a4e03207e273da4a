package dev.pictor.face;

/**
 * One face of a photo, as found, aligned and encoded by a {@link FaceAnalyzer}.
 *
 * @param detection box, score and landmarks in photo coordinates
 * @param aligned the aligned crop that was encoded
 * @param embedding its embedding
 */
public record Face(DetectedFace detection, FaceImage aligned, FaceEmbedding embedding) {
  public Face {
    if (detection == null || aligned == null || embedding == null) {
      throw new IllegalArgumentException("detection, aligned and embedding are required");
    }
  }
}
