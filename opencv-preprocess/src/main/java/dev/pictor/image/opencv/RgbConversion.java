package dev.pictor.image.opencv;

import dev.pictor.ImageException;
import dev.pictor.image.RgbImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Turns what OpenCV decoded into an 8-bit {@link RgbImage}.
 *
 * <p>Accepted are 8- and 16-bit images with 1 (grey), 3 (BGR) or 4 (BGRA) channels. 16-bit samples
 * are scaled to 8 bits with rounding ({@code v * 255 / 65535}). Grey is copied to the three
 * channels. Alpha is composited over opaque white: {@code out = (c * a + 255 * (255 - a)) / 255},
 * rounded, on the 8-bit values, without colour management. Rows are copied out one at a time, so
 * the only large Java array is the result's. Stateless and thread-safe.
 */
final class RgbConversion {
  private RgbConversion() {}

  /**
   * Converts {@code decoded}, which is not modified; the caller still owns and releases it.
   *
   * @throws ImageException naming the input if the pixel type is none of the accepted ones
   */
  static RgbImage toRgbImage(Mat decoded, String inputName) throws ImageException {
    int channels = decoded.channels();
    int depth = decoded.depth();
    if ((depth != CvType.CV_8U && depth != CvType.CV_16U)
        || (channels != 1 && channels != 3 && channels != 4)) {
      throw new ImageException(
          inputName
              + ": decoded to an unsupported pixel type "
              + CvType.typeToString(decoded.type()));
    }
    if (depth == CvType.CV_8U) {
      return interleave(decoded);
    }
    Mat eightBit = new Mat();
    try {
      decoded.convertTo(eightBit, CvType.CV_8U, 255.0 / 65535.0);
      return interleave(eightBit);
    } finally {
      eightBit.release();
    }
  }

  /** Copies an 8-bit grey, BGR or BGRA image into RGB order, compositing alpha over white. */
  private static RgbImage interleave(Mat image) {
    int width = image.cols();
    int height = image.rows();
    int channels = image.channels();
    byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
    byte[] row = new byte[width * channels];
    int out = 0;
    for (int y = 0; y < height; y++) {
      image.get(y, 0, row);
      for (int x = 0; x < width; x++) {
        int in = x * channels;
        if (channels == 1) {
          rgb[out] = row[in];
          rgb[out + 1] = row[in];
          rgb[out + 2] = row[in];
        } else if (channels == 3) {
          rgb[out] = row[in + 2];
          rgb[out + 1] = row[in + 1];
          rgb[out + 2] = row[in];
        } else {
          int alpha = row[in + 3] & 0xFF;
          rgb[out] = overWhite(row[in + 2], alpha);
          rgb[out + 1] = overWhite(row[in + 1], alpha);
          rgb[out + 2] = overWhite(row[in], alpha);
        }
        out += 3;
      }
    }
    return new RgbImage(width, height, rgb);
  }

  /** {@code colour} weighted by {@code alpha}, over white weighted by {@code 255 - alpha}. */
  private static byte overWhite(byte colour, int alpha) {
    int c = colour & 0xFF;
    return (byte) ((c * alpha + 255 * (255 - alpha) + 127) / 255);
  }
}
