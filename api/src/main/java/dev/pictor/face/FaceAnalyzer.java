package dev.pictor.face;

import dev.pictor.InferenceException;
import dev.pictor.image.RgbImage;
import dev.pictor.model.ModelCard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Photo in, faces out: detects faces, aligns each to the encoder's template (on the detector's five
 * landmarks, or on a 68-point {@link FaceShape} from a {@link FaceLandmarker}) and encodes all
 * faces of the photo in one batched run, optionally averaging each embedding with that of the
 * mirrored crop (horizontal-flip test-time augmentation).
 *
 * <p>Thread-safe if its parts are (Pictor's are). Owns the detector, the landmarker and the encoder
 * it was given and closes them in {@link #close()}, which is idempotent.
 */
public final class FaceAnalyzer implements AutoCloseable {
  private final FaceDetector detector;
  private final FaceLandmarker landmarker;
  private final FaceAligner aligner;
  private final FaceEncoder encoder;
  private final boolean flipAugmentation;
  private final FaceAlignment alignment;
  private final ModelCard alignTo;

  /**
   * An analyzer that aligns on the detector's five landmarks.
   *
   * @param detector finds faces; closed by this analyzer
   * @param aligner aligns them
   * @param encoder encodes them; closed by this analyzer
   * @param flipAugmentation whether to average each embedding with the mirrored crop's
   */
  public FaceAnalyzer(
      FaceDetector detector, FaceAligner aligner, FaceEncoder encoder, boolean flipAugmentation) {
    this(
        detector,
        null,
        aligner,
        encoder,
        AnalyzerOptions.defaults()
            .withFlipAugmentation(flipAugmentation)
            .withAlignment(FaceAlignment.FIVE_POINTS));
  }

  /**
   * @param detector finds faces; closed by this analyzer
   * @param landmarker finds 68-point shapes, or null when {@code options} resolve to {@link
   *     FaceAlignment#FIVE_POINTS}; closed by this analyzer
   * @param aligner aligns faces
   * @param encoder encodes them; closed by this analyzer
   * @param options flip augmentation, alignment method and template (their detector, encoder and
   *     landmarker options are not used: those parts are already open)
   * @throws IllegalArgumentException if a part is missing, or the encoder's card lacks the template
   *     the alignment needs
   */
  public FaceAnalyzer(
      FaceDetector detector,
      FaceLandmarker landmarker,
      FaceAligner aligner,
      FaceEncoder encoder,
      AnalyzerOptions options) {
    if (detector == null || aligner == null || encoder == null || options == null) {
      throw new IllegalArgumentException("detector, aligner, encoder and options are required");
    }
    ModelCard card = encoder.card();
    FaceAlignment method = options.alignment().resolve(card);
    if (method == FaceAlignment.FACE_SHAPE) {
      if (card.shapeTemplate().isEmpty()) {
        throw new IllegalArgumentException(
            "encoder " + card.id() + " has no shape template in its model card");
      }
      if (landmarker == null) {
        throw new IllegalArgumentException("face-shape alignment needs a landmarker");
      }
    } else if (options.alignmentTemplate().isEmpty() && card.alignmentTemplate().isEmpty()) {
      throw new IllegalArgumentException(
          "encoder " + card.id() + " has no alignment template in its model card");
    }
    this.detector = detector;
    this.landmarker = landmarker;
    this.aligner = aligner;
    this.encoder = encoder;
    this.flipAugmentation = options.flipAugmentation();
    this.alignment = method;
    this.alignTo =
        options.alignmentTemplate().isEmpty()
            ? card
            : card.withAlignmentTemplate(options.alignmentTemplate());
  }

  /** The 5-point alignment template in use (x, y of the 5 landmarks in the encoder's input). */
  public List<Float> alignmentTemplate() {
    return alignTo.alignmentTemplate();
  }

  /** How faces are aligned ({@link FaceAlignment#AUTO} resolved for the encoder). */
  public FaceAlignment alignment() {
    return alignment;
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
    List<FaceShape> shapes = shapesOf(photo, found);
    List<FaceImage> crops = alignAs(photo, found, shapes);
    List<FaceEmbedding> embeddings =
        flipAugmentation ? embed(crops, alignMirrored(photo, found, crops)) : embed(crops);
    List<Face> faces = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      Optional<FaceShape> shape = shapes == null ? Optional.empty() : Optional.of(shapes.get(i));
      faces.add(new Face(found.get(i), shape, crops.get(i), embeddings.get(i)));
    }
    return faces;
  }

  /**
   * Aligned crops of {@code faces} (found in {@code photo} by this analyzer's detector), aligned as
   * {@link #alignment()} says; for callers that pick faces before encoding them with {@link
   * #embed}.
   *
   * @throws InferenceException if the landmark network fails
   * @throws IllegalStateException if closed
   */
  public List<FaceImage> align(RgbImage photo, List<DetectedFace> faces) throws InferenceException {
    if (faces.isEmpty()) {
      return List.of();
    }
    return alignAs(photo, faces, shapesOf(photo, faces));
  }

  /** The 68-point shapes of the faces for face-shape alignment, else null. */
  private List<FaceShape> shapesOf(RgbImage photo, List<DetectedFace> faces)
      throws InferenceException {
    if (alignment != FaceAlignment.FACE_SHAPE) {
      return null;
    }
    return landmarker.shapes(photo, faces.stream().map(DetectedFace::box).toList());
  }

  private List<FaceImage> alignAs(
      RgbImage photo, List<DetectedFace> faces, List<FaceShape> shapes) {
    return shapes != null
        ? aligner.alignShapes(photo, shapes, alignTo)
        : aligner.align(photo, faces.stream().map(DetectedFace::landmarks).toList(), alignTo);
  }

  /** Whether embeddings are averaged with those of the mirrored faces. */
  public boolean flipAugmentation() {
    return flipAugmentation;
  }

  /**
   * The mirror images of the faces as flip augmentation encodes them. With face-shape alignment,
   * the photo is mirrored and each mirrored face gets its own 68 landmarks and alignment, exactly
   * as if a mirrored photo had been given (mirroring the aligned crop instead would shift it by
   * about 1 px against the template, whose symmetry axis is not the crop's centre line). With
   * 5-point alignment, the aligned crops are mirrored.
   *
   * @param photo the photo the faces were found in
   * @param faces the faces
   * @param crops the faces' crops from {@link #align} (mirrored as they are with 5-point alignment)
   * @throws IllegalArgumentException if {@code faces} and {@code crops} differ in size
   * @throws InferenceException if the landmark network fails
   * @throws IllegalStateException if closed
   */
  public List<FaceImage> alignMirrored(
      RgbImage photo, List<DetectedFace> faces, List<FaceImage> crops) throws InferenceException {
    if (faces.size() != crops.size()) {
      throw new IllegalArgumentException(faces.size() + " faces but " + crops.size() + " crops");
    }
    if (faces.isEmpty()) {
      return List.of();
    }
    if (alignment != FaceAlignment.FACE_SHAPE) {
      return crops.stream().map(FaceImage::mirrored).toList();
    }
    RgbImage mirroredPhoto = photo.mirrored();
    List<Box> boxes = new ArrayList<>(faces.size());
    for (DetectedFace face : faces) {
      Box b = face.box();
      boxes.add(new Box(photo.width() - b.x() - b.width(), b.y(), b.width(), b.height()));
    }
    return aligner.alignShapes(mirroredPhoto, landmarker.shapes(mirroredPhoto, boxes), alignTo);
  }

  /**
   * Embeddings of aligned crops, with flip augmentation if enabled (each crop's embedding averaged
   * with that of the crop mirrored): one batched run either way. For crops aligned by this
   * analyzer, {@link #embed(List, List)} with {@link #alignMirrored} is the better flip.
   *
   * @throws InferenceException if a run fails
   */
  public List<FaceEmbedding> embed(List<FaceImage> crops) throws InferenceException {
    if (!flipAugmentation) {
      return encoder.encodeAll(crops);
    }
    return embed(crops, crops.stream().map(FaceImage::mirrored).toList());
  }

  /**
   * Embeddings of aligned crops, each averaged with the embedding of the matching crop of {@code
   * mirrored} (the same faces mirrored, e.g. from {@link #alignMirrored}), whether or not this
   * analyzer's flip augmentation is on: one batched run.
   *
   * @throws IllegalArgumentException if the lists differ in size
   * @throws InferenceException if a run fails
   */
  public List<FaceEmbedding> embed(List<FaceImage> crops, List<FaceImage> mirrored)
      throws InferenceException {
    if (crops.size() != mirrored.size()) {
      throw new IllegalArgumentException(
          crops.size() + " crops but " + mirrored.size() + " mirrored crops");
    }
    List<FaceImage> both = new ArrayList<>(crops);
    both.addAll(mirrored);
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

  /** Closes the encoder, the landmarker and the detector. Idempotent. */
  @Override
  public void close() {
    try {
      encoder.close();
    } finally {
      try {
        if (landmarker != null) {
          landmarker.close();
        }
      } finally {
        detector.close();
      }
    }
  }
}
