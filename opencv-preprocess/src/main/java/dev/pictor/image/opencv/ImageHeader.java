package dev.pictor.image.opencv;

import dev.pictor.ImageException;

/**
 * What an image's header says, read before any pixel is decoded: the format, the stored size and
 * the EXIF orientation that {@link Images} applies itself.
 *
 * <p>The per-format readers ({@link JpegHeader}, {@link PngHeader}, {@link BmpHeader}, {@link
 * WebpHeader}) check the fields that say how much memory decoding takes, and refuse impossible
 * values, so that OpenCV is only handed data whose size is known. They do not validate the pixel
 * data itself; OpenCV's decoders do that. Immutable and thread-safe.
 *
 * @param format the encoded format
 * @param width stored width in pixels, at least 1
 * @param height stored height in pixels, at least 1
 * @param orientation the EXIF orientation (1..8) that {@link Images} must apply after decoding; 1
 *     (nothing to do) for JPEG, whose orientation OpenCV applies while decoding
 */
record ImageHeader(ImageFormat format, int width, int height, int orientation) {

  ImageHeader {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("size must be positive, was " + width + "x" + height);
    }
    if (orientation < 1 || orientation > 8) {
      throw new IllegalArgumentException("orientation must be 1..8, was " + orientation);
    }
  }

  /** The number of pixels, {@code width * height}. */
  long pixels() {
    return (long) width * height;
  }

  /**
   * Reads the header of an encoded image.
   *
   * @param data the whole encoded image
   * @param inputName what to call the input in error messages
   * @throws ImageException naming the input if the format is not supported or the header is
   *     truncated, inconsistent or gives an impossible size
   */
  static ImageHeader read(byte[] data, String inputName) throws ImageException {
    ImageFormat format = ImageFormat.detect(data).orElseThrow(() -> unsupported(data, inputName));
    return switch (format) {
      case JPEG -> JpegHeader.read(data, inputName);
      case PNG -> PngHeader.read(data, inputName);
      case BMP -> BmpHeader.read(data, inputName);
      case WEBP -> WebpHeader.read(data, inputName);
    };
  }

  private static ImageException unsupported(byte[] data, String inputName) {
    String what =
        ImageFormat.detectUnsupported(data)
            .map(name -> "it is a " + name + " image")
            .orElse("it is not an image in a format known here");
    return new ImageException(
        inputName
            + ": cannot decode: "
            + what
            + "; the supported formats are "
            + ImageFormat.SUPPORTED);
  }
}
