package dev.pictor.image.opencv;

import dev.pictor.ImageException;

/**
 * Reads the size of a JPEG image from its frame header (SOFn segment) and refuses JPEG data that
 * OpenCV would decode wrongly or at unbounded cost: data cut off before the end-of-image marker
 * (which libjpeg fills with grey), a height left to a DNL marker, sample precisions other than 8
 * bits, component counts other than 1 (grey), 3 (YCbCr or RGB) and 4 (CMYK or YCCK), and
 * progressive files with more than {@value #MAX_SCANS} scans (each scan makes libjpeg pass over the
 * whole image, so thousands of tiny scans would take minutes to decode). Stateless and thread-safe.
 */
final class JpegHeader {
  /**
   * Most scans accepted in one file. Encoders write 1 (baseline) or about 10 (progressive); the
   * most elaborate progressive scripts stay well below this.
   */
  static final int MAX_SCANS = 100;

  private JpegHeader() {}

  /**
   * Refuses JPEG data far too short for the size its frame header gives (see {@link
   * #minimumBytes}). Called after the pixel limit is checked, so a huge claimed size is reported as
   * such.
   *
   * @throws ImageException naming the input, the size and the bytes it would need
   */
  static void checkCodedData(byte[] data, String inputName) throws ImageException {
    JpegStructure.Frame frame = JpegStructure.walk(data).frame();
    if (frame == null) {
      return;
    }
    long needed = minimumBytes(frame);
    if (data.length < needed) {
      throw new ImageException(
          inputName
              + ": truncated or corrupt JPEG: its frame header gives "
              + frame.width()
              + "x"
              + frame.height()
              + " pixels, which need at least "
              + needed
              + " bytes of coded data, but the file has "
              + data.length);
    }
  }

  /**
   * The fewest bytes a Huffman-coded JPEG of this frame can have. Each 8x8 block of a component
   * sampled at full resolution (there is always one) costs at least one bit for its DC coefficient,
   * and in a sequential JPEG one more for the end-of-block code of its AC coefficients; a
   * progressive JPEG's first DC scan still spends a bit per block. Data far below this bound has
   * lost its scans, which libjpeg would fill with grey after a "premature end of data" warning.
   * Arithmetic-coded and lossless frames have no such bound (0).
   */
  static long minimumBytes(JpegStructure.Frame frame) {
    long blocks = ((frame.width() + 7L) / 8) * ((frame.height() + 7L) / 8);
    return switch (frame.marker()) {
      case 0xC0, 0xC1 -> blocks / 4; // baseline, extended sequential: 2 bits per block
      case 0xC2 -> blocks / 8; // progressive: 1 bit per block in the first DC scan
      default -> 0;
    };
  }

  /**
   * Reads the header of JPEG data (which must {@linkplain JpegStructure#looksLikeJpeg look like a
   * JPEG}). Its orientation is always 1: OpenCV applies the EXIF orientation itself.
   *
   * @throws ImageException naming the input if the data is refused
   */
  static ImageHeader read(byte[] data, String inputName) throws ImageException {
    JpegStructure.Walk walk = JpegStructure.walk(data);
    JpegStructure.Frame frame = walk.frame();
    if (frame == null) {
      throw new ImageException(
          inputName + ": truncated or corrupt JPEG (no frame header giving the image size)");
    }
    if (!walk.frameLengthValid()) {
      throw new ImageException(inputName + ": corrupt JPEG (malformed frame header)");
    }
    if (frame.width() == 0 || frame.height() == 0) {
      throw new ImageException(
          inputName
              + ": corrupt or unsupported JPEG: the frame header gives the size "
              + frame.width()
              + "x"
              + frame.height()
              + (frame.height() == 0
                  ? " (a height given later by a DNL marker is not supported)"
                  : ""));
    }
    if (frame.precision() != 8) {
      throw new ImageException(
          inputName
              + ": unsupported JPEG with "
              + frame.precision()
              + "-bit samples (only 8-bit JPEG is supported)");
    }
    int components = frame.components();
    if (components != 1 && components != 3 && components != 4) {
      throw new ImageException(
          inputName
              + ": unsupported JPEG with "
              + components
              + " colour components (1, 3 or 4 are supported)");
    }
    if (!walk.complete()) {
      throw new ImageException(
          inputName + ": truncated or corrupt JPEG (the data ends before the end-of-image marker)");
    }
    if (walk.scans() > MAX_SCANS) {
      throw new ImageException(
          inputName
              + ": refused JPEG with "
              + walk.scans()
              + " scans (at most "
              + MAX_SCANS
              + " are accepted; so many scans make decoding very slow)");
    }
    return new ImageHeader(ImageFormat.JPEG, frame.width(), frame.height(), 1);
  }
}
