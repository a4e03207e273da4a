package dev.pictor.learning;

import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.Pictor;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.FaceAligner;
import dev.pictor.face.FaceDetector;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.face.FaceSelection;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Embeddings of the central face of labelled photos (LFW-style data sets), with any encoder: the
 * pipeline of {@code pictor evaluate lfw} (detection, the central face, 5-landmark alignment to the
 * encoder card's template, batched encoding), used to train and evaluate {@link PairClassifier}s.
 *
 * <p>Stateless; thread-safe if the detector and encoder are. Closes nothing: the caller owns the
 * detector and the encoder.
 */
public final class CentralFaceEmbedder {
  private static final int BATCH = 16;

  private final FaceDetector detector;
  private final FaceEncoder encoder;
  private final FaceAligner aligner;

  public CentralFaceEmbedder(FaceDetector detector, FaceEncoder encoder) {
    this.detector = detector;
    this.encoder = encoder;
    this.aligner = Pictor.aligner();
  }

  /**
   * The embedding of the central face of each image; images without one are left out.
   *
   * @param root the image root
   * @param images names relative to the root
   * @param progress told the number of images done after each one
   * @throws ImageException naming the first image that cannot be read
   * @throws InferenceException if a run fails
   */
  public Map<String, FaceEmbedding> embed(Path root, List<String> images, IntConsumer progress)
      throws ImageException, InferenceException {
    Map<String, FaceEmbedding> out = new HashMap<>();
    List<String> names = new ArrayList<>();
    List<FaceImage> crops = new ArrayList<>();
    int done = 0;
    for (String name : images) {
      RgbImage photo = Images.read(root.resolve(name));
      List<DetectedFace> found = detector.detect(photo);
      Optional<DetectedFace> central = FaceSelection.central(found, photo.width(), photo.height());
      if (central.isPresent()) {
        names.add(name);
        crops.add(aligner.align(photo, List.of(central.get().landmarks()), encoder.card()).get(0));
      }
      if (crops.size() == BATCH) {
        flush(names, crops, out);
      }
      progress.accept(++done);
    }
    flush(names, crops, out);
    return out;
  }

  private void flush(List<String> names, List<FaceImage> crops, Map<String, FaceEmbedding> out)
      throws InferenceException {
    if (crops.isEmpty()) {
      return;
    }
    List<FaceEmbedding> e = encoder.encodeAll(crops);
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), e.get(i));
    }
    names.clear();
    crops.clear();
  }
}
