package dev.pictor.image.opencv;

/**
 * Walks the marker segments of JPEG data: finds the frame header, counts the scans and tells
 * whether the data runs to its end-of-image marker.
 *
 * <p>OpenCV's JPEG decoder (libjpeg) accepts data cut off anywhere after the header: it fills the
 * missing part of the picture with grey and only prints a warning. To refuse such input, the marker
 * segments are walked from the start-of-image marker: a segment with a length field is skipped as a
 * whole (so an EXIF thumbnail, a complete JPEG of its own inside an APP1 segment, is not mistaken
 * for the end), and entropy-coded data is scanned for the next marker, stepping over stuffed {@code
 * FF 00} bytes and restart markers. Trailing bytes after the end-of-image marker are allowed, as
 * decoders allow them. Bytes that are not a marker where one is due are skipped, as libjpeg skips
 * them.
 *
 * <p>This detects truncation, not every corruption: damaged entropy-coded data still decodes to a
 * damaged picture. Stateless and thread-safe.
 */
final class JpegStructure {
  private static final int MARKER = 0xFF;
  private static final int START_OF_IMAGE = 0xD8;
  private static final int END_OF_IMAGE = 0xD9;
  private static final int START_OF_SCAN = 0xDA;

  private JpegStructure() {}

  /**
   * The fields of the first frame header (SOFn segment).
   *
   * @param marker the SOFn marker code, 0xC0..0xCF
   * @param precision bits per sample
   * @param width samples per line (0 is invalid)
   * @param height number of lines (0 means "given later by a DNL marker")
   * @param components number of colour components
   */
  record Frame(int marker, int precision, int width, int height, int components) {}

  /**
   * What a walk over the markers found.
   *
   * @param frame the first frame header, or null if none was found before the walk stopped
   * @param frameLengthValid whether the length of the first frame header's segment matches its
   *     number of components, as libjpeg requires
   * @param scans the number of start-of-scan markers passed
   * @param complete whether the walk reached an end-of-image marker
   */
  record Walk(Frame frame, boolean frameLengthValid, int scans, boolean complete) {}

  /** Whether {@code data} starts like a JPEG file: a start-of-image marker, then a marker. */
  static boolean looksLikeJpeg(byte[] data) {
    return data.length >= 3
        && unsigned(data, 0) == MARKER
        && unsigned(data, 1) == START_OF_IMAGE
        && unsigned(data, 2) == MARKER;
  }

  /**
   * Whether the marker walk from the start of {@code data} (which must {@linkplain #looksLikeJpeg
   * look like a JPEG}) reaches an end-of-image marker; false if the data ends first or a segment
   * length is impossible.
   */
  static boolean reachesEndOfImage(byte[] data) {
    return walk(data).complete();
  }

  /**
   * Walks the markers of {@code data}, which must {@linkplain #looksLikeJpeg look like a JPEG},
   * until the end-of-image marker, the end of the data or an impossible segment length.
   */
  static Walk walk(byte[] data) {
    Frame frame = null;
    boolean frameLengthValid = false;
    int scans = 0;
    int position = 2;
    while (true) {
      int code = nextMarker(data, position);
      if (code < 0) {
        return new Walk(frame, frameLengthValid, scans, false);
      }
      int marker = unsigned(data, code);
      position = code + 1;
      if (marker == END_OF_IMAGE) {
        return new Walk(frame, frameLengthValid, scans, true);
      }
      if (isStandalone(marker)) {
        continue;
      }
      if (position + 2 > data.length) {
        return new Walk(frame, frameLengthValid, scans, false);
      }
      int length = Bytes.u16be(data, position);
      if (length < 2 || (long) position + length > data.length) {
        return new Walk(frame, frameLengthValid, scans, false);
      }
      if (marker == START_OF_SCAN) {
        scans++;
      } else if (frame == null && isStartOfFrame(marker) && length >= 8) {
        frame =
            new Frame(
                marker,
                unsigned(data, position + 2),
                Bytes.u16be(data, position + 5),
                Bytes.u16be(data, position + 3),
                unsigned(data, position + 7));
        frameLengthValid = length == 8 + 3 * frame.components();
      }
      position += length;
    }
  }

  /**
   * The index of the next marker code at or after {@code from} (the byte after {@code FF} and any
   * {@code FF} fill bytes), skipping bytes that are not markers: entropy-coded data and its stuffed
   * {@code FF 00} pairs. Returns -1 if the data ends first.
   */
  private static int nextMarker(byte[] data, int from) {
    int i = from;
    while (i < data.length) {
      if (unsigned(data, i) != MARKER) {
        i++;
        continue;
      }
      while (i < data.length && unsigned(data, i) == MARKER) {
        i++;
      }
      if (i >= data.length) {
        return -1;
      }
      if (unsigned(data, i) != 0x00) {
        return i;
      }
      i++;
    }
    return -1;
  }

  /** Markers without a length field: TEM, the restart markers RST0..RST7, and SOI. */
  private static boolean isStandalone(int marker) {
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == START_OF_IMAGE;
  }

  /** SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static int unsigned(byte[] data, int index) {
    return data[index] & 0xFF;
  }
}
