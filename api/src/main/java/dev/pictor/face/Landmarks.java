package dev.pictor.face;

import java.util.List;

/**
 * The five facial landmarks used for alignment. "Left" and "right" are as seen in the image (the
 * left eye is the one with the smaller x in an upright face), not from the person's point of view.
 *
 * @param leftEye centre of the eye on the image's left
 * @param rightEye centre of the eye on the image's right
 * @param nose tip of the nose
 * @param mouthLeft mouth corner on the image's left
 * @param mouthRight mouth corner on the image's right
 */
public record Landmarks(
    Point leftEye, Point rightEye, Point nose, Point mouthLeft, Point mouthRight) {

  public Landmarks {
    if (leftEye == null
        || rightEye == null
        || nose == null
        || mouthLeft == null
        || mouthRight == null) {
      throw new IllegalArgumentException("all five landmarks are required");
    }
  }

  /** From 10 values: x then y of each point, in the order of the record components. */
  public static Landmarks of(float... xy) {
    if (xy.length != 10) {
      throw new IllegalArgumentException("need 10 values (5 points), got " + xy.length);
    }
    return new Landmarks(
        new Point(xy[0], xy[1]),
        new Point(xy[2], xy[3]),
        new Point(xy[4], xy[5]),
        new Point(xy[6], xy[7]),
        new Point(xy[8], xy[9]));
  }

  /** The points in component order. */
  public List<Point> points() {
    return List.of(leftEye, rightEye, nose, mouthLeft, mouthRight);
  }
}
