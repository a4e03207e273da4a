package dev.pictor.face;

import dev.pictor.InferenceException;
import dev.pictor.image.RgbImage;
import dev.pictor.model.ModelCard;
import java.util.ArrayList;
import java.util.List;

/**
 * Photo in, faces out: detects faces, aligns each to the encoder's template and encodes all faces
 * of the photo in one batched run, optionally averaging each embedding with that of the mirrored
 * crop (horizontal-flip test-time augmentation).
 *
 * <p>Thread-safe if its parts are (Pictor's are). Owns the detector and the encoder it was given
 * and closes them in {@link #close()}, which is idempotent.
 */
public final class FaceAnalyzer implements AutoCloseable {
  private final FaceDetector detector;
  private final FaceAligner aligner;
  private final FaceEncoder encoder;
  private final boolean flipAugmentation;
  private final ModelCard alignTo;

  /**
   * @param detector finds faces; closed by this analyzer
   * @param aligner aligns them
   * @param encoder encodes them; closed by this analyzer
   * @param flipAugmentation whether to average each embedding with the mirrored crop's
   */
  public FaceAnalyzer(
      FaceDetector detector, FaceAligner aligner, FaceEncoder encoder, boolean flipAugmentation) {
    this(detector, aligner, encoder, flipAugmentation, List.of());
  }

  /**
   * @param detector finds faces; closed by this analyzer
   * @param aligner aligns them
   * @param encoder encodes them; closed by this analyzer
   * @param flipAugmentation whether to average each embedding with the mirrored crop's
   * @param template alignment template replacing the card's (10 values), or empty for the card's
   */
  public FaceAnalyzer(
      FaceDetector detector,
      FaceAligner aligner,
      FaceEncoder encoder,
      boolean flipAugmentation,
      List<Float> template) {
    if (detector == null || aligner == null || encoder == null) {
      throw new IllegalArgumentException("detector, aligner and encoder are required");
    }
    ModelCard card = encoder.card();
    if (template.isEmpty() && card.alignmentTemplate().isEmpty()) {
      throw new IllegalArgumentException(
          "encoder " + card.id() + " has no alignment template in its model card");
    }
    this.detector = detector;
    this.aligner = aligner;
    this.encoder = encoder;
    this.flipAugmentation = flipAugmentation;
    this.alignTo = template.isEmpty() ? card : card.withAlignmentTemplate(template);
  }

  /** The alignment template in use (x, y of the 5 landmarks in the encoder's input). */
  public List<Float> alignmentTemplate() {
    return alignTo.alignmentTemplate();
  }

  /** The encoder, e.g. for its card or to encode crops that are already aligned. */
  public FaceEncoder encoder() {
    return encoder;
  }

  /** The detector. */
  public FaceDetector detector() {
    return detector;
  }

  /**
   * All faces of {@code photo}, highest detection score first; empty if there are none.
   *
   * @throws IllegalStateException if closed
   * @throws InferenceException if a run fails
   */
  public List<Face> analyze(RgbImage photo) throws InferenceException {
    List<DetectedFace> found = detector.detect(photo);
    if (found.isEmpty()) {
      return List.of();
    }
    List<FaceImage> crops =
        aligner.align(photo, found.stream().map(DetectedFace::landmarks).toList(), alignTo);
    List<FaceEmbedding> embeddings = embed(crops);
    List<Face> faces = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      faces.add(new Face(found.get(i), crops.get(i), embeddings.get(i)));
    }
    return faces;
  }

  /**
   * Embeddings of aligned crops, with flip augmentation if enabled: one batched run either way.
   *
   * @throws InferenceException if a run fails
   */
  public List<FaceEmbedding> embed(List<FaceImage> crops) throws InferenceException {
    if (!flipAugmentation) {
      return encoder.encodeAll(crops);
    }
    List<FaceImage> both = new ArrayList<>(crops);
    crops.forEach(c -> both.add(mirror(c)));
    List<FaceEmbedding> all = encoder.encodeAll(both);
    List<FaceEmbedding> averaged = new ArrayList<>(crops.size());
    for (int i = 0; i < crops.size(); i++) {
      float[] a = all.get(i).values();
      float[] b = all.get(i + crops.size()).values();
      for (int k = 0; k < a.length; k++) {
        a[k] += b[k];
      }
      averaged.add(FaceEmbedding.normalised(encoder.card().id(), a));
    }
    return averaged;
  }

  /** The crop mirrored left to right. */
  static FaceImage mirror(FaceImage face) {
    int w = face.width();
    float[] src = face.rgb();
    float[] dst = new float[src.length];
    for (int y = 0; y < face.height(); y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(src, (y * w + x) * 3, dst, (y * w + (w - 1 - x)) * 3, 3);
      }
    }
    return new FaceImage(w, face.height(), dst);
  }

  /** Closes the encoder and the detector. Idempotent. */
  @Override
  public void close() {
    try {
      encoder.close();
    } finally {
      detector.close();
    }
  }
}
