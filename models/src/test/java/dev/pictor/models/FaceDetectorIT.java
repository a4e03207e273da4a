package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.Pictor;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.FaceDetector;
import dev.pictor.forge.FaceApiModels;
import dev.pictor.forge.NpmPackage;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * YuNet on real photos. Expected counts were made by looking at each photo: every clearly visible
 * face (frontal or three-quarter, at least partly in frame), not backs of heads.
 */
class FaceDetectorIT {
  private static FaceDetector detector;

  @TempDir static Path demo;

  @BeforeAll
  static void open() throws Exception {
    detector = Pictor.faceDetector(DetectorOptions.builder().intraOpThreads(2).build());
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  private static void assertFaces(RgbImage image, int expected, String name) throws Exception {
    List<DetectedFace> faces = detector.detect(image);
    assertThat(faces).as("faces in %s", name).hasSize(expected);
    for (DetectedFace f : faces) {
      assertThat(f.score()).isGreaterThanOrEqualTo(DetectorOptions.defaults().scoreThreshold());
      assertThat(f.landmarks().points())
          .as("landmarks inside the box in %s", name)
          .allMatch(p -> f.box().contains(p));
      assertThat(f.landmarks().leftEye().x()).isLessThan(f.landmarks().rightEye().x());
      assertThat(f.landmarks().nose().y()).isLessThan(f.landmarks().mouthLeft().y());
    }
    for (int i = 1; i < faces.size(); i++) {
      assertThat(faces.get(i).score()).isLessThanOrEqualTo(faces.get(i - 1).score());
    }
  }

  @ParameterizedTest
  @CsvSource({"bbt1.jpg, 4", "bbt2.jpg, 3", "bbt3.jpg, 5", "bbt4.jpg, 6", "bbt5.jpg, 5"})
  void findsEveryFaceInTheGroupPhotos(String file, int expected) throws Exception {
    Path photo = TestFaces.dataDir().resolve("faces-tv/groups").resolve(file);
    assertFaces(Images.read(photo), expected, file);
  }

  @Test
  void findsEveryFaceInTheFaceApiDemoPhotos() throws Exception {
    Path cache = Path.of(System.getProperty("pictor.npm.cache"));
    Path tarball = FaceApiModels.PACKAGE.fetch(cache);
    Map<String, Path> files =
        NpmPackage.extract(
            tarball,
            Set.of(
                "package/demo/sample1.jpg",
                "package/demo/sample2.jpg",
                "package/demo/sample3.jpg",
                "package/demo/sample4.jpg",
                "package/demo/sample5.jpg",
                "package/demo/sample6.jpg"),
            demo);
    int[] expected = {3, 3, 3, 4, 5, 4};
    for (int i = 0; i < expected.length; i++) {
      String name = "sample" + (i + 1) + ".jpg";
      assertFaces(Images.read(files.get(name)), expected[i], name);
    }
  }

  @Test
  void paintingsWithoutFacesGiveAnEmptyList() throws Exception {
    for (String painting : List.of("starry_night.jpg", "the_scream.jpg", "shipwreck.jpg")) {
      Path file = TestFaces.dataDir().resolve("style/style").resolve(painting);
      assertThat(detector.detect(Images.read(file))).as(painting).isEmpty();
    }
  }

  @Test
  void minimumFaceSizeDropsSmallFaces() throws Exception {
    RgbImage photo = Images.read(TestFaces.dataDir().resolve("faces-tv/groups/bbt3.jpg"));
    try (FaceDetector strict =
        Pictor.faceDetector(DetectorOptions.builder().minFaceSize(55).build())) {
      List<DetectedFace> faces = strict.detect(photo);
      assertThat(faces).isNotEmpty().hasSizeLessThan(5);
      assertThat(faces).allMatch(f -> Math.min(f.box().width(), f.box().height()) >= 55);
    }
  }

  @Test
  void tinyImagesWorkAndClosedDetectorsRefuse() throws Exception {
    assertThat(detector.detect(new RgbImage(1, 1, new byte[3]))).isEmpty();
    FaceDetector other = Pictor.faceDetector(DetectorOptions.defaults());
    other.close();
    other.close();
    assertThatThrownBy(() -> other.detect(new RgbImage(1, 1, new byte[3])))
        .isInstanceOf(IllegalStateException.class);
  }
}
