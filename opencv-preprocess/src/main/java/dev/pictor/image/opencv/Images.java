package dev.pictor.image.opencv;

import dev.pictor.BackendUnavailableException;
import dev.pictor.ImageException;
import dev.pictor.face.FaceImage;
import dev.pictor.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Reads images into {@link RgbImage}s and turns face crops into the {@link FaceImage}s an encoder
 * takes, with OpenCV.
 *
 * <p><b>Formats.</b> JPEG, PNG, BMP and WebP are read, recognised by their content (never by a file
 * name). Anything else, including formats OpenCV could decode (GIF, TIFF, JPEG 2000, netpbm, ...),
 * is refused with an {@link ImageException} that names the supported formats: each extra decoder is
 * extra attack surface for input from untrusted sources.
 *
 * <p><b>Before decoding.</b> The header is parsed here, not by OpenCV, and the image is refused if
 * it has more pixels than {@link ImageReadOptions#maxPixels()} (64 megapixels by default), if the
 * encoded input is larger than {@link ImageReadOptions#maxEncodedBytes()}, or if the header is
 * truncated, inconsistent or gives an impossible size. A small file claiming a huge size (a
 * decompression bomb) is therefore refused without allocating its pixels. JPEG data that stops
 * before its end-of-image marker is refused as well, although OpenCV itself would fill the missing
 * part with grey; so are progressive JPEGs with more than 100 scans, animated WebP, and 12-bit
 * JPEG.
 *
 * <p><b>Pixels.</b> Every result is 8-bit RGB, top row first:
 *
 * <ul>
 *   <li>greyscale is copied to the three channels;
 *   <li>16-bit samples (PNG) are scaled to 8 bits with rounding;
 *   <li>transparency (PNG with alpha, grey with alpha or a palette with transparent entries; WebP
 *       with alpha) is composited over opaque white, as image viewers show it on a white page. The
 *       colour of a fully transparent pixel is undefined (encoders are free to change it, and
 *       WebP's does), so dropping the alpha channel instead would give results that depend on the
 *       encoder. A BMP's fourth byte is ignored, because many writers leave it zero; so is a PNG's
 *       single transparent colour key (tRNS in a grey or truecolour PNG);
 *   <li>CMYK and YCCK JPEGs are converted to RGB as Adobe's applications write them (the inverted
 *       "Adobe" convention, flagged by an APP14 marker). A 4-component JPEG without that marker is
 *       read the same way, as OpenCV, ImageMagick and Chrome read it;
 *   <li>the EXIF orientation is applied, so the result is upright as viewers show it: for JPEG
 *       (APP1 segment, by OpenCV), PNG (eXIf chunk before the image data) and WebP (EXIF chunk);
 *   <li>colour profiles (ICC) and gamma are ignored: samples are taken as sRGB.
 * </ul>
 *
 * <p>Bad input never crashes or hangs the JVM: it yields an {@link ImageException} naming the
 * input. This is backed by a fuzz test over mutated and truncated files of every format.
 *
 * <p>Thread safety: stateless, safe to call from any number of threads. OpenCV's native library is
 * loaded on first use; each call releases the native buffers it allocates before returning, so
 * nothing needs closing. Streams passed in are read but not closed: they belong to the caller.
 */
public final class Images {
  /** Largest byte array the JVM hands out reliably. */
  private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private Images() {}

  /**
   * Reads and decodes an image file with the {@linkplain ImageReadOptions#defaults() default
   * limits}.
   *
   * @param file a JPEG, PNG, BMP or WebP file
   * @return the pixels as 8-bit RGB
   * @throws ImageException naming the file if it is missing, unreadable, empty, too large,
   *     truncated, corrupt or not in a supported format
   * @throws BackendUnavailableException if OpenCV's native library cannot be loaded
   */
  public static RgbImage read(Path file) throws ImageException {
    return read(file, ImageReadOptions.defaults());
  }

  /**
   * Reads and decodes an image file within the given limits.
   *
   * @param file a JPEG, PNG, BMP or WebP file
   * @param options the limits on the file's size and the image's pixel count
   * @return the pixels as 8-bit RGB
   * @throws ImageException naming the file if it is missing, unreadable, empty, over a limit,
   *     truncated, corrupt or not in a supported format
   * @throws BackendUnavailableException if OpenCV's native library cannot be loaded
   */
  public static RgbImage read(Path file, ImageReadOptions options) throws ImageException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    String name = file.toString();
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > options.maxEncodedBytes()) {
        throw BoundedInput.tooLarge(name, size, options.maxEncodedBytes());
      }
      // Read through a bounded stream even so: the file may grow, or be a device such as /dev/zero.
      try (InputStream in = Files.newInputStream(file)) {
        bytes = BoundedInput.readAll(in, options.maxEncodedBytes(), name);
      }
    } catch (NoSuchFileException e) {
      throw new ImageException(name + ": no such file", e);
    } catch (IOException e) {
      throw new ImageException(name + ": cannot read the file: " + e, e);
    }
    return decode(bytes, name, options);
  }

  /**
   * Reads an image from a stream, to the stream's end, with the {@linkplain
   * ImageReadOptions#defaults() default limits}. The stream is not closed.
   *
   * @param in the encoded image, such as an upload or a resource; read to its end
   * @param inputName what to call the input in error messages, such as a file name or URL
   * @return the pixels as 8-bit RGB
   * @throws ImageException naming the input if reading fails, or the data is empty, over a limit,
   *     truncated, corrupt or not in a supported format
   * @throws BackendUnavailableException if OpenCV's native library cannot be loaded
   */
  public static RgbImage read(InputStream in, String inputName) throws ImageException {
    return read(in, inputName, ImageReadOptions.defaults());
  }

  /**
   * Reads an image from a stream, to the stream's end, within the given limits. The stream is not
   * closed. A stream longer than {@link ImageReadOptions#maxEncodedBytes()} is refused as soon as
   * the limit is passed, without reading the rest.
   *
   * @param in the encoded image, such as an upload or a resource; read to its end
   * @param inputName what to call the input in error messages, such as a file name or URL
   * @param options the limits on the stream's length and the image's pixel count
   * @return the pixels as 8-bit RGB
   * @throws ImageException naming the input if reading fails, or the data is empty, over a limit,
   *     truncated, corrupt or not in a supported format
   * @throws BackendUnavailableException if OpenCV's native library cannot be loaded
   */
  public static RgbImage read(InputStream in, String inputName, ImageReadOptions options)
      throws ImageException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(inputName, "inputName");
    Objects.requireNonNull(options, "options");
    byte[] bytes;
    try {
      bytes = BoundedInput.readAll(in, options.maxEncodedBytes(), inputName);
    } catch (IOException e) {
      throw new ImageException(inputName + ": cannot read the stream: " + e, e);
    }
    return decode(bytes, inputName, options);
  }

  /**
   * Decodes an image held in memory with the {@linkplain ImageReadOptions#defaults() default
   * limits}.
   *
   * @param bytes the encoded image (the content of a JPEG, PNG, BMP or WebP file); not modified
   * @param inputName what to call the input in error messages, such as a file name or URL
   * @return the pixels as 8-bit RGB
   * @throws ImageException naming the input if it is empty, over a limit, truncated, corrupt or not
   *     in a supported format
   * @throws BackendUnavailableException if OpenCV's native library cannot be loaded
   */
  public static RgbImage decode(byte[] bytes, String inputName) throws ImageException {
    return decode(bytes, inputName, ImageReadOptions.defaults());
  }

  /**
   * Decodes an image held in memory within the given limits.
   *
   * @param bytes the encoded image (the content of a JPEG, PNG, BMP or WebP file); not modified
   * @param inputName what to call the input in error messages, such as a file name or URL
   * @param options the limits on the encoded size and the image's pixel count
   * @return the pixels as 8-bit RGB
   * @throws ImageException naming the input if it is empty, over a limit, truncated, corrupt or not
   *     in a supported format
   * @throws BackendUnavailableException if OpenCV's native library cannot be loaded
   */
  public static RgbImage decode(byte[] bytes, String inputName, ImageReadOptions options)
      throws ImageException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(inputName, "inputName");
    Objects.requireNonNull(options, "options");
    if (bytes.length == 0) {
      throw new ImageException(inputName + ": the input is empty (0 bytes)");
    }
    if (bytes.length > options.maxEncodedBytes()) {
      throw BoundedInput.tooLarge(inputName, bytes.length, options.maxEncodedBytes());
    }
    ImageHeader header = ImageHeader.read(bytes, inputName);
    checkPixelLimit(header, options, inputName);
    if (header.format() == ImageFormat.JPEG) {
      JpegHeader.checkCodedData(bytes, inputName);
    }
    OpenCvNatives.ensureLoaded();
    MatOfByte encoded = new MatOfByte(bytes);
    Mat decoded = null;
    try {
      decoded = Imgcodecs.imdecode(encoded, header.format().decodeFlags());
      checkDecoded(decoded, header, bytes.length, inputName);
      Mat upright = ExifOrientation.apply(decoded, header.orientation());
      try {
        return RgbConversion.toRgbImage(upright, inputName);
      } finally {
        if (upright != decoded) {
          upright.release();
        }
      }
    } catch (CvException e) {
      throw new ImageException(inputName + ": OpenCV cannot decode it: " + e.getMessage(), e);
    } finally {
      if (decoded != null) {
        decoded.release();
      }
      encoded.release();
    }
  }

  private static void checkPixelLimit(
      ImageHeader header, ImageReadOptions options, String inputName) throws ImageException {
    if (header.pixels() > options.maxPixels()) {
      throw new ImageException(
          inputName
              + ": the "
              + header.format().displayName()
              + " image is "
              + header.width()
              + "x"
              + header.height()
              + " pixels ("
              + header.pixels()
              + "), more than the limit of "
              + options.maxPixels()
              + " pixels (ImageReadOptions.maxPixels)");
    }
  }

  /**
   * Refuses an empty result (OpenCV's only sign of failure) and one the header did not announce.
   */
  private static void checkDecoded(Mat decoded, ImageHeader header, int length, String inputName)
      throws ImageException {
    String format = header.format().displayName();
    if (decoded.empty()) {
      throw new ImageException(
          inputName
              + ": cannot decode "
              + length
              + " bytes as a "
              + format
              + " image (truncated or corrupt data, or a variant OpenCV does not support)");
    }
    // JPEG may come out turned by its EXIF orientation, so compare pixel counts, not sides.
    if ((long) decoded.cols() * decoded.rows() != header.pixels()) {
      throw new ImageException(
          inputName
              + ": corrupt "
              + format
              + ": decoded to "
              + decoded.cols()
              + "x"
              + decoded.rows()
              + " pixels, but the header says "
              + header.width()
              + "x"
              + header.height());
    }
  }

  /**
   * Turns a face crop into an encoder input of {@code width} x {@code height} pixels.
   *
   * <p>If the image already has that size its pixels are copied unchanged. Otherwise it is resized
   * as a whole, in floating point: with {@code INTER_AREA} (pixel-area averaging, which does not
   * alias) when either side shrinks, with {@code INTER_LINEAR} (bilinear) when both sides stay or
   * grow. The aspect ratio is not kept: a crop of another shape is stretched.
   *
   * <p>This is <b>not</b> face alignment. Nothing here finds the face or moves its eyes and mouth
   * to where the model expects them; the input must already be a tight crop of one face, roughly
   * upright and centred, as the model's training crops were. Face detection and landmark alignment
   * come later.
   *
   * @param image a face crop
   * @param width width the encoder wants, as in its model card
   * @param height height the encoder wants
   * @throws IllegalArgumentException if a size is not positive
   * @throws BackendUnavailableException if OpenCV's native library cannot be loaded
   */
  public static FaceImage toFaceImage(RgbImage image, int width, int height) {
    Objects.requireNonNull(image, "image");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "target size must be positive, was " + width + "x" + height);
    }
    if ((long) width * height * 3 > MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException("target size " + width + "x" + height + " is too large");
    }
    if (image.width() == width && image.height() == height) {
      return FaceImage.ofRgbBytes(width, height, image.rgb());
    }
    OpenCvNatives.ensureLoaded();
    boolean shrinking = width < image.width() || height < image.height();
    int interpolation = shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
    Mat bytes = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    Mat floats = new Mat();
    Mat resized = new Mat();
    try {
      bytes.put(0, 0, image.rgb());
      bytes.convertTo(floats, CvType.CV_32FC3);
      Imgproc.resize(floats, resized, new Size(width, height), 0, 0, interpolation);
      float[] rgb = new float[width * height * 3];
      resized.get(0, 0, rgb);
      for (int i = 0; i < rgb.length; i++) {
        // Both interpolations mix samples with weights that sum to one; clamp float rounding.
        rgb[i] = Math.min(255f, Math.max(0f, rgb[i]));
      }
      return new FaceImage(width, height, rgb);
    } finally {
      bytes.release();
      floats.release();
      resized.release();
    }
  }
}
