package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.Box;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAlignment;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceChoice;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceSelection;
import dev.pictor.face.FaceShape;
import dev.pictor.face.Landmarks;
import dev.pictor.face.Point;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Photo in, faces out, on real group photos of the same people. */
class FaceAnalyzerIT {

  private static RgbImage group(String name) throws Exception {
    return Images.read(TestFaces.dataDir().resolve("faces-tv/groups").resolve(name));
  }

  /** The face whose box contains the given point (identities were read off the photos by eye). */
  private static Face at(List<Face> faces, float x, float y) {
    return faces.stream()
        .filter(f -> f.detection().box().contains(new Point(x, y)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no face at " + x + ", " + y));
  }

  @ParameterizedTest
  @EnumSource(
      value = FaceAlignment.class,
      names = {"FIVE_POINTS", "FACE_SHAPE"})
  void thePeopleOfOnePhotoAreRecognisedInAnother(FaceAlignment alignment) throws Exception {
    try (FaceAnalyzer analyzer =
        Pictor.faceAnalyzer(AnalyzerOptions.defaults().withAlignment(alignment))) {
      assertThat(analyzer.alignment()).isEqualTo(alignment);
      List<Face> bbt3 = analyzer.analyze(group("bbt3.jpg"));
      List<Face> bbt4 = analyzer.analyze(group("bbt4.jpg"));
      assertThat(bbt3).hasSize(5);
      assertThat(bbt4).hasSize(6);
      for (Face f : bbt4) {
        assertThat(f.aligned().width()).isEqualTo(150);
        assertThat(f.embedding().size()).isEqualTo(128);
      }
      // name -> {x, y in bbt3, x, y in bbt4}
      Map<String, float[]> people =
          Map.of(
              "sheldon", new float[] {65, 60, 510, 230},
              "penny", new float[] {280, 130, 300, 290},
              "raj", new float[] {392, 140, 280, 100},
              "leonard", new float[] {520, 130, 100, 310});
      double threshold = analyzer.encoder().card().encoder().threshold();
      for (var person : people.entrySet()) {
        float[] p = person.getValue();
        Face inThree = at(bbt3, p[0], p[1]);
        Face inFour = at(bbt4, p[2], p[3]);
        double same = inThree.embedding().distanceTo(inFour.embedding(), DistanceMetric.EUCLIDEAN);
        assertThat(same).as("%s in both photos", person.getKey()).isLessThanOrEqualTo(threshold);
        for (Face other : bbt4) {
          if (other != inFour) {
            assertThat(inThree.embedding().distanceTo(other.embedding(), DistanceMetric.EUCLIDEAN))
                .as("%s vs someone else", person.getKey())
                .isGreaterThan(same);
          }
        }
      }
    }
  }

  @Test
  void byDefaultFacesAreAlignedOnTheirShapeWhichLiesOnTheFace() throws Exception {
    try (FaceAnalyzer analyzer = Pictor.faceAnalyzer(AnalyzerOptions.defaults())) {
      assertThat(analyzer.alignment()).isEqualTo(FaceAlignment.FACE_SHAPE);
      List<Face> faces = analyzer.analyze(group("bbt1.jpg"));
      assertThat(faces).isNotEmpty();
      for (Face f : faces) {
        FaceShape shape = f.shape().orElseThrow();
        Landmarks five = shape.toLandmarks();
        Landmarks detected = f.detection().landmarks();
        double eyes = distance(detected.leftEye(), detected.rightEye());
        // the landmark net and the detector agree on the eyes and the nose within a third of the
        // distance between the eyes
        assertThat(distance(five.leftEye(), detected.leftEye())).isLessThan(eyes / 3);
        assertThat(distance(five.rightEye(), detected.rightEye())).isLessThan(eyes / 3);
        assertThat(distance(five.nose(), detected.nose())).isLessThan(eyes / 3);
      }
    }
    try (FaceAnalyzer fivePoints =
        Pictor.faceAnalyzer(AnalyzerOptions.defaults().withAlignment(FaceAlignment.FIVE_POINTS))) {
      assertThat(fivePoints.analyze(group("bbt1.jpg"))).allMatch(f -> f.shape().isEmpty());
    }
  }

  private static double distance(Point a, Point b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }

  @Test
  void flipAugmentationMovesEmbeddingsSlightly() throws Exception {
    RgbImage photo = group("bbt5.jpg");
    try (FaceAnalyzer plain =
            Pictor.faceAnalyzer(AnalyzerOptions.defaults().withFlipAugmentation(false));
        FaceAnalyzer flipped =
            Pictor.faceAnalyzer(AnalyzerOptions.defaults().withFlipAugmentation(true))) {
      List<Face> a = plain.analyze(photo);
      List<Face> b = flipped.analyze(photo);
      assertThat(b).hasSameSizeAs(a).hasSize(5);
      for (int i = 0; i < a.size(); i++) {
        double d = a.get(i).embedding().distanceTo(b.get(i).embedding(), DistanceMetric.EUCLIDEAN);
        assertThat(d).isGreaterThan(1e-4).isLessThan(0.2);
      }
    }
  }

  @Test
  void flipWithFaceShapesAlignsTheMirroredPhotoAfresh() throws Exception {
    RgbImage photo = group("bbt5.jpg");
    try (FaceAnalyzer flipped =
            Pictor.faceAnalyzer(AnalyzerOptions.defaults().withFlipAugmentation(true));
        FaceAnalyzer plain =
            Pictor.faceAnalyzer(AnalyzerOptions.defaults().withFlipAugmentation(false))) {
      List<Face> faces = plain.analyze(photo);
      List<Face> analysed = flipped.analyze(photo);
      List<Face> mirrored = plain.analyze(photo.mirrored(), mirroredBoxes(photo, faces));
      assertThat(analysed).hasSameSizeAs(faces).hasSameSizeAs(mirrored);
      for (int i = 0; i < faces.size(); i++) {
        // the mirrored face is aligned on its own landmarks, not the crop mirrored
        assertThat(mirrored.get(i).aligned()).isNotEqualTo(faces.get(i).aligned().mirrored());
        FaceEmbedding a = faces.get(i).embedding();
        FaceEmbedding b = mirrored.get(i).embedding();
        assertThat(a.distanceTo(b, DistanceMetric.EUCLIDEAN))
            .isLessThan(plain.encoder().card().encoder().threshold());
        // flip augmentation = the mean of the face's and the mirrored photo's face's embeddings
        float[] sum = a.values();
        float[] other = b.values();
        for (int k = 0; k < sum.length; k++) {
          sum[k] += other[k];
        }
        FaceEmbedding expected = FaceEmbedding.normalised(a.modelId(), sum);
        assertThat(analysed.get(i).embedding().distanceTo(expected, DistanceMetric.EUCLIDEAN))
            .isLessThan(1e-5);
      }
    }
  }

  /** The faces' detections moved to where they are in the mirrored photo. */
  private static List<DetectedFace> mirroredBoxes(RgbImage photo, List<Face> faces) {
    return faces.stream()
        .map(
            f -> {
              DetectedFace d = f.detection();
              Box b = d.box();
              Box box = new Box(photo.width() - b.x() - b.width(), b.y(), b.width(), b.height());
              return new DetectedFace(box, d.score(), d.landmarks());
            })
        .toList();
  }

  @Test
  void analyzeAllGivesWhatAnalyzeGivesForTheChosenFace() throws Exception {
    List<String> names = List.of("bbt1.jpg", "missing.jpg", "bbt5.jpg");
    Path starry = TestFaces.dataDir().resolve("style/style/starry_night.jpg");
    try (FaceAnalyzer analyzer =
        Pictor.faceAnalyzer(AnalyzerOptions.defaults().withFlipAugmentation(true))) {
      List<FaceChoice<Path, Face>> results = new ArrayList<>();
      List<Path> sources = new ArrayList<>();
      for (String name : names) {
        sources.add(TestFaces.dataDir().resolve("faces-tv/groups").resolve(name));
      }
      sources.add(starry);
      analyzer.analyzeAll(sources, Images::read, FaceSelection.MOST_PROMINENT, results::add);
      assertThat(results).extracting(FaceChoice::source).containsExactlyElementsOf(sources);
      assertThat(results.get(1).readable()).isFalse();
      assertThat(results.get(1).unreadable().get()).hasMessageContaining("missing.jpg");
      assertThat(results.get(3).face()).isEmpty();
      assertThat(results.get(3).facesFound()).isZero();
      for (int i : new int[] {0, 2}) {
        List<Face> all = analyzer.analyze(Images.read(sources.get(i)));
        Face expected = FaceSelection.mostProminentFace(all).orElseThrow();
        Face got = results.get(i).face().orElseThrow();
        assertThat(results.get(i).facesFound()).isEqualTo(all.size());
        assertThat(got.detection()).isEqualTo(expected.detection());
        assertThat(got.embedding().distanceTo(expected.embedding(), DistanceMetric.EUCLIDEAN))
            .isLessThan(1e-5);
      }
    }
  }

  @Test
  void aPhotoWithoutFacesGivesNoFaces() throws Exception {
    try (FaceAnalyzer analyzer = Pictor.faceAnalyzer(AnalyzerOptions.defaults())) {
      RgbImage painting = Images.read(TestFaces.dataDir().resolve("style/style/starry_night.jpg"));
      assertThat(analyzer.analyze(painting)).isEmpty();
    }
  }
}
