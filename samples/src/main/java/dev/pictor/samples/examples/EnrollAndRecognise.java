package dev.pictor.samples.examples;

import dev.pictor.ImageException;
import dev.pictor.Pictor;
import dev.pictor.PictorException;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceSelection;
import dev.pictor.face.Identification;
import dev.pictor.image.opencv.Images;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.ExactRecognizer;
import dev.pictor.recognition.SqliteGallery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code EnrollAndRecognise gallery.db people/ photo.jpg}: enrolls the largest face of each photo
 * {@code people/<name>/*.jpg} in the gallery, then names every face in the photo, or UNKNOWN. Exit
 * status: 0 all recognised, 1 someone unknown, 2 bad input or no face, 3 model or run failure.
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
    try (FaceAnalyzer analyzer = Pictor.faceAnalyzer(AnalyzerOptions.defaults())) {
      ModelCard card = analyzer.encoder().card();
      try (SqliteGallery gallery =
          SqliteGallery.open(Path.of(args[0]), card.id(), card.embeddingSize())) {
        for (Path person : list(Path.of(args[1])).stream().filter(Files::isDirectory).toList()) {
          List<FaceEmbedding> embeddings = new ArrayList<>();
          for (Path photo : list(person)) {
            List<Face> found = analyzer.analyze(Images.read(photo));
            List<DetectedFace> boxes = found.stream().map(Face::detection).toList();
            FaceSelection.mostProminent(boxes) // the largest face, as pictor enroll uses
                .ifPresentOrElse(
                    box -> embeddings.add(found.get(boxes.indexOf(box)).embedding()),
                    () -> System.err.println("no face, skipped: " + photo));
          }
          if (!embeddings.isEmpty()) {
            gallery.enroll(person.getFileName().toString(), embeddings);
          }
        }
        ExactRecognizer recognizer = ExactRecognizer.forModel(gallery, card);
        List<Face> faces = analyzer.analyze(Images.read(Path.of(args[2])));
        if (faces.isEmpty()) {
          System.err.println("no face found in " + args[2]);
          return 2;
        }
        int unknown = 0;
        for (Face face : faces) {
          Identification who = recognizer.identify(face.embedding(), 1);
          unknown += who.recognised() ? 0 : 1;
          System.out.println(who.name().orElse("UNKNOWN") + " " + who.candidates());
        }
        return unknown > 0 ? 1 : 0;
      }
    } catch (ImageException | IOException | IllegalArgumentException e) {
      // An unreadable photo or folder, or a folder name that is not a valid person name.
      System.err.println(e.getMessage());
      return 2;
    } catch (PictorException e) { // a missing model, an unusable gallery, a failed run
      System.err.println(e.getMessage());
      return 3;
    }
  }

  private static List<Path> list(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(e -> !e.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
