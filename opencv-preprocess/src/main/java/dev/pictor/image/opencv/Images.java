package dev.pictor.image.opencv;

import dev.pictor.BackendUnavailableException;
import dev.pictor.ImageException;
import dev.pictor.face.FaceImage;
import dev.pictor.image.RgbImage;
import java.io.IOException;
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
 * <p>Decoding accepts what OpenCV's {@code imdecode} reads (JPEG, PNG, WebP, TIFF, BMP, PPM/PGM,
 * ...). Every result is 8-bit RGB: greyscale is copied to the three channels, an alpha channel is
 * dropped, 16-bit samples are scaled down to 8 bits, and OpenCV turns a JPEG upright as its EXIF
 * orientation tag says. Colour profiles are ignored. JPEG data that stops before its end-of-image
 * marker is refused, although OpenCV itself would fill the missing part with grey.
 *
 * <p>Thread safety: stateless, safe to call from any number of threads. OpenCV's native library is
 * loaded on first use; each call releases the native buffers it allocates before returning, so
 * nothing needs closing.
 */
public final class Images {
  /** Largest byte array the JVM hands out reliably. */
  private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private Images() {}

  /**
   * Reads and decodes an image file.
   *
   * @param file a JPEG, PNG or other file OpenCV can decode
   * @return the pixels as 8-bit RGB
   * @throws ImageException naming the file if it is missing, unreadable, empty, too large,
   *     truncated or not an image OpenCV can decode
   * @throws BackendUnavailableException if OpenCV's native library cannot be loaded
   */
  public static RgbImage read(Path file) throws ImageException {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_ARRAY_LENGTH) {
        throw new ImageException(file + ": the file is too large to decode (" + size + " bytes)");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ImageException(file + ": no such file", e);
    } catch (IOException e) {
      throw new ImageException(file + ": cannot read the file: " + e, e);
    }
    return decode(bytes, file.toString());
  }

  /**
   * Decodes an image held in memory.
   *
   * @param bytes the encoded image (the content of a JPEG, PNG, ... file); not modified
   * @param inputName what to call the input in error messages, such as a file name or URL
   * @return the pixels as 8-bit RGB
   * @throws ImageException naming the input if it is empty, truncated, too large or not an image
   *     OpenCV can decode
   * @throws BackendUnavailableException if OpenCV's native library cannot be loaded
   */
  public static RgbImage decode(byte[] bytes, String inputName) throws ImageException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(inputName, "inputName");
    if (bytes.length == 0) {
      throw new ImageException(inputName + ": the input is empty (0 bytes)");
    }
    if (JpegStructure.looksLikeJpeg(bytes) && !JpegStructure.reachesEndOfImage(bytes)) {
      throw new ImageException(
          inputName + ": truncated or corrupt JPEG (the data ends before the end-of-image marker)");
    }
    OpenCvNatives.ensureLoaded();
    MatOfByte encoded = new MatOfByte(bytes);
    try {
      Mat bgr = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
      try {
        if (bgr.empty()) {
          throw new ImageException(
              inputName
                  + ": cannot decode "
                  + bytes.length
                  + " bytes as an image (unsupported format, or truncated or corrupt data)");
        }
        return toRgbImage(bgr, inputName);
      } finally {
        bgr.release();
      }
    } catch (CvException e) {
      throw new ImageException(inputName + ": OpenCV cannot decode it: " + e.getMessage(), e);
    } finally {
      encoded.release();
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

  private static RgbImage toRgbImage(Mat bgr, String inputName) throws ImageException {
    if (bgr.type() != CvType.CV_8UC3) {
      throw new ImageException(
          inputName + ": decoded to an unexpected pixel type " + CvType.typeToString(bgr.type()));
    }
    long length = (long) bgr.cols() * bgr.rows() * 3;
    if (length > MAX_ARRAY_LENGTH) {
      throw new ImageException(
          inputName + ": the image is too large (" + bgr.cols() + "x" + bgr.rows() + " pixels)");
    }
    Mat rgb = new Mat();
    try {
      Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
      byte[] pixels = new byte[(int) length];
      rgb.get(0, 0, pixels);
      return new RgbImage(rgb.cols(), rgb.rows(), pixels);
    } finally {
      rgb.release();
    }
  }
}
