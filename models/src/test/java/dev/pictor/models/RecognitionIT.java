package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceSelection;
import dev.pictor.face.Identification;
import dev.pictor.face.Verification;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.recognition.ExactRecognizer;
import dev.pictor.recognition.GalleryVerifier;
import dev.pictor.recognition.SqliteGallery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-shot enrollment and open-set recognition on real faces: one photo per faces-tv person in a
 * SQLite gallery, their other photos identified, strangers from LFW rejected.
 */
class RecognitionIT {
  private static final Logger LOG = LoggerFactory.getLogger(RecognitionIT.class);

  @TempDir Path dir;

  private static FaceEmbedding embed(FaceAnalyzer analyzer, Path file) throws Exception {
    RgbImage image = Images.read(file);
    List<Face> faces = analyzer.analyze(image);
    var chosen = FaceSelection.mostProminent(faces.stream().map(Face::detection).toList());
    assertThat(chosen).as("a face in %s", file).isPresent();
    return faces.stream()
        .filter(f -> f.detection() == chosen.get())
        .findFirst()
        .orElseThrow()
        .embedding();
  }

  private static Path crop(String person, int n) {
    return TestFaces.dataDir().resolve("faces-tv/people/" + person + "/" + person + n + ".png");
  }

  @Test
  void oneShotEnrollmentRecognisesEveryoneAndRejectsStrangers() throws Exception {
    try (FaceAnalyzer analyzer = Pictor.faceAnalyzer(AnalyzerOptions.defaults());
        SqliteGallery gallery =
            SqliteGallery.open(dir.resolve("people.db"), analyzer.encoder().card().id(), 128)) {
      for (String person : TestFaces.PEOPLE) {
        gallery.enroll(person, List.of(embed(analyzer, crop(person, 1))));
      }
      ExactRecognizer recognizer = ExactRecognizer.forModel(gallery, analyzer.encoder().card());
      GalleryVerifier verifier = GalleryVerifier.forModel(gallery, analyzer.encoder().card());

      int probes = 0;
      int recognised = 0;
      for (String person : TestFaces.PEOPLE) {
        for (int n = 2; n <= 5; n++) {
          Identification id = recognizer.identify(embed(analyzer, crop(person, n)), 3);
          assertThat(id.candidates().get(0).name())
              .as("rank 1 for %s%d", person, n)
              .isEqualTo(person);
          probes++;
          recognised += id.recognised() ? 1 : 0;
        }
        Verification own = verifier.verify(embed(analyzer, crop(person, 2)), person);
        assertThat(own.match()).as("%s2 verified as %s", person, person).isTrue();
      }
      LOG.info("faces-tv: {} of {} probes recognised within the threshold", recognised, probes);
      assertThat(recognised).isGreaterThanOrEqualTo(probes * 9 / 10);

      // strangers: the first people of LFW View 1 DevTest, none of whom is enrolled
      List<String> lines =
          Files.readAllLines(TestFaces.dataDir().resolve("lfw-view1/pairsDevTest.txt"));
      for (String line : lines.subList(1, 11)) {
        String[] f = line.trim().split("\\s+");
        Path photo =
            TestFaces.dataDir()
                .resolve(
                    String.format(
                        "lfw-view1/images/%s/%s_%04d.jpg", f[0], f[0], Integer.parseInt(f[1])));
        Identification id = recognizer.identify(embed(analyzer, photo), 1);
        assertThat(id.recognised()).as("stranger %s", photo.getFileName()).isFalse();
      }
    }
  }
}
