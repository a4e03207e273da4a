package dev.pictor.image.opencv;

import dev.pictor.face.Point;
import java.util.List;

/**
 * A 2-D similarity transform {@code p -> s R p + t} (uniform scale, rotation, translation, no
 * reflection), as the 2x3 matrix {@code [[a, -b, tx], [b, a, ty]]} with {@code a = s cos(theta)}
 * and {@code b = s sin(theta)}. Immutable.
 *
 * @param a scale times cosine
 * @param b scale times sine
 * @param tx x translation
 * @param ty y translation
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

  /**
   * The least-squares similarity mapping {@code from} onto {@code to} (Umeyama's closed form, which
   * in 2-D reduces to the dot and cross sums of the centred point sets).
   *
   * @throws IllegalArgumentException if the lists differ in size, have fewer than two points, or
   *     {@code from} has all points equal
   */
  public static SimilarityTransform fit(List<Point> from, List<Point> to) {
    if (from.size() != to.size() || from.size() < 2) {
      throw new IllegalArgumentException(
          "need two equally long lists of at least 2 points, got "
              + from.size()
              + " and "
              + to.size());
    }
    int n = from.size();
    double fx = 0;
    double fy = 0;
    double gx = 0;
    double gy = 0;
    for (int i = 0; i < n; i++) {
      fx += from.get(i).x();
      fy += from.get(i).y();
      gx += to.get(i).x();
      gy += to.get(i).y();
    }
    fx /= n;
    fy /= n;
    gx /= n;
    gy /= n;
    double dot = 0;
    double cross = 0;
    double spread = 0;
    for (int i = 0; i < n; i++) {
      double px = from.get(i).x() - fx;
      double py = from.get(i).y() - fy;
      double qx = to.get(i).x() - gx;
      double qy = to.get(i).y() - gy;
      dot += px * qx + py * qy;
      cross += px * qy - py * qx;
      spread += px * px + py * py;
    }
    if (spread < 1e-12) {
      throw new IllegalArgumentException("the source points coincide; no transform fits them");
    }
    double a = dot / spread;
    double b = cross / spread;
    return new SimilarityTransform(a, b, gx - (a * fx - b * fy), gy - (b * fx + a * fy));
  }

  /** The image of {@code p}. */
  public Point apply(Point p) {
    return new Point((float) (a * p.x() - b * p.y() + tx), (float) (b * p.x() + a * p.y() + ty));
  }

  /** The uniform scale factor. */
  public double scale() {
    return Math.hypot(a, b);
  }

  /** Rotation angle in radians. */
  public double angle() {
    return Math.atan2(b, a);
  }

  /** The inverse transform. */
  public SimilarityTransform inverse() {
    double d = a * a + b * b;
    double ia = a / d;
    double ib = -b / d;
    return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
  }

  /** Row-major 2x3 matrix, as OpenCV's {@code warpAffine} takes it. */
  public double[] matrix() {
    return new double[] {a, -b, tx, b, a, ty};
  }
}
