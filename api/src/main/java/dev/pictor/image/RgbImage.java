package dev.pictor.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded 8-bit RGB image: samples interleaved row by row ({@code [y][x][r,g,b]}), top row first,
 * each byte an unsigned value 0..255.
 *
 * <p>Immutable and therefore thread-safe: the pixel array is copied when the image is made and
 * every time {@link #rgb()} is called. {@link #toString()} shows the size only, never pixels (a
 * photo of a face is biometric data). It owns no native memory and needs no closing.
 *
 * @param width width in pixels, at least 1
 * @param height height in pixels, at least 1
 * @param rgb exactly {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] rgb) {

  /**
   * Makes an image from a copy of {@code rgb}.
   *
   * @throws IllegalArgumentException if a size is not positive, {@code rgb} is null, or its length
   *     is not {@code width * height * 3}
   */
  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, was " + width + "x" + height);
    }
    if (rgb == null) {
      throw new IllegalArgumentException("rgb must not be null");
    }
    long expected = (long) width * height * 3;
    if (rgb.length != expected) {
      throw new IllegalArgumentException(
          "rgb has "
              + rgb.length
              + " bytes, a "
              + width
              + "x"
              + height
              + " RGB image needs "
              + expected);
    }
    rgb = rgb.clone();
  }

  /** A copy of the interleaved RGB bytes. */
  @Override
  public byte[] rgb() {
    return rgb.clone();
  }

  /**
   * The value 0..255 of channel {@code channel} (0 = red, 1 = green, 2 = blue) of the pixel at
   * ({@code x}, {@code y}), read without copying the image.
   *
   * @throws IndexOutOfBoundsException if the pixel or channel is outside the image
   */
  public int value(int x, int y, int channel) {
    Objects.checkIndex(x, width);
    Objects.checkIndex(y, height);
    Objects.checkIndex(channel, 3);
    return rgb[(y * width + x) * 3 + channel] & 0xFF;
  }

  /** This image mirrored left to right. */
  public RgbImage mirrored() {
    byte[] dst = new byte[rgb.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        System.arraycopy(rgb, (y * width + x) * 3, dst, (y * width + (width - 1 - x)) * 3, 3);
      }
    }
    return new RgbImage(width, height, dst);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && other.width == width
        && other.height == height
        && Arrays.equals(other.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
