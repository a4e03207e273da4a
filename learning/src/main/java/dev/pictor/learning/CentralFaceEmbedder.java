package dev.pictor.learning;

import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceImage;
import dev.pictor.image.opencv.Images;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Embeddings of the central face of labelled photos (LFW-style data sets), with any analyzer: the
 * pipeline of {@code pictor evaluate lfw} (detection, the central face, the analyzer's alignment,
 * batched encoding), used to train and evaluate {@link PairClassifier}s.
 *
 * <p>Stateless; thread-safe if the analyzer is. Closes nothing: the caller owns the analyzer.
 */
public final class CentralFaceEmbedder {
  private static final int BATCH = 16;

  private final FaceAnalyzer analyzer;

  public CentralFaceEmbedder(FaceAnalyzer analyzer) {
    this.analyzer = analyzer;
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
      Optional<FaceImage> crop =
          FeatureExtractor.centralFace(analyzer, Images.read(root.resolve(name)));
      if (crop.isPresent()) {
        names.add(name);
        crops.add(crop.get());
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
    List<FaceEmbedding> e = analyzer.embed(crops);
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), e.get(i));
    }
    names.clear();
    crops.clear();
  }
}
