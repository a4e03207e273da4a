package dev.pictor.cli;

import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.Box;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceDetector;
import dev.pictor.face.FaceLandmarker;
import dev.pictor.face.FaceShape;
import dev.pictor.face.LandmarkerOptions;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleResult;
import dev.pictor.style.fast.FastStyleOptions;
import dev.pictor.style.fast.FastStyleTransfer;
import dev.pictor.style.gatys.GatysOptions;
import dev.pictor.style.gatys.GatysStyleTransfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A program that {@link IsolatedJvmIT} starts in a separate JVM: it opens every kind of model
 * (detector, landmarker, encoder, a feed-forward style network, the Gatys VGG-19 feature and cost
 * sessions), runs each on real images and prints one line of results per model.
 *
 * <p>{@code AllModelsProbe CONTENT PAINTING FACE_PHOTO...}: every face photo is analysed; the
 * content photo is stylised with udnie and, at 32 px for 3 steps, in the painting's style.
 */
final class AllModelsProbe {
  private AllModelsProbe() {}

  public static void main(String[] args) throws Exception {
    Path content = Path.of(args[0]);
    Path painting = Path.of(args[1]);
    List<Path> photos = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      photos.add(Path.of(args[i]));
    }
    Path cmdline = Path.of("/proc/self/cmdline");
    if (Files.isReadable(cmdline)) {
      System.out.println("cmdline bytes " + Files.readAllBytes(cmdline).length);
    }

    try (FaceAnalyzer analyzer = Pictor.faceAnalyzer(AnalyzerOptions.defaults())) {
      Face first = null;
      int faces = 0;
      double worst = 0;
      for (Path photo : photos) {
        List<Face> found = analyzer.analyze(Images.read(photo));
        faces += found.size();
        // Every photo here is of one person, the largest face: each is close to the first one.
        Face largest =
            found.stream().max(Comparator.comparingDouble(f -> f.detection().box().area())).get();
        if (first == null) {
          first = largest;
        }
        worst = Math.max(worst, largest.embedding().distanceTo(first.embedding(), metric()));
      }
      System.out.printf(
          Locale.ROOT,
          "faces %d photos %d embedding-size %d landmarks %d worst-distance %.6f%n",
          faces,
          photos.size(),
          first.embedding().size(),
          first.detection().landmarks().points().size(),
          worst);
    }

    // The 68-point landmarker on its own: how many of its points fall inside the detector's box
    // (grown by a quarter, as the chin and brows may reach past it).
    try (FaceDetector detector = Pictor.faceDetector(DetectorOptions.defaults());
        FaceLandmarker landmarker = Pictor.faceLandmarker(LandmarkerOptions.defaults())) {
      RgbImage image = Images.read(photos.get(0));
      Box box = detector.detect(image).get(0).box();
      FaceShape shape = landmarker.shapes(image, List.of(box)).get(0);
      float mx = box.width() / 4;
      float my = box.height() / 4;
      long inside =
          shape.points().stream()
              .filter(p -> p.x() >= box.x() - mx && p.x() <= box.x() + box.width() + mx)
              .filter(p -> p.y() >= box.y() - my && p.y() <= box.y() + box.height() + my)
              .count();
      System.out.printf(
          Locale.ROOT, "landmarks68 %d inside-box %d%n", shape.points().size(), inside);
    }

    RgbImage photo = Images.read(content);
    try (FastStyleTransfer udnie =
        FastStyleTransfer.open(FastStyleOptions.builder("udnie").maxSide(96).build())) {
      StyleResult result = udnie.stylize(photo, StyleMonitor.NONE);
      System.out.printf(
          Locale.ROOT,
          "udnie %dx%d mean-change %.3f%n",
          result.image().width(),
          result.image().height(),
          meanChange(result.image(), resized(photo, result.image())));
    }

    GatysOptions options = GatysOptions.builder().size(32).iterations(3).build();
    try (GatysStyleTransfer gatys = GatysStyleTransfer.open(Images.read(painting), options)) {
      StyleResult result = gatys.stylize(photo, StyleMonitor.NONE);
      System.out.printf(
          Locale.ROOT,
          "gatys %dx%d steps %d cost %.6g -> %.6g%n",
          result.image().width(),
          result.image().height(),
          result.steps(),
          result.initial().totalCost(),
          result.last().totalCost());
    }
  }

  private static DistanceMetric metric() {
    return DistanceMetric.EUCLIDEAN;
  }

  /** The photo resized to the stylised image's size, nearest neighbour (enough for a mean). */
  private static RgbImage resized(RgbImage photo, RgbImage like) {
    byte[] rgb = new byte[like.width() * like.height() * 3];
    byte[] src = photo.rgb();
    for (int y = 0; y < like.height(); y++) {
      int sy = y * photo.height() / like.height();
      for (int x = 0; x < like.width(); x++) {
        int sx = x * photo.width() / like.width();
        System.arraycopy(src, (sy * photo.width() + sx) * 3, rgb, (y * like.width() + x) * 3, 3);
      }
    }
    return new RgbImage(like.width(), like.height(), rgb);
  }

  private static double meanChange(RgbImage a, RgbImage b) {
    byte[] x = a.rgb();
    byte[] y = b.rgb();
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
    }
    return sum / x.length;
  }
}
