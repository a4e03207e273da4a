package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAlignment;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceImage;
import dev.pictor.face.FaceShape;
import dev.pictor.face.Landmarks;
import dev.pictor.face.Point;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
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
      double threshold = analyzer.encoder().card().defaultThreshold();
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
    try (FaceAnalyzer analyzer =
        Pictor.faceAnalyzer(AnalyzerOptions.defaults().withFlipAugmentation(true))) {
      List<DetectedFace> found = analyzer.detector().detect(photo);
      List<FaceImage> crops = analyzer.align(photo, found);
      List<FaceImage> mirrored = analyzer.alignMirrored(photo, found, crops);
      assertThat(mirrored).hasSameSizeAs(crops);
      List<FaceEmbedding> plain = analyzer.encoder().encodeAll(crops);
      List<FaceEmbedding> ofMirrored = analyzer.encoder().encodeAll(mirrored);
      for (int i = 0; i < crops.size(); i++) {
        // not the crop mirrored (its own landmarks), but the same face
        assertThat(mirrored.get(i)).isNotEqualTo(crops.get(i).mirrored());
        assertThat(plain.get(i).distanceTo(ofMirrored.get(i), DistanceMetric.EUCLIDEAN))
            .isLessThan(analyzer.encoder().card().defaultThreshold());
      }
      List<Face> analysed = analyzer.analyze(photo);
      List<FaceEmbedding> expected = analyzer.embed(crops, mirrored);
      for (int i = 0; i < crops.size(); i++) {
        assertThat(
                analysed.get(i).embedding().distanceTo(expected.get(i), DistanceMetric.EUCLIDEAN))
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
