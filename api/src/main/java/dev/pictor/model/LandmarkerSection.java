package dev.pictor.model;

/**
 * A face landmarker's part of its card. Immutable.
 *
 * @param points number of points it finds (68, in iBUG 300-W order)
 * @param output what the network's output holds and in which units
 */
public record LandmarkerSection(int points, String output) implements ModelSection {

  public LandmarkerSection {
    if (points <= 0) {
      throw new IllegalArgumentException("landmarker points must be positive, was " + points);
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("landmarker output must not be blank");
    }
  }

  @Override
  public ModelKind kind() {
    return ModelKind.LANDMARKER;
  }
}
