package dev.pictor.face;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 68 facial landmarks of one face in the iBUG 300-W order (jaw 0-16, eyebrows 17-26, nose
 * 27-35, eyes 36-47, mouth 48-67), in photo coordinates. Points may lie outside the photo.
 *
 * <p>Immutable: the coordinates are copied in and out. {@link #toString()} shows no coordinates.
 */
public final class FaceShape {
  /** Number of points. */
  public static final int POINTS = 68;

  /** Index of the first inner point (eyebrows, nose, eyes, mouth); the jaw line comes before. */
  public static final int FIRST_INNER = 17;

  private final float[] xy;

  private FaceShape(float[] xy) {
    this.xy = xy;
  }

  /**
   * A shape from 136 values: x then y of each point in order.
   *
   * @throws IllegalArgumentException if there are not 136 values or one is not finite
   */
  public static FaceShape of(float... xy) {
    if (xy == null || xy.length != 2 * POINTS) {
      throw new IllegalArgumentException(
          "a face shape needs " + 2 * POINTS + " values, got " + (xy == null ? 0 : xy.length));
    }
    for (float v : xy) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("face shape coordinates must be finite");
      }
    }
    return new FaceShape(xy.clone());
  }

  /** Point {@code i}, 0..67. */
  public Point point(int i) {
    return new Point(xy[2 * i], xy[2 * i + 1]);
  }

  /** All 68 points in order. */
  public List<Point> points() {
    return range(0, POINTS);
  }

  /**
   * Points 17-67: eyebrows, nose, eyes and mouth; the jaw line is left out (it moves with pose).
   */
  public List<Point> innerPoints() {
    return range(FIRST_INNER, POINTS);
  }

  /** A copy of the 136 coordinates. */
  public float[] coordinates() {
    return xy.clone();
  }

  /**
   * The five alignment landmarks derived from this shape: eye centres (mean of the six points of
   * each eye), the nose tip (point 30) and the outer mouth corners (points 48 and 54).
   */
  public Landmarks toLandmarks() {
    return new Landmarks(mean(36, 42), mean(42, 48), point(30), point(48), point(54));
  }

  private Point mean(int from, int to) {
    float x = 0;
    float y = 0;
    for (int i = from; i < to; i++) {
      x += xy[2 * i];
      y += xy[2 * i + 1];
    }
    return new Point(x / (to - from), y / (to - from));
  }

  private List<Point> range(int from, int to) {
    List<Point> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(point(i));
    }
    return List.copyOf(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceShape other && Arrays.equals(other.xy, xy);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xy);
  }

  @Override
  public String toString() {
    return "FaceShape[68 points]";
  }
}
