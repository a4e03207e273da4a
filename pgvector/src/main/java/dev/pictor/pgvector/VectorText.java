package dev.pictor.pgvector;

/**
 * pgvector's text form of a vector, {@code [v1,v2,...]}. {@link Float#toString} writes the shortest
 * decimal that reads back as the same float, and pgvector parses with {@code strtof} and prints the
 * shortest round-trip form too, so values keep their exact bits both ways. Stateless; thread-safe.
 */
final class VectorText {

  private VectorText() {}

  static String format(float[] values) {
    StringBuilder text = new StringBuilder(values.length * 12 + 2).append('[');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(values[i]);
    }
    return text.append(']').toString();
  }

  /**
   * Parses {@code text}.
   *
   * @throws NumberFormatException if it is not a vector of {@code size} numbers
   */
  static float[] parse(String text, int size) {
    if (text == null || text.length() < 2 || text.charAt(0) != '[') {
      throw new NumberFormatException("not a vector");
    }
    float[] values = new float[size];
    int start = 1;
    int n = 0;
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == ']') {
        if (n == size) {
          throw new NumberFormatException("more than " + size + " values");
        }
        values[n++] = Float.parseFloat(text.substring(start, i));
        start = i + 1;
      }
    }
    if (n != size) {
      throw new NumberFormatException(n + " values, expected " + size);
    }
    return values;
  }
}
