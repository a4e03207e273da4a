package dev.pictor.samples;

import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAligner;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceImage;
import dev.pictor.face.FaceSelection;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.model.ModelCard;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns image files into encoded faces with an open {@link FaceAnalyzer}: every face of each photo
 * ({@link #everyFace}), or one face per photo, the most prominent ({@link #oneFaceEach}). With
 * {@code aligned}, each file is taken as a face crop instead and resized whole to the encoder's
 * input size, without detection.
 *
 * <p>Files are read one at a time and encoded in batches of the encoder's {@link
 * dev.pictor.face.EncoderOptions#maxBatchSize()}, so memory stays bounded however many files there
 * are. A progress bar goes to {@code err} for long lists.
 *
 * <p>Not thread-safe (one run of one command). It does not own the analyzer: the caller closes it.
 */
final class FaceReader {
  private final FaceAnalyzer analyzer;
  private final AnalyzerOptions options;
  private final boolean aligned;
  private final PrintWriter err;
  private final FaceAligner aligner;

  /** A face and its embedding; no detection for a face crop read with {@code --aligned}. */
  record EncodedFace(Optional<DetectedFace> detection, FaceEmbedding embedding) {}

  /** The faces of one file, highest detection score first; empty if there are none. */
  record ImageFaces(Path file, List<EncodedFace> faces) {}

  /** The face chosen in one file, and how many faces were found there (1 for a crop). */
  record ChosenFace(Path file, EncodedFace face, int facesFound) {}

  /** A crop to encode, with what is known about where it came from. */
  private record Crop(FaceImage image, Optional<DetectedFace> detection, int facesFound) {}

  FaceReader(FaceAnalyzer analyzer, AnalyzerOptions options, boolean aligned, PrintWriter err) {
    this.analyzer = analyzer;
    this.options = options;
    this.aligned = aligned;
    this.err = err;
    this.aligner = aligned ? null : Pictor.aligner();
  }

  /**
   * Every face of each file, in file order. A photo without a face gives an empty list.
   *
   * @throws ImageException naming the first file that cannot be read
   * @throws InferenceException if a run fails
   */
  List<ImageFaces> everyFace(List<Path> files) throws ImageException, InferenceException {
    List<ImageFaces> all = new ArrayList<>(files.size());
    if (aligned) {
      for (ChosenFace crop : oneFaceEach(files)) {
        all.add(new ImageFaces(crop.file(), List.of(crop.face())));
      }
      return all;
    }
    try (ProgressBar progress = ProgressBar.start(err, "analyzing", files.size())) {
      for (Path file : files) {
        List<EncodedFace> faces = new ArrayList<>();
        // One batched encoder run per photo, however many faces it has.
        for (Face face : analyzer.analyze(Images.read(file))) {
          faces.add(new EncodedFace(Optional.of(face.detection()), face.embedding()));
        }
        all.add(new ImageFaces(file, faces));
        progress.advance(1);
      }
    }
    return all;
  }

  /**
   * One face per file, in file order: the most prominent face of each photo ({@link
   * FaceSelection#mostProminent}: the largest box, ties broken by score), or the whole crop.
   *
   * @throws ImageException naming the first file that cannot be read, or a photo without a face
   * @throws InferenceException if a run fails
   */
  List<ChosenFace> oneFaceEach(List<Path> files) throws ImageException, InferenceException {
    int batchSize = options.encoder().maxBatchSize();
    List<ChosenFace> chosen = new ArrayList<>(files.size());
    try (ProgressBar progress =
        ProgressBar.start(err, aligned ? "encoding" : "analyzing", files.size())) {
      for (int from = 0; from < files.size(); from += batchSize) {
        List<Path> batch = files.subList(from, Math.min(files.size(), from + batchSize));
        List<Crop> crops = new ArrayList<>(batch.size());
        for (Path file : batch) {
          crops.add(aligned ? wholeImage(file) : mostProminentFace(file));
        }
        List<FaceEmbedding> embeddings = analyzer.embed(crops.stream().map(Crop::image).toList());
        for (int i = 0; i < batch.size(); i++) {
          Crop crop = crops.get(i);
          chosen.add(
              new ChosenFace(
                  batch.get(i),
                  new EncodedFace(crop.detection(), embeddings.get(i)),
                  crop.facesFound()));
        }
        progress.advance(batch.size());
      }
    }
    return chosen;
  }

  private Crop wholeImage(Path file) throws ImageException {
    ModelCard card = analyzer.encoder().card();
    FaceImage crop = Images.toFaceImage(Images.read(file), card.inputWidth(), card.inputHeight());
    return new Crop(crop, Optional.empty(), 1);
  }

  private Crop mostProminentFace(Path file) throws ImageException, InferenceException {
    RgbImage photo = Images.read(file);
    List<DetectedFace> found = analyzer.detector().detect(photo);
    Optional<DetectedFace> face = FaceSelection.mostProminent(found);
    if (face.isEmpty()) {
      DetectorOptions detection = options.detector();
      throw new ImageException(
          file
              + ": no face found with a detection score of at least "
              + detection.scoreThreshold()
              + (detection.minFaceSize() > 0
                  ? " and a box of at least " + detection.minFaceSize() + " px"
                  : "")
              + "; if the image is a face crop, use --aligned");
    }
    FaceImage crop =
        aligner.align(photo, List.of(face.get().landmarks()), analyzer.encoder().card()).get(0);
    return new Crop(crop, face, found.size());
  }
}
