package dev.pictor.image.opencv;

import dev.pictor.ImageException;

/**
 * Reads the size of a WebP image from its RIFF container and bitstream headers.
 *
 * <p>Three layouts exist: a lossy bitstream ("VP8 " chunk, size in its key frame header), a
 * lossless one ("VP8L" chunk, size after its signature byte), and the extended layout ("VP8X" chunk
 * with the canvas size and flags, then optional ICCP, ALPH, EXIF and XMP chunks around one VP8 or
 * VP8L chunk). For the extended layout the size of the bitstream inside must equal the canvas size,
 * so the size checked is the size decoded; animations are refused (OpenCV 4.9 does not decode
 * them); an EXIF chunk gives the orientation, which OpenCV ignores for WebP but {@link Images}
 * applies as for JPEG and PNG. The RIFF size must not exceed the data: a truncated file is refused
 * before decoding. Stateless and thread-safe.
 */
final class WebpHeader {
  private static final int RIFF_HEADER = 12;
  private static final int CHUNK_HEADER = 8;
  private static final int ANIMATION_FLAG = 0x02;

  private WebpHeader() {}

  /** The size a bitstream header gives. */
  private record Size(int width, int height) {}

  /**
   * Reads the header of WebP data (which must start with "RIFF", 4 bytes, "WEBP").
   *
   * @throws ImageException naming the input if the header is truncated, invalid or describes an
   *     animation
   */
  static ImageHeader read(byte[] data, String inputName) throws ImageException {
    long riffEnd = 8 + Bytes.u32le(data, 4);
    if (riffEnd > data.length) {
      throw new ImageException(
          inputName
              + ": truncated WebP (the RIFF header announces "
              + riffEnd
              + " bytes, "
              + data.length
              + " are present)");
    }
    int end = (int) riffEnd;
    int first = RIFF_HEADER;
    if (!Bytes.fits(data, first, CHUNK_HEADER) || first + CHUNK_HEADER > end) {
      throw corrupt(inputName, "no chunk after the RIFF header");
    }
    if (Bytes.matches(data, first, "VP8X")) {
      return readExtended(data, first, end, inputName);
    }
    Size size = bitstreamSize(data, first, end, inputName);
    return new ImageHeader(ImageFormat.WEBP, size.width(), size.height(), 1);
  }

  private static ImageHeader readExtended(byte[] data, int vp8x, int end, String inputName)
      throws ImageException {
    long payload = Bytes.u32le(data, vp8x + 4);
    if (payload < 10 || vp8x + CHUNK_HEADER + payload > end) {
      throw corrupt(inputName, "malformed VP8X chunk");
    }
    int flags = Bytes.u8(data, vp8x + 8);
    if ((flags & ANIMATION_FLAG) != 0) {
      throw new ImageException(
          inputName + ": unsupported animated WebP (only still WebP images are supported)");
    }
    int canvasWidth = Bytes.u24le(data, vp8x + 12) + 1;
    int canvasHeight = Bytes.u24le(data, vp8x + 15) + 1;
    Size size = null;
    int orientation = 1;
    long at = next(data, vp8x);
    while (at + CHUNK_HEADER <= end) {
      int chunk = (int) at;
      long chunkEnd = at + CHUNK_HEADER + Bytes.u32le(data, chunk + 4);
      if (chunkEnd > end) {
        throw corrupt(inputName, "a chunk runs past the end of the RIFF data");
      }
      if (size == null
          && (Bytes.matches(data, chunk, "VP8 ") || Bytes.matches(data, chunk, "VP8L"))) {
        size = bitstreamSize(data, chunk, end, inputName);
      } else if (Bytes.matches(data, chunk, "EXIF")) {
        orientation =
            ExifOrientation.read(data, chunk + CHUNK_HEADER, (int) (chunkEnd - at - CHUNK_HEADER));
      }
      at = next(data, chunk);
    }
    if (size == null) {
      throw corrupt(inputName, "no VP8 or VP8L image data");
    }
    if (size.width() != canvasWidth || size.height() != canvasHeight) {
      throw corrupt(
          inputName,
          "the canvas is "
              + canvasWidth
              + "x"
              + canvasHeight
              + " but the image data is "
              + size.width()
              + "x"
              + size.height());
    }
    return new ImageHeader(ImageFormat.WEBP, canvasWidth, canvasHeight, orientation);
  }

  /** The size in the VP8 or VP8L chunk at {@code chunk}. */
  private static Size bitstreamSize(byte[] data, int chunk, int end, String inputName)
      throws ImageException {
    long payload = Bytes.u32le(data, chunk + 4);
    int start = chunk + CHUNK_HEADER;
    if (start + payload > end) {
      throw corrupt(inputName, "the image data runs past the end of the RIFF data");
    }
    if (Bytes.matches(data, chunk, "VP8 ")) {
      // Frame tag (3 bytes, bit 0 clear on a key frame), start code 9D 01 2A, then 14-bit sizes.
      if (payload < 10
          || (Bytes.u8(data, start) & 1) != 0
          || Bytes.u8(data, start + 3) != 0x9D
          || Bytes.u8(data, start + 4) != 0x01
          || Bytes.u8(data, start + 5) != 0x2A) {
        throw corrupt(inputName, "malformed VP8 frame header");
      }
      int width = Bytes.u16le(data, start + 6) & 0x3FFF;
      int height = Bytes.u16le(data, start + 8) & 0x3FFF;
      if (width == 0 || height == 0) {
        throw corrupt(inputName, "the VP8 frame header gives the size " + width + "x" + height);
      }
      return new Size(width, height);
    }
    if (Bytes.matches(data, chunk, "VP8L")) {
      // Signature 0x2F, then 14 bits width - 1, 14 bits height - 1, 1 bit alpha, 3 bits version 0.
      if (payload < 5 || Bytes.u8(data, start) != 0x2F) {
        throw corrupt(inputName, "malformed VP8L header");
      }
      long bits = Bytes.u32le(data, start + 1);
      if ((bits >>> 29) != 0) {
        throw corrupt(inputName, "unknown VP8L version " + (bits >>> 29));
      }
      return new Size((int) (bits & 0x3FFF) + 1, (int) ((bits >>> 14) & 0x3FFF) + 1);
    }
    throw corrupt(inputName, "the first chunk is neither VP8, VP8L nor VP8X");
  }

  /** Where the chunk after the one at {@code chunk} starts: chunks are padded to even sizes. */
  private static long next(byte[] data, int chunk) {
    long payload = Bytes.u32le(data, chunk + 4);
    return chunk + CHUNK_HEADER + payload + (payload & 1);
  }

  private static ImageException corrupt(String inputName, String detail) {
    return new ImageException(inputName + ": corrupt WebP (" + detail + ")");
  }
}
