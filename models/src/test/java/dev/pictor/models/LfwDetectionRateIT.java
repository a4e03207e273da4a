package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.Pictor;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceDetector;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.face.FaceSelection;
import dev.pictor.face.Point;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.image.opencv.OpenCvFaceAligner;
import dev.pictor.image.opencv.SimilarityTransform;
import dev.pictor.model.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On every image of LFW View 1 (4,992), the central face is found at the default detector settings
 * and aligned: its five landmarks fit the encoder's template with an RMS error under 15% of the
 * crop width after the similarity transform, i.e. the landmarks form a plausible face. (Frontal
 * faces fit within a few pixels; profiles such as George_Clooney_0002 reach 15-18 px of 150.)
 */
class LfwDetectionRateIT {
  private static final Logger LOG = LoggerFactory.getLogger(LfwDetectionRateIT.class);

  @Test
  void centralFaceIsFoundAndAlignedInAtLeast999PerMille() throws Exception {
    Path images = TestFaces.dataDir().resolve("lfw-view1/images");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(images)) {
      files = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    assertThat(files).hasSize(4992);
    OpenCvFaceAligner aligner = new OpenCvFaceAligner();
    List<String> failures = new ArrayList<>();
    double worstRms = 0;
    try (FaceDetector detector =
            Pictor.faceDetector(DetectorOptions.builder().intraOpThreads(2).build());
        FaceEncoder encoder = Pictor.faceEncoder(EncoderOptions.defaults())) {
      ModelCard card = encoder.card();
      List<Point> template = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        template.add(
            new Point(
                card.encoder().alignmentTemplate().get(2 * i),
                card.encoder().alignmentTemplate().get(2 * i + 1)));
      }
      for (Path file : files) {
        RgbImage image = Images.read(file);
        Optional<DetectedFace> face =
            FaceSelection.central(detector.detect(image), image.width(), image.height());
        if (face.isEmpty()) {
          failures.add(images.relativize(file) + ": no central face");
          continue;
        }
        List<Point> landmarks = face.get().landmarks().points();
        SimilarityTransform fit = SimilarityTransform.fit(landmarks, template);
        double rms = 0;
        for (int i = 0; i < 5; i++) {
          Point p = fit.apply(landmarks.get(i));
          rms +=
              Math.pow(p.x() - template.get(i).x(), 2) + Math.pow(p.y() - template.get(i).y(), 2);
        }
        rms = Math.sqrt(rms / 5);
        worstRms = Math.max(worstRms, rms);
        FaceImage crop = aligner.align(image, List.of(face.get().landmarks()), card).get(0);
        if (rms > 0.15 * card.input().width() || crop.width() != card.input().width()) {
          failures.add(images.relativize(file) + ": landmarks fit the template badly, RMS " + rms);
        }
      }
    }
    double rate = 1.0 - (double) failures.size() / files.size();
    LOG.info(
        "LFW View 1: central face found and aligned in {} of {} images ({}); worst landmark RMS {}"
            + " px; failures: {}",
        files.size() - failures.size(),
        files.size(),
        rate,
        worstRms,
        failures);
    assertThat(rate).as("failures: %s", failures).isGreaterThanOrEqualTo(0.999);
  }
}
