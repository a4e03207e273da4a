package dev.pictor.examples;

import dev.pictor.ImageException;
import dev.pictor.Pictor;
import dev.pictor.PictorException;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceSelection;
import dev.pictor.face.Identification;
import dev.pictor.image.opencv.Images;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.ExactRecognizer;
import dev.pictor.recognition.SqliteGallery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code EnrollAndRecognise gallery.db people/ photo.jpg}: enrolls the largest face of each photo
 * {@code people/<name>/*.jpg} in the gallery, then names every face in the photo, or UNKNOWN. Exit
 * status: 0 all recognised, 1 someone unknown, 2 bad input, 3 model or run failure.
 */
public final class EnrollAndRecognise {
  private EnrollAndRecognise() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: EnrollAndRecognise GALLERY.db PEOPLE_DIR PHOTO");
      return 2;
    }
    // The analyzer and the gallery hold native resources: try-with-resources closes them.
    try (FaceAnalyzer analyzer = Pictor.faceAnalyzer(AnalyzerOptions.defaults());
        SqliteGallery gallery = openGallery(Path.of(args[0]), analyzer.encoder().card())) {
      for (Path person : list(Path.of(args[1])).stream().filter(Files::isDirectory).toList()) {
        for (Path photo : list(person)) { // the largest face of each photo, as pictor enroll does
          Optional<Face> face =
              FaceSelection.mostProminentFace(analyzer.analyze(Images.read(photo)));
          if (face.isEmpty()) {
            System.err.println("no face, skipped: " + photo);
          } else {
            gallery.enroll(person.getFileName().toString(), List.of(face.get().embedding()));
          }
        }
      }
      ExactRecognizer recognizer = ExactRecognizer.forModel(gallery, analyzer.encoder().card());
      List<Face> faces = analyzer.analyze(Images.read(Path.of(args[2])));
      if (faces.isEmpty()) {
        throw new ImageException("no face found in " + args[2]);
      }
      int unknown = 0;
      for (Face face : faces) {
        Identification who = recognizer.identify(face.embedding(), 1);
        unknown += who.recognised() ? 0 : 1;
        System.out.println(who.name().orElse("UNKNOWN") + " " + who.candidates());
      }
      return unknown > 0 ? 1 : 0;
    } catch (ImageException | IOException | IllegalArgumentException e) {
      // An unreadable photo or folder, a photo without a face, a name that is not a valid name.
      System.err.println(e.getMessage());
      return 2;
    } catch (PictorException e) { // a missing model, an unusable gallery, a failed run
      System.err.println(e.getMessage());
      return 3;
    }
  }

  private static SqliteGallery openGallery(Path file, ModelCard card) throws PictorException {
    return SqliteGallery.open(file, card.id(), card.encoder().embeddingSize());
  }

  private static List<Path> list(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(e -> !e.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
