package dev.pictor.face;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rules for picking the one face that stands for a photo, e.g. in {@link FaceAnalyzer#analyzeAll}.
 * Stateless.
 */
public enum FaceSelection {
  /**
   * The largest box; on equal area, the higher score. For photos taken of one person (e.g. {@code
   * pictor verify A.jpg B.jpg}).
   */
  MOST_PROMINENT,
  /**
   * Among the boxes that contain the image centre, the one whose centre is nearest to it. For
   * centred data sets such as LFW.
   */
  CENTRAL;

  /**
   * The face this rule picks among the faces found in a {@code width x height} photo; empty if
   * there is none to pick.
   */
  public Optional<DetectedFace> choose(List<DetectedFace> faces, int width, int height) {
    return this == CENTRAL ? central(faces, width, height) : mostProminent(faces);
  }

  /** The face with the largest box, ties broken by score; empty if there are no faces. */
  public static Optional<DetectedFace> mostProminent(List<DetectedFace> faces) {
    return faces.stream()
        .max(
            Comparator.comparingDouble((DetectedFace f) -> f.box().area())
                .thenComparingDouble(DetectedFace::score));
  }

  /** The most prominent of analysed faces, by the rule of {@link #mostProminent(List)}. */
  public static Optional<Face> mostProminentFace(List<Face> faces) {
    return mostProminent(faces.stream().map(Face::detection).toList())
        .map(chosen -> faces.stream().filter(f -> f.detection() == chosen).findFirst().get());
  }

  /**
   * The face whose box contains the centre of a {@code width x height} image, nearest to it if
   * several do; empty if none does.
   */
  public static Optional<DetectedFace> central(List<DetectedFace> faces, int width, int height) {
    Point centre = new Point(width / 2f, height / 2f);
    return faces.stream()
        .filter(f -> f.box().contains(centre))
        .min(Comparator.comparingDouble(f -> distance(f.box(), centre)));
  }

  private static double distance(Box box, Point p) {
    return Math.hypot(box.x() + box.width() / 2 - p.x(), box.y() + box.height() / 2 - p.y());
  }
}
