package dev.pictor.face;

/**
 * A point in image coordinates (pixels, origin at the top-left corner, y downwards).
 *
 * @param x horizontal position
 * @param y vertical position
 */
public record Point(float x, float y) {
  public Point {
    if (!Float.isFinite(x) || !Float.isFinite(y)) {
      throw new IllegalArgumentException("point coordinates must be finite, were " + x + ", " + y);
    }
  }
}
