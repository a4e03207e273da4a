package dev.pictor.learning;

/**
 * One triplet of rows of an embedding matrix: an anchor, a positive of the same identity and a
 * negative of another identity. An immutable value.
 *
 * @param anchor row of the anchor
 * @param positive row of an embedding of the anchor's identity, not the anchor itself
 * @param negative row of an embedding of another identity
 */
public record Triplet(int anchor, int positive, int negative) {
  /**
   * @throws IllegalArgumentException if an index is negative or the anchor is its own positive or
   *     negative
   */
  public Triplet {
    if (anchor < 0 || positive < 0 || negative < 0) {
      throw new IllegalArgumentException(
          "triplet indices must be >= 0, were " + anchor + ", " + positive + ", " + negative);
    }
    if (anchor == positive || anchor == negative || positive == negative) {
      throw new IllegalArgumentException(
          "a triplet needs three different rows, got "
              + anchor
              + ", "
              + positive
              + ", "
              + negative);
    }
  }
}
