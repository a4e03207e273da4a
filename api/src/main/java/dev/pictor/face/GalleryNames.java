package dev.pictor.face;

import java.util.Objects;

/**
 * The rule every {@link Gallery} applies to the names of people (and of named galleries): names are
 * stored and compared exactly as given, so a name must be non-blank, must not start or end with
 * white space (no silent trimming: {@code "alice "} would otherwise look like {@code "alice"}),
 * must not contain control characters, bidirectional text controls (such as U+202E, which would
 * make the name print as something else) or unpaired surrogates, and may have at most {@value
 * #MAX_LENGTH} UTF-16 chars. Stateless; thread-safe.
 */
public final class GalleryNames {

  /** Longest accepted name, in UTF-16 chars. */
  public static final int MAX_LENGTH = 256;

  private GalleryNames() {}

  /**
   * Checks {@code name} against the rule.
   *
   * @param name the name
   * @param role what the name is, for the message (e.g. "name", "new name")
   * @throws IllegalArgumentException naming the value and the broken rule
   * @throws NullPointerException if {@code name} is null
   */
  public static void check(String name, String role) {
    Objects.requireNonNull(name, role);
    if (name.isBlank()) {
      throw new IllegalArgumentException(role + " must not be blank: '" + name + "'");
    }
    if (!name.strip().equals(name)) {
      throw new IllegalArgumentException(
          role + " must not start or end with white space: '" + name + "'");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          role
              + " has "
              + name.length()
              + " characters, at most "
              + MAX_LENGTH
              + " are allowed: '"
              + name.substring(0, 40)
              + "…'");
    }
    if (name.codePoints()
        .anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
      // Such a string has no UTF-8 form: it would be stored mangled and could collide.
      throw new IllegalArgumentException(
          role + " contains an unpaired surrogate (malformed UTF-16): '" + name + "'");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          role
              + " must not contain control characters: '"
              + name.replaceAll("\\p{Cntrl}", "?")
              + "'");
    }
    if (name.chars().anyMatch(GalleryNames::isBidiControl)) {
      // U+202E and its kin reorder the text around them: "alice\u202Eecila" would print as
      // something else than it is.
      throw new IllegalArgumentException(
          role
              + " must not contain bidirectional text controls (U+061C, U+200E, U+200F, U+202A to"
              + " U+202E, U+2066 to U+2069)");
    }
  }

  private static boolean isBidiControl(int c) {
    return c == 0x061C
        || c == 0x200E
        || c == 0x200F
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
