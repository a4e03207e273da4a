package dev.pictor.image.opencv;

import java.nio.charset.StandardCharsets;

/**
 * Reads fixed-size fields out of encoded image data. Every reader takes the index of the field's
 * first byte; callers check that the field lies inside the array first, with {@link #fits}.
 * Stateless and thread-safe.
 */
final class Bytes {
  private Bytes() {}

  /** Whether {@code length} bytes from {@code offset} lie inside {@code data}. */
  static boolean fits(byte[] data, long offset, long length) {
    return offset >= 0 && length >= 0 && offset + length <= data.length;
  }

  static int u8(byte[] data, int offset) {
    return data[offset] & 0xFF;
  }

  static int u16be(byte[] data, int offset) {
    return (u8(data, offset) << 8) | u8(data, offset + 1);
  }

  static int u16le(byte[] data, int offset) {
    return u8(data, offset) | (u8(data, offset + 1) << 8);
  }

  static int u24le(byte[] data, int offset) {
    return u16le(data, offset) | (u8(data, offset + 2) << 16);
  }

  static long u32be(byte[] data, int offset) {
    return ((long) u16be(data, offset) << 16) | u16be(data, offset + 2);
  }

  static long u32le(byte[] data, int offset) {
    return u16le(data, offset) | ((long) u16le(data, offset + 2) << 16);
  }

  /** A signed little-endian 32-bit integer. */
  static int s32le(byte[] data, int offset) {
    return (int) u32le(data, offset);
  }

  /**
   * Whether the bytes from {@code offset} spell {@code text}, one byte per character (ISO 8859-1).
   */
  static boolean matches(byte[] data, int offset, String text) {
    byte[] expected = text.getBytes(StandardCharsets.ISO_8859_1);
    if (!fits(data, offset, expected.length)) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (data[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
