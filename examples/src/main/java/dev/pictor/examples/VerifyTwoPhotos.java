package dev.pictor.examples;

import dev.pictor.ImageException;
import dev.pictor.Pictor;
import dev.pictor.PictorException;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceSelection;
import dev.pictor.image.opencv.Images;
import dev.pictor.model.ModelCard;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Do two photos show the same person? {@code VerifyTwoPhotos A.jpg B.jpg} compares the most
 * prominent face of each and exits with 0 (same person), 1 (different people), 2 (bad arguments,
 * unreadable photo, no face) or 3 (model missing or run failed).
 */
public final class VerifyTwoPhotos {
  private VerifyTwoPhotos() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: VerifyTwoPhotos A.jpg B.jpg");
      return 2;
    }
    // The analyzer (face detector and encoder) holds native memory: close it.
    try (FaceAnalyzer analyzer = Pictor.faceAnalyzer(AnalyzerOptions.defaults())) {
      Face a = mostProminentFace(analyzer, Path.of(args[0]));
      Face b = mostProminentFace(analyzer, Path.of(args[1]));
      ModelCard card = analyzer.encoder().card();
      double distance = a.embedding().distanceTo(b.embedding(), card.encoder().metric());
      boolean same = distance <= card.encoder().threshold();
      System.out.printf(
          Locale.ROOT,
          "distance %.4f, threshold %.2f: %s%n",
          distance,
          card.encoder().threshold(),
          same ? "same person" : "different people");
      return same ? 0 : 1;
    } catch (ImageException e) { // an unreadable photo, or one without a face
      System.err.println(e.getMessage());
      return 2;
    } catch (PictorException e) { // a model that is missing or corrupt, a failed run
      System.err.println(e.getMessage());
      return 3;
    }
  }

  /** The face with the largest box (ties: the higher detection score). */
  private static Face mostProminentFace(FaceAnalyzer analyzer, Path photo) throws PictorException {
    return FaceSelection.mostProminentFace(analyzer.analyze(Images.read(photo)))
        .orElseThrow(() -> new ImageException(photo + ": no face found"));
  }
}
