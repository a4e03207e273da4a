package dev.pictor.image.opencv;

import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Reads the EXIF orientation tag and turns decoded pixels upright as it says.
 *
 * <p>The tag (0x0112 in the first image file directory) tells how the stored pixels must be flipped
 * or rotated for display: 1 as stored, 2 mirrored left-right, 3 rotated 180 degrees, 4 mirrored
 * top-bottom, 5 transposed (mirrored across the top-left to bottom-right diagonal), 6 rotated 90
 * degrees clockwise, 7 transversed (mirrored across the other diagonal), 8 rotated 90 degrees
 * counter-clockwise. Missing or malformed metadata counts as 1, as in other decoders: bad metadata
 * never makes an image unreadable. Stateless and thread-safe.
 */
final class ExifOrientation {
  private static final int ORIENTATION_TAG = 0x0112;
  private static final int TYPE_SHORT = 3;

  private ExifOrientation() {}

  /**
   * The orientation in an EXIF block: TIFF-structured data (byte order mark, 42, offset of the
   * first directory), optionally preceded by the {@code Exif\0\0} prefix that JPEG's APP1 segment
   * uses and some writers also put into PNG and WebP.
   *
   * @param data bytes holding the block
   * @param offset where the block starts
   * @param length the block's length
   * @return 1..8; 1 if the block has no valid orientation tag
   */
  static int read(byte[] data, int offset, int length) {
    if (!Bytes.fits(data, offset, length)) {
      return 1;
    }
    int start = offset;
    int end = offset + length;
    if (Bytes.matches(data, start, "Exif\0\0")) {
      start += 6;
    }
    if (end - start < 8) {
      return 1;
    }
    boolean littleEndian;
    if (Bytes.matches(data, start, "II")) {
      littleEndian = true;
    } else if (Bytes.matches(data, start, "MM")) {
      littleEndian = false;
    } else {
      return 1;
    }
    if (u16(data, start + 2, littleEndian) != 42) {
      return 1;
    }
    long directory = start + u32(data, start + 4, littleEndian);
    if (directory + 2 > end) {
      return 1;
    }
    int entries = u16(data, (int) directory, littleEndian);
    for (int i = 0; i < entries; i++) {
      long entry = directory + 2 + 12L * i;
      if (entry + 12 > end) {
        return 1;
      }
      int at = (int) entry;
      if (u16(data, at, littleEndian) == ORIENTATION_TAG) {
        boolean oneShort =
            u16(data, at + 2, littleEndian) == TYPE_SHORT && u32(data, at + 4, littleEndian) >= 1;
        int value = oneShort ? u16(data, at + 8, littleEndian) : 1;
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  /**
   * Turns {@code image} upright as {@code orientation} says.
   *
   * @return {@code image} itself for orientation 1, else a new matrix the caller releases
   */
  static Mat apply(Mat image, int orientation) {
    if (orientation == 1) {
      return image;
    }
    Mat upright = new Mat();
    switch (orientation) {
      case 2 -> Core.flip(image, upright, 1);
      case 3 -> Core.rotate(image, upright, Core.ROTATE_180);
      case 4 -> Core.flip(image, upright, 0);
      case 5 -> Core.transpose(image, upright);
      case 6 -> Core.rotate(image, upright, Core.ROTATE_90_CLOCKWISE);
      case 7 -> {
        Mat transposed = new Mat();
        try {
          Core.transpose(image, transposed);
          Core.rotate(transposed, upright, Core.ROTATE_180);
        } finally {
          transposed.release();
        }
      }
      case 8 -> Core.rotate(image, upright, Core.ROTATE_90_COUNTERCLOCKWISE);
      default -> {
        upright.release();
        throw new IllegalArgumentException("orientation must be 1..8, was " + orientation);
      }
    }
    return upright;
  }

  private static int u16(byte[] data, int offset, boolean littleEndian) {
    return littleEndian ? Bytes.u16le(data, offset) : Bytes.u16be(data, offset);
  }

  private static long u32(byte[] data, int offset, boolean littleEndian) {
    return littleEndian ? Bytes.u32le(data, offset) : Bytes.u32be(data, offset);
  }
}
