package dev.pictor.learning;

import dev.pictor.ExecutionDevice;
import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.ModelException;
import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.FaceAlignment;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceImage;
import dev.pictor.face.FaceSelection;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.learning.internal.TrunkSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns labelled face photos into the pooled features of an encoder's trunk, the input of the
 * trainable head: each photo goes through the same pipeline as {@code pictor evaluate lfw} (face
 * detection, the <em>central</em> face, the analyzer's alignment to the encoder card's template),
 * then through the trunk (the encoder without its final fully-connected layer). Detection and
 * alignment are those of a {@link FaceAnalyzer} opened with the given options (so the default
 * alignment, face shape or 5 landmarks, is the analyzer's default for the parent's card), and the
 * central face is picked as {@code pictor evaluate lfw} does.
 *
 * <p>Not thread-safe: one caller at a time. Owns the analyzer and the trunk session; {@link
 * #close()} is idempotent.
 */
public final class FeatureExtractor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureExtractor.class);
  private static final int BATCH = 16;

  private final ParentEncoder parent;
  private final FaceAnalyzer analyzer;
  private final TrunkSession trunk;

  /**
   * Opens the analyzer (detector, landmarker, aligner) and the parent's trunk.
   *
   * @param parent the encoder whose trunk makes the features
   * @param options how to find and align faces; its encoder must be the parent
   * @param device where the trunk runs
   * @throws IllegalArgumentException if the options name another encoder than the parent
   * @throws ModelException if a model cannot be loaded
   */
  public FeatureExtractor(ParentEncoder parent, AnalyzerOptions options, ExecutionDevice device)
      throws ModelException {
    if (!options.encoder().modelId().equals(parent.card().id())) {
      throw new IllegalArgumentException(
          "analyzer options name encoder '"
              + options.encoder().modelId()
              + "', the parent is '"
              + parent.card().id()
              + "'");
    }
    this.parent = parent;
    this.analyzer = Pictor.faceAnalyzer(options);
    try {
      this.trunk =
          new TrunkSession(parent.card(), parent.card().id() + "-trunk", parent.trunk(), device);
    } catch (ModelException | RuntimeException e) {
      analyzer.close();
      throw e;
    }
  }

  /**
   * What became of the images.
   *
   * @param features the features of the images in which a central face was found
   * @param withoutFace the images in which none was, in input order
   */
  public record Result(FeatureSet features, List<String> withoutFace) {
    public Result {
      withoutFace = List.copyOf(withoutFace);
    }
  }

  /**
   * Features of the central face of each image.
   *
   * @param root the image root
   * @param images names relative to the root, {@code <Person>/<file>}, unique
   * @param progress told the number of images done after each one
   * @throws ImageException naming the first image that cannot be read
   * @throws InferenceException if a run fails
   */
  public Result extract(Path root, List<String> images, IntConsumer progress)
      throws ImageException, InferenceException {
    List<String> names = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    // Aligned a batch at a time so that the trunk runs on batches and no more crops are held.
    for (int from = 0; from < images.size(); from += BATCH) {
      List<String> batchNames = new ArrayList<>(BATCH);
      List<FaceImage> batch = new ArrayList<>(BATCH);
      analyzer.alignAll(
          images.subList(from, Math.min(images.size(), from + BATCH)),
          name -> Images.read(root.resolve(name)),
          FaceSelection.CENTRAL,
          choice -> {
            if (choice.unreadable().isPresent()) {
              throw choice.unreadable().get();
            }
            if (choice.face().isPresent()) {
              batchNames.add(choice.source());
              batch.add(choice.face().get());
            } else {
              missing.add(choice.source());
            }
          });
      if (!batch.isEmpty()) {
        names.addAll(batchNames);
        rows.addAll(List.of(trunk.run(batch)));
      }
      progress.accept(Math.min(images.size(), from + BATCH));
    }
    if (!missing.isEmpty()) {
      LOG.warn("{} of {} images have no central face", missing.size(), images.size());
    }
    FeatureSet set =
        new FeatureSet(
            parent.card().id(), parent.card().fileSha256(), names, rows.toArray(float[][]::new));
    return new Result(set, missing);
  }

  /** Trunk features of aligned crops, one row per crop. */
  public float[][] features(List<FaceImage> crops) throws InferenceException {
    List<float[]> out = new ArrayList<>();
    for (int from = 0; from < crops.size(); from += BATCH) {
      out.addAll(List.of(trunk.run(crops.subList(from, Math.min(crops.size(), from + BATCH)))));
    }
    return out.toArray(float[][]::new);
  }

  /** How faces are aligned (the analyzer's choice, {@code AUTO} resolved). */
  public FaceAlignment alignment() {
    return analyzer.alignment();
  }

  /** The central face of a photo, aligned as the analyzer aligns; empty if there is none. */
  public Optional<FaceImage> centralFace(RgbImage photo) throws InferenceException {
    List<Optional<FaceImage>> crop = new ArrayList<>(1);
    analyzer.alignAll(
        List.of(photo), p -> p, FaceSelection.CENTRAL, choice -> crop.add(choice.face()));
    return crop.get(0);
  }

  @Override
  public void close() {
    try {
      trunk.close();
    } finally {
      analyzer.close();
    }
  }
}
