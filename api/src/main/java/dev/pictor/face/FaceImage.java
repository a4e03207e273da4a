package dev.pictor.face;

import java.util.Arrays;

/**
 * An aligned face crop ready for an encoder: RGB pixels, interleaved row by row ({@code
 * [y][x][r,g,b]}), as floats in 0..255 (floats so that sub-pixel warps need no rounding).
 *
 * <p>Immutable: the pixel array is copied in and out. Every value must be finite and within 0..255.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb {@code width * height * 3} values
 */
public record FaceImage(int width, int height, float[] rgb) {

  public FaceImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "face image size must be positive, was " + width + "x" + height);
    }
    if (rgb == null) {
      throw new IllegalArgumentException("rgb must not be null");
    }
    if ((long) width * height * 3 != rgb.length) {
      throw new IllegalArgumentException(
          "rgb has "
              + rgb.length
              + " values, a "
              + width
              + "x"
              + height
              + " RGB image needs "
              + ((long) width * height * 3));
    }
    rgb = rgb.clone();
    for (int i = 0; i < rgb.length; i++) {
      float v = rgb[i];
      if (!(v >= 0f && v <= 255f)) {
        throw new IllegalArgumentException(
            "pixel value at index "
                + i
                + " (x="
                + (i / 3) % width
                + ", y="
                + (i / 3) / width
                + ") is "
                + v
                + "; values must be finite and within 0..255");
      }
    }
  }

  /** A face image from 8-bit interleaved RGB bytes. */
  public static FaceImage ofRgbBytes(int width, int height, byte[] rgb) {
    if (rgb == null) {
      throw new IllegalArgumentException("rgb must not be null");
    }
    float[] values = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      values[i] = rgb[i] & 0xFF;
    }
    return new FaceImage(width, height, values);
  }

  /** A copy of the pixel values. */
  @Override
  public float[] rgb() {
    return rgb.clone();
  }

  /** The value of channel {@code c} (0 = R) at ({@code x}, {@code y}), without copying. */
  public float value(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c];
  }

  /**
   * Copies channel {@code c} (0 = R) into {@code dst} from {@code offset}, row by row ({@code width
   * * height} values), without copying the whole image first.
   */
  public void copyChannel(int c, float[] dst, int offset) {
    if (c < 0 || c > 2) {
      throw new IllegalArgumentException("channel must be 0, 1 or 2, was " + c);
    }
    int n = width * height;
    for (int p = 0, i = c; p < n; p++, i += 3) {
      dst[offset + p] = rgb[i];
    }
  }

  /** This crop mirrored left to right. */
  public FaceImage mirrored() {
    float[] dst = new float[rgb.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        System.arraycopy(rgb, (y * width + x) * 3, dst, (y * width + (width - 1 - x)) * 3, 3);
      }
    }
    return new FaceImage(width, height, dst);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceImage f
        && f.width == width
        && f.height == height
        && Arrays.equals(f.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "FaceImage[" + width + "x" + height + "]";
  }
}
