package dev.pictor.image.opencv;

import dev.pictor.ImageException;
import dev.pictor.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.UUID;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Writes {@link RgbImage}s as PNG (lossless, 8-bit RGB) or JPEG (quality {@value #JPEG_QUALITY}),
 * encoded by OpenCV.
 *
 * <p>The file is written next to its destination under a temporary name and then moved into place,
 * so a reader never sees a half-written image and a failed write leaves an existing file untouched.
 *
 * <p>Thread safety: stateless, safe from any number of threads (two threads writing the same path
 * leave one complete image). Native buffers are released before each call returns.
 */
public final class ImageWriter {
  /** JPEG quality used by {@link #write}. */
  public static final int JPEG_QUALITY = 95;

  private ImageWriter() {}

  /**
   * Writes {@code image} in the format its file name asks for: {@code .png}, or {@code .jpg} /
   * {@code .jpeg} (case-insensitive).
   *
   * @throws ImageException naming the file if the extension is not one of these, or the file cannot
   *     be written
   */
  public static void write(RgbImage image, Path file) throws ImageException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".png")) {
      writeFile(encode(image, ".png", file), file);
    } else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
      writeFile(encode(image, ".jpg", file), file);
    } else {
      throw new ImageException(
          "cannot write " + file + ": choose a file name ending in .png, .jpg or .jpeg");
    }
  }

  /**
   * Writes {@code image} as a PNG, whatever the file is called.
   *
   * @throws ImageException naming the file if it cannot be written
   */
  public static void writePng(RgbImage image, Path file) throws ImageException {
    writeFile(encode(image, ".png", file), file);
  }

  /** The PNG encoding of {@code image}. */
  public static byte[] encodePng(RgbImage image) throws ImageException {
    return encode(image, ".png", null);
  }

  private static byte[] encode(RgbImage image, String extension, Path file) throws ImageException {
    OpenCvNatives.ensureLoaded();
    Mat rgb = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    Mat bgr = new Mat();
    MatOfByte out = new MatOfByte();
    MatOfInt params =
        extension.equals(".jpg")
            ? new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY)
            : new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 6);
    try {
      rgb.put(0, 0, image.rgb());
      Imgproc.cvtColor(rgb, bgr, Imgproc.COLOR_RGB2BGR);
      if (!Imgcodecs.imencode(extension, bgr, out, params)) {
        throw new ImageException(
            "OpenCV could not encode a " + image + " as " + extension + " for " + file);
      }
      return out.toArray();
    } finally {
      rgb.release();
      bgr.release();
      out.release();
      params.release();
    }
  }

  private static void writeFile(byte[] bytes, Path file) throws ImageException {
    Path target = file.toAbsolutePath();
    Path tmp = null;
    try {
      Path dir = target.getParent();
      // Not Files.createTempFile: its files are private (rw-------); this one gets the usual
      // permissions of a new file, as if written directly.
      tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new ImageException("cannot write image " + file + ": " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write failed already; that is the error reported.
        }
      }
    }
  }
}
