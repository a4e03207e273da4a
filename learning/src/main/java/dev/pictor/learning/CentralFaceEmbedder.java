package dev.pictor.learning;

import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceSelection;
import dev.pictor.image.opencv.Images;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Embeddings of the central face of labelled photos (LFW-style data sets), with any analyzer: the
 * pipeline of {@code pictor evaluate lfw} ({@link FaceAnalyzer#analyzeAll} with {@link
 * FaceSelection#CENTRAL}: detection, the central face, the analyzer's alignment and flip, batched
 * encoding), used to train and evaluate {@link PairClassifier}s.
 *
 * <p>Stateless; thread-safe if the analyzer is. Closes nothing: the caller owns the analyzer.
 */
public final class CentralFaceEmbedder {
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
    int[] done = {0};
    analyzer.analyzeAll(
        images,
        name -> Images.read(root.resolve(name)),
        FaceSelection.CENTRAL,
        choice -> {
          if (choice.unreadable().isPresent()) {
            throw choice.unreadable().get();
          }
          choice.face().ifPresent(face -> out.put(choice.source(), face.embedding()));
          progress.accept(++done[0]);
        });
    return out;
  }
}
