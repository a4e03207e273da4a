package dev.pictor.cli;

import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceImage;
import dev.pictor.face.FaceSelection;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.FusionPreset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns image files into encoded faces with an open {@link FaceAnalyzer}: every face of each photo
 * ({@link #everyFace}), or one face per photo ({@link #oneFaceEach}, {@link #tryOneFaceEach}),
 * chosen by a {@link Pick} rule. With {@code aligned}, each file is taken as a face crop instead
 * and resized whole to the encoder's input size, without detection.
 *
 * <p>Faces are aligned as the analyzer aligns them ({@link FaceAnalyzer#align}). Files are read one
 * at a time and encoded in batches of the encoder's {@link
 * dev.pictor.face.EncoderOptions#maxBatchSize()}, so memory stays bounded however many files there
 * are. Long lists get a {@link ProgressBar}.
 *
 * <p>With a {@link FusionPreset} and a second analyzer (its second encoder), each face found by the
 * first analyzer's detector is also aligned and encoded by the second analyzer, and the two
 * embeddings are fused ({@link FusionPreset#fuse}): the embeddings returned are the fused ones.
 *
 * <p>Not thread-safe (one run of one command). It does not own the analyzers: the caller closes
 * them.
 */
final class FaceReader {

  /** Which face of a photo stands for the photo. */
  enum Pick {
    /**
     * The largest box, ties broken by the higher detection score ({@link
     * FaceSelection#mostProminent}): for photos taken of one person.
     */
    MOST_PROMINENT,
    /**
     * The box that contains the image centre, nearest to it if several do ({@link
     * FaceSelection#central}): for data sets centred on one face, such as LFW.
     */
    CENTRAL
  }

  private final FaceAnalyzer analyzer;

  /** The fusion's second analyzer, or null. */
  private final FaceAnalyzer second;

  /** The fusion, or null. */
  private final FusionPreset preset;

  private final AnalyzerOptions options;
  private final boolean aligned;
  private final Progress progress;
  private final PrintWriter err;

  /** A face and its embedding; no detection for a face crop read with {@code --aligned}. */
  record EncodedFace(Optional<DetectedFace> detection, FaceEmbedding embedding) {}

  /**
   * The faces of one file, highest detection score first; empty if there are none, or if the file
   * could not be read, in which case {@code problem} says why in one line naming the file (else it
   * is null).
   */
  record ImageFaces(Path file, List<EncodedFace> faces, String problem) {
    /** Whether the file could be read. */
    boolean readable() {
      return problem == null;
    }
  }

  /** The face chosen in one file, and how many faces were found there (1 for a crop). */
  record ChosenFace(Path file, EncodedFace face, int facesFound) {

    /**
     * Where the face is, in whole pixels, and how it was chosen, e.g. {@code (face at 10,20 size
     * 90x120, the largest of 3 faces)}, with a leading space; empty for a crop.
     */
    String location(Pick pick) {
      return face.detection()
          .map(
              d ->
                  String.format(
                      Locale.ROOT,
                      "  (face at %d,%d size %dx%d, %s)",
                      Math.round(d.box().x()),
                      Math.round(d.box().y()),
                      Math.round(d.box().width()),
                      Math.round(d.box().height()),
                      facesFound == 1
                          ? "the only face"
                          : (pick == Pick.CENTRAL ? "the central" : "the largest")
                              + " of "
                              + facesFound
                              + " faces"))
          .orElse("");
    }
  }

  /**
   * What became of one file when one face was asked for: the chosen face, or else the problem (no
   * face, or an unreadable file), in one line that names the file.
   */
  record Attempt(Path file, Optional<ChosenFace> chosen, String problem) {}

  /**
   * A crop to encode, its mirror image for flip augmentation (else null), the same for the second
   * analyzer of a fusion (else null), and its origin.
   */
  private record Crop(
      FaceImage image,
      FaceImage mirrored,
      FaceImage secondImage,
      FaceImage secondMirrored,
      Optional<DetectedFace> detection,
      int facesFound) {}

  /** One file of a batch: its crop, or why there is none. */
  private record Prepared(Path file, Crop crop, String problem) {}

  FaceReader(FaceAnalyzer analyzer, AnalyzerOptions options, boolean aligned, Progress progress) {
    this(analyzer, null, null, options, aligned, progress);
  }

  /**
   * A reader that fuses the embeddings of {@code analyzer} and {@code second} with {@code preset};
   * both null for one encoder.
   */
  FaceReader(
      FaceAnalyzer analyzer,
      FaceAnalyzer second,
      FusionPreset preset,
      AnalyzerOptions options,
      boolean aligned,
      Progress progress) {
    if ((second == null) != (preset == null) || (second != null && aligned)) {
      throw new IllegalArgumentException(
          "a fusion needs a second analyzer and a preset, and detected faces");
    }
    this.analyzer = analyzer;
    this.second = second;
    this.preset = preset;
    this.options = options;
    this.aligned = aligned;
    this.progress = progress;
    this.err = progress.err();
  }

  /**
   * Every face of each file, in file order. A photo without a face gives an empty list; a file that
   * cannot be read gives an entry with its problem, and the others are still read.
   *
   * @throws ImageException if a face crop read with {@code aligned} cannot be resized
   * @throws InferenceException if a run fails
   */
  List<ImageFaces> everyFace(List<Path> files) throws ImageException, InferenceException {
    List<ImageFaces> all = new ArrayList<>(files.size());
    if (aligned) {
      for (Attempt attempt : tryOneFaceEach(files, Pick.MOST_PROMINENT, true)) {
        all.add(
            attempt
                .chosen()
                .map(crop -> new ImageFaces(crop.file(), List.of(crop.face()), null))
                .orElse(new ImageFaces(attempt.file(), List.of(), attempt.problem())));
      }
      return all;
    }
    try (ProgressBar bar = progress.items("analyzing", files.size())) {
      for (Path file : files) {
        RgbImage image;
        try {
          image = Images.read(file);
        } catch (ImageException e) {
          all.add(new ImageFaces(file, List.of(), e.getMessage()));
          bar.advance(1);
          continue;
        }
        List<EncodedFace> faces = new ArrayList<>();
        if (second == null) {
          // One batched encoder run per photo, however many faces it has.
          for (Face face : analyzer.analyze(image)) {
            faces.add(new EncodedFace(Optional.of(face.detection()), face.embedding()));
          }
        } else {
          List<DetectedFace> found = analyzer.detector().detect(image);
          List<FaceEmbedding> fused = fusedEmbeddings(image, found);
          for (int i = 0; i < found.size(); i++) {
            faces.add(new EncodedFace(Optional.of(found.get(i)), fused.get(i)));
          }
        }
        int cap = options.detector().maxFaces();
        if (faces.size() == cap) {
          err.println(
              "pictor: " + file + ": only the " + cap + " best faces are kept (--max-faces N)");
        }
        all.add(new ImageFaces(file, faces, null));
        bar.advance(1);
      }
    }
    return all;
  }

  /**
   * One face per file, in file order: the {@linkplain Pick#MOST_PROMINENT most prominent} face of
   * each photo, or the whole crop. Stops at the first file without a face.
   *
   * @throws ImageException naming the first file that cannot be read, or a photo without a face
   * @throws InferenceException if a run fails
   */
  List<ChosenFace> oneFaceEach(List<Path> files) throws ImageException, InferenceException {
    List<Attempt> attempts = read(files, Pick.MOST_PROMINENT, true, false);
    // With failFast, every attempt has its face.
    return attempts.stream().map(attempt -> attempt.chosen().orElseThrow()).toList();
  }

  /**
   * One face per file, in file order, chosen by {@code pick}; a photo without such a face, and with
   * {@code skipUnreadable} a file that cannot be read, gives an attempt with its problem instead.
   *
   * @throws ImageException naming the first file that cannot be read, unless {@code skipUnreadable}
   * @throws InferenceException if a run fails
   */
  List<Attempt> tryOneFaceEach(List<Path> files, Pick pick, boolean skipUnreadable)
      throws ImageException, InferenceException {
    return read(files, pick, false, skipUnreadable);
  }

  /**
   * The embedding of the face chosen by {@code pick} in each image, for evaluations: images are
   * named by their path relative to {@code root} (with {@code /}); an image without such a face
   * maps to empty. The map lives in memory only and is sized by the number of images.
   *
   * @throws ImageException naming the first image that cannot be read
   * @throws InferenceException if a run fails
   */
  Map<String, Optional<FaceEmbedding>> embeddingsByName(
      Path root, Collection<String> images, Pick pick) throws ImageException, InferenceException {
    List<String> names = List.copyOf(images);
    List<Path> files = names.stream().map(root::resolve).toList();
    List<Attempt> attempts = tryOneFaceEach(files, pick, false);
    Map<String, Optional<FaceEmbedding>> embeddings = new HashMap<>(2 * names.size());
    for (int i = 0; i < names.size(); i++) {
      embeddings.put(
          names.get(i), attempts.get(i).chosen().map(chosen -> chosen.face().embedding()));
    }
    return embeddings;
  }

  private List<Attempt> read(List<Path> files, Pick pick, boolean failFast, boolean skipUnreadable)
      throws ImageException, InferenceException {
    int batchSize = options.encoder().maxBatchSize();
    List<Attempt> attempts = new ArrayList<>(files.size());
    try (ProgressBar bar = progress.items(aligned ? "encoding" : "analyzing", files.size())) {
      for (int from = 0; from < files.size(); from += batchSize) {
        List<Prepared> batch = new ArrayList<>(batchSize);
        List<FaceImage> images = new ArrayList<>(batchSize);
        List<FaceImage> mirrors = new ArrayList<>(batchSize);
        List<FaceImage> secondImages = new ArrayList<>(batchSize);
        List<FaceImage> secondMirrors = new ArrayList<>(batchSize);
        for (Path file : files.subList(from, Math.min(files.size(), from + batchSize))) {
          Prepared prepared = prepare(file, pick, skipUnreadable);
          if (prepared.crop() != null) {
            images.add(prepared.crop().image());
            mirrors.add(prepared.crop().mirrored());
            secondImages.add(prepared.crop().secondImage());
            secondMirrors.add(prepared.crop().secondMirrored());
          } else if (failFast) {
            throw new ImageException(prepared.problem());
          }
          batch.add(prepared);
        }
        List<FaceEmbedding> embeddings = embed(analyzer, images, mirrors);
        if (second != null) {
          embeddings = fuse(embeddings, embed(second, secondImages, secondMirrors));
        }
        int next = 0;
        for (Prepared prepared : batch) {
          Crop crop = prepared.crop();
          if (crop == null) {
            attempts.add(new Attempt(prepared.file(), Optional.empty(), prepared.problem()));
          } else {
            EncodedFace face = new EncodedFace(crop.detection(), embeddings.get(next++));
            ChosenFace chosen = new ChosenFace(prepared.file(), face, crop.facesFound());
            attempts.add(new Attempt(prepared.file(), Optional.of(chosen), null));
          }
        }
        bar.advance(batch.size());
      }
    }
    return attempts;
  }

  private Prepared prepare(Path file, Pick pick, boolean skipUnreadable)
      throws ImageException, InferenceException {
    RgbImage image;
    try {
      image = Images.read(file);
    } catch (ImageException e) {
      if (!skipUnreadable) {
        throw e;
      }
      // Not swallowed: the caller reports the problem and counts the file as skipped.
      return new Prepared(file, null, e.getMessage());
    }
    ModelCard card = analyzer.encoder().card();
    if (aligned) {
      FaceImage crop = Images.toFaceImage(image, card.inputWidth(), card.inputHeight());
      FaceImage mirrored = analyzer.flipAugmentation() ? crop.mirrored() : null;
      return new Prepared(file, new Crop(crop, mirrored, null, null, Optional.empty(), 1), null);
    }
    List<DetectedFace> found = analyzer.detector().detect(image);
    Optional<DetectedFace> face =
        pick == Pick.CENTRAL
            ? FaceSelection.central(found, image.width(), image.height())
            : FaceSelection.mostProminent(found);
    if (face.isEmpty()) {
      return new Prepared(file, null, noFace(file, pick, found.size()));
    }
    Aligned first = Aligned.by(analyzer, image, List.of(face.get()));
    Aligned other = second == null ? null : Aligned.by(second, image, List.of(face.get()));
    return new Prepared(
        file,
        new Crop(
            first.crop(),
            first.mirrored(),
            other == null ? null : other.crop(),
            other == null ? null : other.mirrored(),
            face,
            found.size()),
        null);
  }

  /**
   * The crops of some faces as one analyzer aligns them, and their mirror images if it uses flip
   * augmentation (else null).
   */
  private record Aligned(List<FaceImage> crops, List<FaceImage> mirrors) {
    static Aligned by(FaceAnalyzer analyzer, RgbImage image, List<DetectedFace> faces)
        throws InferenceException {
      List<FaceImage> crops = analyzer.align(image, faces);
      List<FaceImage> mirrors =
          analyzer.flipAugmentation() && !crops.isEmpty()
              ? analyzer.alignMirrored(image, faces, crops)
              : null;
      return new Aligned(crops, mirrors);
    }

    /** The first face's crop. */
    FaceImage crop() {
      return crops.get(0);
    }

    /** The first face's mirror image, or null without flip augmentation. */
    FaceImage mirrored() {
      return mirrors == null ? null : mirrors.get(0);
    }
  }

  /** The embeddings of {@code crops} by {@code by}, with its flip augmentation if on. */
  private static List<FaceEmbedding> embed(
      FaceAnalyzer by, List<FaceImage> crops, List<FaceImage> mirrors) throws InferenceException {
    if (crops.isEmpty()) {
      return List.of();
    }
    return by.flipAugmentation() ? by.embed(crops, mirrors) : by.embed(crops);
  }

  /** The fused embeddings of the faces {@code found} in {@code image}, in their order. */
  private List<FaceEmbedding> fusedEmbeddings(RgbImage image, List<DetectedFace> found)
      throws InferenceException {
    List<List<FaceEmbedding>> each = new ArrayList<>(2);
    for (FaceAnalyzer by : List.of(analyzer, second)) {
      Aligned aligned = Aligned.by(by, image, found);
      each.add(embed(by, aligned.crops(), aligned.mirrors()));
    }
    return fuse(each.get(0), each.get(1));
  }

  private List<FaceEmbedding> fuse(List<FaceEmbedding> first, List<FaceEmbedding> other) {
    List<FaceEmbedding> fused = new ArrayList<>(first.size());
    for (int i = 0; i < first.size(); i++) {
      fused.add(preset.fuse(first.get(i), other.get(i)));
    }
    return fused;
  }

  private String noFace(Path file, Pick pick, int facesFound) {
    if (pick == Pick.CENTRAL && facesFound > 0) {
      return file + ": none of the " + facesFound + " faces found covers the centre of the image";
    }
    DetectorOptions detection = options.detector();
    return file
        + ": no face found with a detection score of at least "
        + detection.scoreThreshold()
        + (detection.minFaceSize() > 0
            ? " and a box of at least " + detection.minFaceSize() + " px"
            : "")
        + "; if the image is a face crop, use --aligned";
  }
}
