package dev.pictor.face;

import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.image.RgbImage;
import dev.pictor.model.EncoderSection;
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
 * <p>Three ways in: {@link #analyze(RgbImage)} for every face of one photo; {@link #analyzeAll} for
 * one chosen face of each of many photos, read one at a time and encoded in batches (the loop
 * behind every evaluation, enrolment and training job); {@link #analyze(RgbImage, List)} for faces
 * another detector found. {@link #alignAll} stops before encoding, {@link #embed} starts after
 * alignment.
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

  /** How many photos' faces are encoded together by analyzeAll. */
  private final int batchSize;

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
    EncoderSection section = card.encoder();
    FaceAlignment method = options.alignment().resolve(card);
    if (method == FaceAlignment.FACE_SHAPE) {
      if (section.shapeTemplate().isEmpty()) {
        throw new IllegalArgumentException(
            "encoder " + card.id() + " has no shape template in its model card");
      }
      if (landmarker == null) {
        throw new IllegalArgumentException("face-shape alignment needs a landmarker");
      }
    } else if (options.alignmentTemplate().isEmpty() && section.alignmentTemplate().isEmpty()) {
      throw new IllegalArgumentException(
          "encoder " + card.id() + " has no alignment template in its model card");
    }
    this.detector = detector;
    this.landmarker = landmarker;
    this.aligner = aligner;
    this.encoder = encoder;
    this.flipAugmentation = options.flipAugmentation();
    this.batchSize = options.encoder().maxBatchSize();
    this.alignment = method;
    this.alignTo =
        options.alignmentTemplate().isEmpty()
            ? card
            : card.withSection(section.withAlignmentTemplate(options.alignmentTemplate()));
  }

  /** The 5-point alignment template in use (x, y of the 5 landmarks in the encoder's input). */
  public List<Float> alignmentTemplate() {
    return alignTo.encoder().alignmentTemplate();
  }

  /** How faces are aligned ({@link FaceAlignment#AUTO} resolved for the encoder). */
  public FaceAlignment alignment() {
    return alignment;
  }

  /** The encoder, e.g. for its card or to encode crops that are already aligned. */
  public FaceEncoder encoder() {
    return encoder;
  }

  /** The card of the detector, e.g. to name it in a report. */
  public ModelCard detectorCard() {
    return detector.card();
  }

  /**
   * All faces of {@code photo}, highest detection score first; empty if there are none.
   *
   * @throws IllegalStateException if closed
   * @throws InferenceException if a run fails
   */
  public List<Face> analyze(RgbImage photo) throws InferenceException {
    return analyze(photo, detector.detect(photo));
  }

  /**
   * The given faces of {@code photo}, found by another detector (or another analyzer, as a fusion
   * of two encoders does), aligned and encoded as this analyzer aligns and encodes: one batched
   * run.
   *
   * @param faces boxes and landmarks in {@code photo}'s coordinates
   * @throws IllegalStateException if closed
   * @throws InferenceException if a run fails
   */
  public List<Face> analyze(RgbImage photo, List<DetectedFace> faces) throws InferenceException {
    if (faces.isEmpty()) {
      return List.of();
    }
    List<FaceShape> shapes = shapesOf(photo, faces);
    List<FaceImage> crops = alignAs(photo, faces, shapes);
    List<FaceEmbedding> embeddings =
        flipAugmentation ? embed(crops, alignMirrored(photo, faces, crops)) : embed(crops);
    List<Face> out = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      Optional<FaceShape> shape = shapes == null ? Optional.empty() : Optional.of(shapes.get(i));
      out.add(new Face(faces.get(i), shape, crops.get(i), embeddings.get(i)));
    }
    return out;
  }

  /**
   * One face of each photo, chosen by {@code selection}, aligned and encoded: the pipeline of every
   * job over many photos (an LFW evaluation, enrolling a folder, extracting training data). Photos
   * are read one at a time and dropped once their face is aligned; the chosen faces of {@link
   * EncoderOptions#maxBatchSize()} photos are encoded together (with their mirror images under flip
   * augmentation) and handed to {@code sink} in source order, so memory stays bounded however many
   * sources there are. A photo that cannot be read, or has no face the rule picks, is reported to
   * the sink like the others and the run goes on.
   *
   * @param sources what names the photos, in the order results are wanted
   * @param reader reads one source
   * @param selection which face stands for a photo
   * @param sink receives one result per source; what it throws stops the run
   * @throws InferenceException if a run fails
   * @throws E if the sink throws
   * @throws IllegalStateException if closed
   */
  public <T, E extends Exception> void analyzeAll(
      List<T> sources,
      PhotoReader<T> reader,
      FaceSelection selection,
      FaceChoiceSink<T, Face, E> sink)
      throws InferenceException, E {
    requireNonNull(selection, "selection");
    run(
        sources,
        reader,
        (i, photo) -> chosen(selection, photo),
        flipAugmentation,
        this::encode,
        sink);
  }

  /**
   * As {@link #analyzeAll(List, PhotoReader, FaceSelection, FaceChoiceSink)}, but each photo's face
   * is given, found by another detector or analyzer ({@code faces.get(i)} is in the photo of {@code
   * sources.get(i)}): only alignment and encoding are this analyzer's. Each result reports one face
   * found.
   *
   * @throws IllegalArgumentException if {@code faces} and {@code sources} differ in size
   * @throws InferenceException if a run fails
   * @throws E if the sink throws
   */
  public <T, E extends Exception> void analyzeAll(
      List<T> sources,
      PhotoReader<T> reader,
      List<DetectedFace> faces,
      FaceChoiceSink<T, Face, E> sink)
      throws InferenceException, E {
    if (faces == null || sources == null || faces.size() != sources.size()) {
      throw new IllegalArgumentException("one face is needed per source");
    }
    run(
        sources,
        reader,
        (i, photo) -> new Found(Optional.of(faces.get(i)), 1),
        flipAugmentation,
        this::encode,
        sink);
  }

  /**
   * One face of each photo, chosen by {@code selection} and aligned as this analyzer aligns, but
   * not encoded: for callers that run another network on the crops (such as the trunk of an encoder
   * being fine-tuned). Flip augmentation does not apply. Reading, reporting and order are those of
   * {@link #analyzeAll(List, PhotoReader, FaceSelection, FaceChoiceSink)}.
   *
   * @throws InferenceException if the detector or the landmark network fails
   * @throws E if the sink throws
   */
  public <T, E extends Exception> void alignAll(
      List<T> sources,
      PhotoReader<T> reader,
      FaceSelection selection,
      FaceChoiceSink<T, FaceImage, E> sink)
      throws InferenceException, E {
    requireNonNull(selection, "selection");
    run(
        sources,
        reader,
        (i, photo) -> chosen(selection, photo),
        false,
        aligned -> aligned.stream().map(Aligned::crop).toList(),
        sink);
  }

  /** The face a source gives, and how many the photo has. */
  private record Found(Optional<DetectedFace> face, int count) {}

  /** Finds the face of the {@code index}-th source's photo. */
  @FunctionalInterface
  private interface FaceFinder {
    Found find(int index, RgbImage photo) throws InferenceException;
  }

  /** A chosen face aligned, with its mirror image (null without flip) and shape (or null). */
  private record Aligned(DetectedFace face, FaceShape shape, FaceImage crop, FaceImage mirrored) {}

  /** Turns the aligned faces of one batch into what the sink gets, one per face, in order. */
  @FunctionalInterface
  private interface Finisher<F> {
    List<F> finish(List<Aligned> faces) throws InferenceException;
  }

  private Found chosen(FaceSelection selection, RgbImage photo) throws InferenceException {
    List<DetectedFace> found = detector.detect(photo);
    return new Found(selection.choose(found, photo.width(), photo.height()), found.size());
  }

  /** The faces of one batch encoded in one batched run (with their mirror images under flip). */
  private List<Face> encode(List<Aligned> faces) throws InferenceException {
    List<FaceImage> crops = faces.stream().map(Aligned::crop).toList();
    List<FaceEmbedding> embeddings =
        flipAugmentation
            ? embed(crops, faces.stream().map(Aligned::mirrored).toList())
            : encoder.encodeAll(crops);
    List<Face> out = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      Aligned a = faces.get(i);
      out.add(new Face(a.face(), Optional.ofNullable(a.shape()), a.crop(), embeddings.get(i)));
    }
    return out;
  }

  /**
   * The loop behind analyzeAll and alignAll: per batch of {@code batchSize} sources, read each
   * photo, find its face, align it (and its mirror image with {@code mirror}) and drop the photo;
   * then finish the batch's faces at once and hand the results over in source order.
   */
  private <T, F, E extends Exception> void run(
      List<T> sources,
      PhotoReader<T> reader,
      FaceFinder finder,
      boolean mirror,
      Finisher<F> finisher,
      FaceChoiceSink<T, F, E> sink)
      throws InferenceException, E {
    requireNonNull(sources, "sources");
    requireNonNull(reader, "reader");
    requireNonNull(sink, "sink");
    for (int from = 0; from < sources.size(); from += batchSize) {
      int end = Math.min(sources.size(), from + batchSize);
      // Per source of the batch: its aligned face or null, how many faces, or why unreadable.
      Aligned[] faceOf = new Aligned[end - from];
      int[] found = new int[end - from];
      ImageException[] unreadable = new ImageException[end - from];
      List<Aligned> aligned = new ArrayList<>(end - from);
      for (int i = from; i < end; i++) {
        RgbImage photo;
        try {
          photo = reader.read(sources.get(i));
        } catch (ImageException e) {
          unreadable[i - from] = e;
          continue;
        }
        Found f = finder.find(i, photo);
        found[i - from] = f.count();
        if (f.face().isPresent()) {
          faceOf[i - from] = align(photo, f.face().get(), mirror);
          aligned.add(faceOf[i - from]);
        }
      }
      List<F> finished = aligned.isEmpty() ? List.of() : finisher.finish(aligned);
      int next = 0;
      for (int i = from; i < end; i++) {
        Optional<F> face =
            faceOf[i - from] == null ? Optional.empty() : Optional.of(finished.get(next++));
        sink.accept(
            new FaceChoice<>(
                sources.get(i), face, found[i - from], Optional.ofNullable(unreadable[i - from])));
      }
    }
  }

  /** One face of a photo aligned, and with {@code mirror} its mirror image as flip wants it. */
  private Aligned align(RgbImage photo, DetectedFace face, boolean mirror)
      throws InferenceException {
    List<DetectedFace> one = List.of(face);
    List<FaceShape> shapes = shapesOf(photo, one);
    List<FaceImage> crop = alignAs(photo, one, shapes);
    FaceImage mirrored = mirror ? alignMirrored(photo, one, crop).get(0) : null;
    return new Aligned(face, shapes == null ? null : shapes.get(0), crop.get(0), mirrored);
  }

  private static void requireNonNull(Object value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
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
   * 5-point alignment, the aligned crops ({@code crops}) are mirrored.
   */
  private List<FaceImage> alignMirrored(
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
   * Embeddings of crops that are already aligned (such as face crops read whole, without
   * detection), with flip augmentation if enabled (each crop's embedding averaged with that of the
   * crop mirrored): one batched run either way. Photos go through {@link #analyze} or {@link
   * #analyzeAll}, whose flip with face-shape alignment re-aligns the mirrored photo instead.
   *
   * @throws InferenceException if a run fails
   */
  public List<FaceEmbedding> embed(List<FaceImage> crops) throws InferenceException {
    if (!flipAugmentation) {
      return encoder.encodeAll(crops);
    }
    return embed(crops, crops.stream().map(FaceImage::mirrored).toList());
  }

  /** Embeddings of crops, each averaged with that of its mirror image: one batched run. */
  private List<FaceEmbedding> embed(List<FaceImage> crops, List<FaceImage> mirrored)
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
