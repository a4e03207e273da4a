package dev.pictor.cli;

import java.util.Locale;

/**
 * The word the command line prints for a face that is nobody enrolled ({@value #UNKNOWN}): no one
 * may be enrolled or renamed under it, in any letter case, or {@code identify} would print the same
 * line for a stranger and for that person. Stateless.
 */
final class ReservedName {
  /** What {@code identify} prints for a face it does not recognise. */
  static final String UNKNOWN = "UNKNOWN";

  private ReservedName() {}

  /**
   * @throws IllegalArgumentException if {@code name} is the reserved word
   */
  static void check(String name) {
    if (name != null && name.toUpperCase(Locale.ROOT).equals(UNKNOWN)) {
      throw new IllegalArgumentException(
          "'" + name + "' is what pictor identify prints for a stranger: choose another name");
    }
  }
}
