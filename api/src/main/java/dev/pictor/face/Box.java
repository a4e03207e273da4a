package dev.pictor.face;

/**
 * An axis-aligned rectangle in image coordinates.
 *
 * @param x left edge
 * @param y top edge
 * @param width width, >= 0
 * @param height height, >= 0
 */
public record Box(float x, float y, float width, float height) {
  public Box {
    if (!Float.isFinite(x) || !Float.isFinite(y) || !(width >= 0) || !(height >= 0)) {
      throw new IllegalArgumentException(
          "box must be finite with non-negative size, was "
              + x
              + ", "
              + y
              + ", "
              + width
              + "x"
              + height);
    }
    if (!Float.isFinite(width) || !Float.isFinite(height)) {
      throw new IllegalArgumentException("box size must be finite");
    }
  }

  /** Area in square pixels. */
  public float area() {
    return width * height;
  }

  /** Intersection over union with {@code other}, 0 when they do not overlap. */
  public float iou(Box other) {
    float ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
    float iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
    float inter = ix * iy;
    float union = area() + other.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  /** Whether {@code p} lies inside or on the border. */
  public boolean contains(Point p) {
    return p.x() >= x && p.x() <= x + width && p.y() >= y && p.y() <= y + height;
  }
}
