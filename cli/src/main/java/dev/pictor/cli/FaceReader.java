package dev.pictor.cli;

import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceChoice;
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
 * chosen by a {@link FaceSelection} rule. With {@code aligned}, each file is taken as a face crop
 * instead and resized whole to the encoder's input size, without detection.
 *
 * <p>One face per photo is the library's pipeline ({@link FaceAnalyzer#analyzeAll}: files read one
 * at a time, faces encoded in batches of the encoder's {@link
 * dev.pictor.face.EncoderOptions#maxBatchSize()}), so memory stays bounded however many files there
 * are; this class only turns its results into the CLI's lines. Long lists get a {@link
 * ProgressBar}.
 *
 * <p>With a {@link FusionPreset} and a second analyzer (its second encoder), each face found by the
 * first analyzer's detector is also aligned and encoded by the second analyzer, and the two
 * embeddings are fused ({@link FusionPreset#fuse}): the embeddings returned are the fused ones.
 *
 * <p>Not thread-safe (one run of one command). It does not own the analyzers: the caller closes
 * them.
 */
final class FaceReader {

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
    String location(FaceSelection pick) {
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
                          : (pick == FaceSelection.CENTRAL ? "the central" : "the largest")
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
      for (Attempt attempt : tryOneFaceEach(files, FaceSelection.MOST_PROMINENT, true)) {
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
          List<Face> found = analyzer.analyze(image);
          List<Face> others = second.analyze(image, found.stream().map(Face::detection).toList());
          for (int i = 0; i < found.size(); i++) {
            FaceEmbedding fused = preset.fuse(found.get(i).embedding(), others.get(i).embedding());
            faces.add(new EncodedFace(Optional.of(found.get(i).detection()), fused));
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
   * One face per file, in file order: the {@linkplain FaceSelection#MOST_PROMINENT most prominent}
   * face of each photo, or the whole crop. Stops at the first file without a face.
   *
   * @throws ImageException naming the first file that cannot be read, or a photo without a face
   * @throws InferenceException if a run fails
   */
  List<ChosenFace> oneFaceEach(List<Path> files) throws ImageException, InferenceException {
    List<Attempt> attempts = read(files, FaceSelection.MOST_PROMINENT, true, false);
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
  List<Attempt> tryOneFaceEach(List<Path> files, FaceSelection pick, boolean skipUnreadable)
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
      Path root, Collection<String> images, FaceSelection pick)
      throws ImageException, InferenceException {
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

  private List<Attempt> read(
      List<Path> files, FaceSelection pick, boolean failFast, boolean skipUnreadable)
      throws ImageException, InferenceException {
    if (aligned) {
      return readCrops(files, failFast, skipUnreadable);
    }
    List<Attempt> attempts = new ArrayList<>(files.size());
    try (ProgressBar bar = progress.items("analyzing", files.size())) {
      analyzer.analyzeAll(
          files,
          Images::read,
          pick,
          choice -> {
            attempts.add(attempt(choice, pick, failFast, skipUnreadable));
            bar.advance(1);
          });
    }
    return second == null ? attempts : fused(attempts);
  }

  /** What became of one file, or the exception that stops the command. */
  private Attempt attempt(
      FaceChoice<Path, Face> choice, FaceSelection pick, boolean failFast, boolean skipUnreadable)
      throws ImageException {
    Path file = choice.source();
    if (choice.unreadable().isPresent()) {
      if (!skipUnreadable) {
        throw choice.unreadable().get();
      }
      // Not swallowed: the caller reports the problem and counts the file as skipped.
      return new Attempt(file, Optional.empty(), choice.unreadable().get().getMessage());
    }
    if (choice.face().isEmpty()) {
      String problem = noFace(file, pick, choice.facesFound());
      if (failFast) {
        throw new ImageException(problem);
      }
      return new Attempt(file, Optional.empty(), problem);
    }
    Face face = choice.face().get();
    EncodedFace encoded = new EncodedFace(Optional.of(face.detection()), face.embedding());
    return new Attempt(file, Optional.of(new ChosenFace(file, encoded, choice.facesFound())), null);
  }

  /**
   * The attempts with each chosen face's embedding fused with the second analyzer's embedding of
   * the same detection (aligned its own way): the files with a face are read a second time.
   */
  private List<Attempt> fused(List<Attempt> attempts) throws ImageException, InferenceException {
    List<ChosenFace> chosen = attempts.stream().flatMap(a -> a.chosen().stream()).toList();
    List<FaceEmbedding> others = new ArrayList<>(chosen.size());
    try (ProgressBar bar = progress.items("second encoder", chosen.size())) {
      second.analyzeAll(
          chosen.stream().map(ChosenFace::file).toList(),
          Images::read,
          chosen.stream().map(c -> c.face().detection().orElseThrow()).toList(),
          choice -> {
            if (choice.unreadable().isPresent()) {
              throw choice.unreadable().get(); // read a moment ago: gone or changed since
            }
            others.add(choice.face().orElseThrow().embedding());
            bar.advance(1);
          });
    }
    List<Attempt> out = new ArrayList<>(attempts.size());
    int next = 0;
    for (Attempt attempt : attempts) {
      if (attempt.chosen().isEmpty()) {
        out.add(attempt);
        continue;
      }
      ChosenFace c = attempt.chosen().get();
      EncodedFace face =
          new EncodedFace(
              c.face().detection(), preset.fuse(c.face().embedding(), others.get(next++)));
      out.add(
          new Attempt(
              attempt.file(), Optional.of(new ChosenFace(c.file(), face, c.facesFound())), null));
    }
    return out;
  }

  /** Files read whole as face crops, encoded in batches of the encoder's batch size. */
  private List<Attempt> readCrops(List<Path> files, boolean failFast, boolean skipUnreadable)
      throws ImageException, InferenceException {
    ModelCard card = analyzer.encoder().card();
    int batchSize = options.encoder().maxBatchSize();
    List<Attempt> attempts = new ArrayList<>(files.size());
    try (ProgressBar bar = progress.items("encoding", files.size())) {
      for (int from = 0; from < files.size(); from += batchSize) {
        List<Path> batch = files.subList(from, Math.min(files.size(), from + batchSize));
        List<FaceImage> crops = new ArrayList<>(batch.size());
        List<String> problems = new ArrayList<>(batch.size());
        for (Path file : batch) {
          RgbImage image;
          try {
            image = Images.read(file);
          } catch (ImageException e) {
            if (!skipUnreadable) {
              throw e;
            }
            problems.add(e.getMessage());
            continue;
          }
          crops.add(Images.toFaceImage(image, card.input().width(), card.input().height()));
          problems.add(null);
        }
        List<FaceEmbedding> embeddings = crops.isEmpty() ? List.of() : analyzer.embed(crops);
        int next = 0;
        for (int i = 0; i < batch.size(); i++) {
          if (problems.get(i) != null) {
            attempts.add(new Attempt(batch.get(i), Optional.empty(), problems.get(i)));
          } else {
            EncodedFace face = new EncodedFace(Optional.empty(), embeddings.get(next++));
            attempts.add(
                new Attempt(
                    batch.get(i), Optional.of(new ChosenFace(batch.get(i), face, 1)), null));
          }
        }
        bar.advance(batch.size());
      }
    }
    return attempts;
  }

  private String noFace(Path file, FaceSelection pick, int facesFound) {
    if (pick == FaceSelection.CENTRAL && facesFound > 0) {
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
