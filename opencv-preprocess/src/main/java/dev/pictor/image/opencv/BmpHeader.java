package dev.pictor.image.opencv;

import dev.pictor.ImageException;

/**
 * Reads the size of a BMP image from its file and DIB headers.
 *
 * <p>Accepted are the OS/2 1.x header (12 bytes) and the Windows headers of 40 bytes and longer
 * (BITMAPINFOHEADER, its V2 to V5 extensions, and OS/2 2.x), with 1, 4, 8, 16, 24 or 32 bits per
 * pixel, uncompressed, run-length encoded (RLE8 with 8 bits, RLE4 with 4 bits) or with bit fields
 * (16 and 32 bits), which is what OpenCV decodes. A negative height (rows stored top-down) is
 * allowed. Uncompressed pixel data must be present in full: a tiny file claiming a huge size is
 * refused before OpenCV allocates the image. Stateless and thread-safe.
 */
final class BmpHeader {
  private static final int FILE_HEADER = 14;
  private static final int OS2_HEADER = 12;
  private static final int MIN_WINDOWS_HEADER = 40;
  private static final int MAX_WINDOWS_HEADER = 124;
  private static final int RGB = 0;
  private static final int RLE8 = 1;
  private static final int RLE4 = 2;
  private static final int BITFIELDS = 3;

  private BmpHeader() {}

  /**
   * Reads the header of BMP data (which must start with "BM").
   *
   * @throws ImageException naming the input if the header is truncated or invalid, its kind of BMP
   *     is not supported, or uncompressed pixel data is missing
   */
  static ImageHeader read(byte[] data, String inputName) throws ImageException {
    if (!Bytes.fits(data, 0, FILE_HEADER + 4)) {
      throw truncated(inputName);
    }
    long pixelOffset = Bytes.u32le(data, 10);
    long headerSize = Bytes.u32le(data, FILE_HEADER);
    long width;
    long height;
    int bitsPerPixel;
    int compression;
    if (headerSize == OS2_HEADER) {
      if (!Bytes.fits(data, 0, FILE_HEADER + OS2_HEADER)) {
        throw truncated(inputName);
      }
      width = Bytes.u16le(data, 18);
      height = Bytes.u16le(data, 20);
      bitsPerPixel = Bytes.u16le(data, 24);
      compression = RGB;
    } else if (headerSize >= MIN_WINDOWS_HEADER && headerSize <= MAX_WINDOWS_HEADER) {
      if (!Bytes.fits(data, 0, FILE_HEADER + headerSize)) {
        throw truncated(inputName);
      }
      width = Bytes.s32le(data, 18);
      // Negative: rows stored top-down. Integer.MIN_VALUE has no positive counterpart.
      height = Math.abs((long) Bytes.s32le(data, 22));
      bitsPerPixel = Bytes.u16le(data, 28);
      long code = Bytes.u32le(data, 30);
      compression = code > BITFIELDS ? -1 : (int) code;
    } else {
      throw new ImageException(
          inputName + ": unsupported or corrupt BMP (DIB header of " + headerSize + " bytes)");
    }
    if (width < 1 || height < 1 || height > Integer.MAX_VALUE) {
      throw new ImageException(
          inputName
              + ": corrupt BMP: the header gives the impossible size "
              + width
              + "x"
              + height);
    }
    if (!supported(bitsPerPixel, compression)) {
      throw new ImageException(
          inputName
              + ": unsupported or corrupt BMP ("
              + bitsPerPixel
              + " bits per pixel, compression "
              + compression
              + ")");
    }
    if (pixelOffset < FILE_HEADER + headerSize || pixelOffset >= data.length) {
      throw new ImageException(
          inputName + ": truncated or corrupt BMP (pixel data offset " + pixelOffset + ")");
    }
    if (compression == RGB || compression == BITFIELDS) {
      long rowBytes = (width * bitsPerPixel + 31) / 32 * 4;
      long present = data.length - pixelOffset;
      if (rowBytes > present / height) {
        throw new ImageException(
            inputName
                + ": truncated BMP ("
                + width
                + "x"
                + height
                + " pixels need "
                + height
                + " rows of "
                + rowBytes
                + " bytes, only "
                + present
                + " bytes of pixel data are present)");
      }
    }
    return new ImageHeader(ImageFormat.BMP, (int) width, (int) height, 1);
  }

  private static boolean supported(int bitsPerPixel, int compression) {
    return switch (compression) {
      case RGB ->
          switch (bitsPerPixel) {
            case 1, 4, 8, 16, 24, 32 -> true;
            default -> false;
          };
      case RLE8 -> bitsPerPixel == 8;
      case RLE4 -> bitsPerPixel == 4;
      case BITFIELDS -> bitsPerPixel == 16 || bitsPerPixel == 32;
      default -> false;
    };
  }

  private static ImageException truncated(String inputName) {
    return new ImageException(inputName + ": truncated BMP (the data ends inside the header)");
  }
}
