package dev.pictor.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * A writer that makes text safe to show on a terminal: control characters (C0 but for tab, line
 * feed and carriage return; DEL; C1) and Unicode bidirectional text controls are written as visible
 * escapes ({@code \x1b}, {@code \u202e}) instead of being passed through. A name, file name or
 * folder name that holds {@code ESC ] 0 ; ... BEL} therefore cannot retitle or clear the user's
 * terminal, and one holding U+202E cannot make the text after it read backwards.
 *
 * <p>Every stream the {@code pictor} command line prints to goes through one, so no output path can
 * forget it. JSON stays valid: Jackson escapes control characters in strings itself, and a {@code
 * \u202e} written here is the JSON escape of the same character.
 *
 * <p>Not thread-safe, like the writer it wraps.
 */
final class TerminalSafeWriter extends FilterWriter {

  TerminalSafeWriter(Writer out) {
    super(out);
  }

  /** {@code text} with every unsafe character escaped. */
  static String escape(String text) {
    StringBuilder safe = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isUnsafe(c)) {
        if (safe == null) {
          safe = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        safe.append(escape(c));
      } else if (safe != null) {
        safe.append(c);
      }
    }
    return safe == null ? text : safe.toString();
  }

  static boolean isUnsafe(char c) {
    if (c == '\n' || c == '\r' || c == '\t') {
      return false;
    }
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String escape(char c) {
    return c <= 0xff
        ? String.format(Locale.ROOT, "\\x%02x", (int) c)
        : String.format(Locale.ROOT, "\\u%04x", (int) c);
  }

  @Override
  public void write(int c) throws IOException {
    if (isUnsafe((char) c)) {
      out.write(escape((char) c));
    } else {
      out.write(c);
    }
  }

  @Override
  public void write(char[] buffer, int offset, int length) throws IOException {
    write(new String(buffer, offset, length), 0, length);
  }

  @Override
  public void write(String text, int offset, int length) throws IOException {
    out.write(escape(text.substring(offset, offset + length)));
  }
}
