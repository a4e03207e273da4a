package example;

import dev.pictor.Pictor;
import dev.pictor.PictorException;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.Identification;
import dev.pictor.face.Recognizer;
import dev.pictor.image.opencv.ImageWriter;
import dev.pictor.image.opencv.Images;
import dev.pictor.recognition.ExactRecognizer;
import dev.pictor.recognition.SqliteGallery;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleResult;
import dev.pictor.style.fast.FastStyleOptions;
import dev.pictor.style.fast.FastStyleTransfer;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's Quick start, verbatim between the README markers (a test of the main build checks
 * that they match). Reads sheldon.png, group.jpg and photo.jpg in the working directory.
 */
final class QuickStart {
  private QuickStart() {}

  static void faces() throws PictorException {
    // README faces begin
    try (FaceAnalyzer analyzer = Pictor.faceAnalyzer(AnalyzerOptions.defaults()); // CPU
        SqliteGallery gallery = SqliteGallery.open(Path.of("people.db"), "face-resnet128", 128)) {
      // one-shot enrollment: one photo per person
      List<Face> faces = analyzer.analyze(Images.read(Path.of("sheldon.png"))); // best score first
      gallery.enroll("Sheldon", List.of(faces.get(0).embedding()));

      // 1:K: who is in this photo?
      Recognizer recognizer = ExactRecognizer.forModel(gallery, analyzer.encoder().card());
      for (Face face : analyzer.analyze(Images.read(Path.of("group.jpg")))) {
        Identification id = recognizer.identify(face.embedding(), 3);
        System.out.println(id.name().orElse("UNKNOWN") + " " + id.candidates());
      }
    }
    // README faces end
  }

  static void style() throws PictorException {
    // README style begin
    try (FastStyleTransfer udnie =
        FastStyleTransfer.open(FastStyleOptions.builder("udnie").maxSide(512).build())) {
      StyleResult result = udnie.stylize(Images.read(Path.of("photo.jpg")), StyleMonitor.NONE);
      ImageWriter.write(result.image(), Path.of("photo-udnie.png"));
    }
    // README style end
  }
}
