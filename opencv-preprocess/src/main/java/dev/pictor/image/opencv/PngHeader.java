package dev.pictor.image.opencv;

import dev.pictor.ImageException;
import java.util.zip.CRC32;

/**
 * Reads the size of a PNG image from its IHDR chunk and its EXIF orientation from an eXIf chunk.
 *
 * <p>The IHDR fields are checked against the PNG specification (size 1..2<sup>31</sup>-1 per side,
 * a valid pairing of bit depth and colour type, known compression, filter and interlace methods).
 * The chunks are then walked up to the first IDAT chunk, so that a file without image data is
 * refused before decoding; an eXIf chunk before it (where libpng, and so OpenCV, looks for it) with
 * a correct CRC gives the orientation. Stateless and thread-safe.
 */
final class PngHeader {
  private static final int SIGNATURE_LENGTH = 8;
  private static final long MAX_SIDE = Integer.MAX_VALUE;

  private PngHeader() {}

  /**
   * Reads the header of PNG data (which must start with the PNG signature).
   *
   * @throws ImageException naming the input if the header is truncated or invalid, or no image data
   *     follows it
   */
  static ImageHeader read(byte[] data, String inputName) throws ImageException {
    int ihdr = SIGNATURE_LENGTH;
    if (!Bytes.fits(data, ihdr, 8 + 13 + 4)) {
      throw new ImageException(inputName + ": truncated PNG (the data ends inside the header)");
    }
    if (Bytes.u32be(data, ihdr) != 13 || !Bytes.matches(data, ihdr + 4, "IHDR")) {
      throw new ImageException(
          inputName + ": corrupt PNG (the first chunk is not a 13-byte IHDR header)");
    }
    long width = Bytes.u32be(data, ihdr + 8);
    long height = Bytes.u32be(data, ihdr + 12);
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new ImageException(
          inputName
              + ": corrupt PNG: the header gives the impossible size "
              + width
              + "x"
              + height);
    }
    int bitDepth = Bytes.u8(data, ihdr + 16);
    int colourType = Bytes.u8(data, ihdr + 17);
    if (!validDepth(colourType, bitDepth)) {
      throw new ImageException(
          inputName
              + ": corrupt PNG: invalid bit depth "
              + bitDepth
              + " for colour type "
              + colourType);
    }
    int compression = Bytes.u8(data, ihdr + 18);
    int filter = Bytes.u8(data, ihdr + 19);
    int interlace = Bytes.u8(data, ihdr + 20);
    if (compression != 0 || filter != 0 || interlace > 1) {
      throw new ImageException(
          inputName
              + ": corrupt PNG: unknown compression, filter or interlace method ("
              + compression
              + ", "
              + filter
              + ", "
              + interlace
              + ")");
    }
    int orientation = orientationBeforeImageData(data, ihdr + 8 + 13 + 4, inputName);
    return new ImageHeader(ImageFormat.PNG, (int) width, (int) height, orientation);
  }

  /**
   * Walks the chunks from {@code position} to the first IDAT chunk; returns the orientation of an
   * eXIf chunk met on the way, or 1.
   */
  private static int orientationBeforeImageData(byte[] data, int position, String inputName)
      throws ImageException {
    int orientation = 1;
    long at = position;
    while (Bytes.fits(data, at, 8)) {
      int chunk = (int) at;
      long length = Bytes.u32be(data, chunk);
      if (length > Integer.MAX_VALUE) {
        break;
      }
      if (Bytes.matches(data, chunk + 4, "IDAT")) {
        return orientation;
      }
      if (Bytes.matches(data, chunk + 4, "IEND")) {
        throw new ImageException(inputName + ": corrupt PNG (no image data before IEND)");
      }
      long next = at + 12 + length;
      if (Bytes.matches(data, chunk + 4, "eXIf")
          && next <= data.length
          && crcMatches(data, chunk)) {
        orientation = ExifOrientation.read(data, chunk + 8, (int) length);
      }
      at = next;
    }
    throw new ImageException(
        inputName + ": truncated or corrupt PNG (the data ends before the image data)");
  }

  /** Whether the CRC of the whole chunk at {@code chunk} (which lies inside the data) is right. */
  private static boolean crcMatches(byte[] data, int chunk) {
    int length = (int) Bytes.u32be(data, chunk);
    CRC32 crc = new CRC32();
    crc.update(data, chunk + 4, 4 + length);
    return crc.getValue() == Bytes.u32be(data, chunk + 8 + length);
  }

  private static boolean validDepth(int colourType, int bitDepth) {
    return switch (colourType) {
      case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
      case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
      case 2, 4, 6 -> bitDepth == 8 || bitDepth == 16;
      default -> false;
    };
  }
}
