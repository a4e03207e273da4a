package dev.pictor.image.opencv;

import java.util.Optional;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The encoded formats {@link Images} reads, recognised by their first bytes (never by a file name),
 * and how OpenCV is asked to decode each.
 *
 * <p>JPEG and BMP are decoded straight to 3-channel colour ({@code IMREAD_COLOR}), which lets
 * OpenCV apply a JPEG's EXIF orientation and convert CMYK. PNG and WebP are decoded as stored
 * ({@code IMREAD_UNCHANGED}) so that their alpha channel survives to be composited; their
 * orientation is applied by {@link Images} from the header.
 */
enum ImageFormat {
  JPEG("JPEG", Imgcodecs.IMREAD_COLOR),
  PNG("PNG", Imgcodecs.IMREAD_UNCHANGED),
  BMP("BMP", Imgcodecs.IMREAD_COLOR),
  WEBP("WebP", Imgcodecs.IMREAD_UNCHANGED);

  /** The supported formats, for error messages. */
  static final String SUPPORTED = "JPEG, PNG, BMP and WebP";

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private final String displayName;
  private final int decodeFlags;

  ImageFormat(String displayName, int decodeFlags) {
    this.displayName = displayName;
    this.decodeFlags = decodeFlags;
  }

  /** The usual name of the format, such as "WebP". */
  String displayName() {
    return displayName;
  }

  /** The {@code Imgcodecs.imdecode} flags for this format. */
  int decodeFlags() {
    return decodeFlags;
  }

  /** The supported format whose signature {@code data} starts with, if any. */
  static Optional<ImageFormat> detect(byte[] data) {
    if (JpegStructure.looksLikeJpeg(data)) {
      return Optional.of(JPEG);
    }
    if (startsWith(data, PNG_SIGNATURE)) {
      return Optional.of(PNG);
    }
    if (Bytes.matches(data, 0, "BM")) {
      return Optional.of(BMP);
    }
    if (Bytes.matches(data, 0, "RIFF") && Bytes.matches(data, 8, "WEBP")) {
      return Optional.of(WEBP);
    }
    return Optional.empty();
  }

  /**
   * The name of a well-known format that is not supported, which {@code data} starts like, if any:
   * GIF, TIFF, JPEG 2000, HEIF/AVIF and the netpbm formats, all of which OpenCV could try to decode
   * but {@link Images} refuses.
   */
  static Optional<String> detectUnsupported(byte[] data) {
    if (Bytes.matches(data, 0, "GIF87a") || Bytes.matches(data, 0, "GIF89a")) {
      return Optional.of("GIF");
    }
    if (Bytes.matches(data, 0, "II*\0") || Bytes.matches(data, 0, "MM\0*")) {
      return Optional.of("TIFF");
    }
    if (Bytes.matches(data, 4, "jP  ") || Bytes.matches(data, 0, "\u00FFO\u00FFQ")) {
      return Optional.of("JPEG 2000");
    }
    if (Bytes.matches(data, 4, "ftyp")) {
      return Optional.of("HEIF/AVIF");
    }
    if (data.length >= 3
        && data[0] == 'P'
        && data[1] >= '1'
        && data[1] <= '7'
        && Character.isWhitespace(data[2])) {
      return Optional.of("netpbm (PBM/PGM/PPM/PAM)");
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
