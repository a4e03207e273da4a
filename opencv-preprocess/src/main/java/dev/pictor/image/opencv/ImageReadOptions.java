package dev.pictor.image.opencv;

/**
 * Limits that {@link Images} applies when reading an image, so that input from untrusted sources
 * cannot exhaust memory. Immutable and thread-safe; build with {@link #builder()}.
 *
 * <p>Both limits are checked before any pixel is decoded: the encoded size as the bytes arrive, the
 * pixel count against the size in the image's header. At its peak, reading takes about 3 bytes per
 * pixel of native memory for the decoded image (up to 12 for a 16-bit PNG with alpha), plus twice 3
 * bytes per pixel in the Java heap for the pixel array and the copy that {@link
 * dev.pictor.image.RgbImage} makes: about 0.6 GB for an image at the default limit of 64
 * megapixels.
 *
 * @param maxPixels most pixels ({@code width * height}) an image may have, default {@value
 *     #DEFAULT_MAX_PIXELS}, at most {@value #MAX_PIXELS_LIMIT} (the most an {@code RgbImage} can
 *     hold)
 * @param maxEncodedBytes most bytes the encoded image (file, array or stream) may have, default
 *     {@value #DEFAULT_MAX_ENCODED_BYTES} (256 MiB: room for any image within the default pixel
 *     limit, even as an uncompressed 32-bit BMP), at most {@value #MAX_ENCODED_BYTES_LIMIT}
 */
public record ImageReadOptions(long maxPixels, long maxEncodedBytes) {
  /** 64 megapixels, such as 8000 x 8000. */
  public static final long DEFAULT_MAX_PIXELS = 64_000_000L;

  /** 256 MiB. */
  public static final long DEFAULT_MAX_ENCODED_BYTES = 256L * 1024 * 1024;

  /** The largest possible {@link #maxPixels}: 3 bytes per pixel must fit in one Java array. */
  public static final long MAX_PIXELS_LIMIT = (Integer.MAX_VALUE - 8) / 3;

  /** The largest possible {@link #maxEncodedBytes}: the bytes must fit in one Java array. */
  public static final long MAX_ENCODED_BYTES_LIMIT = Integer.MAX_VALUE - 8;

  /**
   * Checks the limits.
   *
   * @throws IllegalArgumentException naming a limit that is below 1 or above its largest value
   */
  public ImageReadOptions {
    if (maxPixels < 1 || maxPixels > MAX_PIXELS_LIMIT) {
      throw new IllegalArgumentException(
          "maxPixels must be within 1.." + MAX_PIXELS_LIMIT + ", was " + maxPixels);
    }
    if (maxEncodedBytes < 1 || maxEncodedBytes > MAX_ENCODED_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "maxEncodedBytes must be within 1.."
              + MAX_ENCODED_BYTES_LIMIT
              + ", was "
              + maxEncodedBytes);
    }
  }

  /** The default limits: 64 megapixels and 256 MiB. */
  public static ImageReadOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the default limits. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link ImageReadOptions}; not thread-safe. */
  public static final class Builder {
    private long maxPixels = DEFAULT_MAX_PIXELS;
    private long maxEncodedBytes = DEFAULT_MAX_ENCODED_BYTES;

    private Builder() {}

    /** Sets the most pixels ({@code width * height}) an image may have. */
    public Builder maxPixels(long pixels) {
      this.maxPixels = pixels;
      return this;
    }

    /** Sets the most bytes an encoded image may have. */
    public Builder maxEncodedBytes(long bytes) {
      this.maxEncodedBytes = bytes;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid value
     */
    public ImageReadOptions build() {
      return new ImageReadOptions(maxPixels, maxEncodedBytes);
    }
  }
}
