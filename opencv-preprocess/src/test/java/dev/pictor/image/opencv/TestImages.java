package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Builds encoded test images: re-encodings of the shared photos, and hand-made segments. */
final class TestImages {
  private TestImages() {}

  // ---- OpenCV encodings -------------------------------------------------------------------

  /** An OpenCV matrix of {@code image}'s pixels in BGR order; the caller releases it. */
  static Mat bgr(RgbImage image) {
    OpenCvNatives.ensureLoaded();
    Mat rgb = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    rgb.put(0, 0, image.rgb());
    Mat bgr = new Mat();
    Imgproc.cvtColor(rgb, bgr, Imgproc.COLOR_RGB2BGR);
    rgb.release();
    return bgr;
  }

  /** {@code image} scaled to {@code width} x {@code height} (area averaging). */
  static RgbImage resized(RgbImage image, int width, int height) {
    Mat source = bgr(image);
    Mat small = new Mat();
    Imgproc.resize(source, small, new Size(width, height), 0, 0, Imgproc.INTER_AREA);
    Imgproc.cvtColor(small, small, Imgproc.COLOR_BGR2RGB);
    byte[] rgb = new byte[width * height * 3];
    small.get(0, 0, rgb);
    source.release();
    small.release();
    return new RgbImage(width, height, rgb);
  }

  /**
   * {@code image} encoded by OpenCV; {@code extension} such as ".png", then optional {@code
   * IMWRITE_*} flag and value pairs.
   */
  static byte[] encode(Mat image, String extension, int... params) {
    OpenCvNatives.ensureLoaded();
    MatOfByte out = new MatOfByte();
    MatOfInt flags = new MatOfInt(params);
    try {
      assertThat(Imgcodecs.imencode(extension, image, out, flags))
          .as("imencode %s", extension)
          .isTrue();
      return out.toArray();
    } finally {
      out.release();
      flags.release();
    }
  }

  static byte[] encode(RgbImage image, String extension, int... params) {
    Mat bgr = bgr(image);
    try {
      return encode(bgr, extension, params);
    } finally {
      bgr.release();
    }
  }

  /** A matrix of the given type filled from {@code values} row by row; the caller releases it. */
  static Mat mat(int rows, int cols, int type, byte... values) {
    OpenCvNatives.ensureLoaded();
    Mat mat = new Mat(rows, cols, type);
    mat.put(0, 0, values);
    return mat;
  }

  // ---- ImageIO encodings ------------------------------------------------------------------

  /** {@code image} written by Java's ImageIO in {@code format} ("png", "gif", "tiff", ...). */
  static byte[] imageIo(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertThat(ImageIO.write(image, format, out)).as("ImageIO writes %s", format).isTrue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * {@code image} (or, if {@code image} is null, {@code raster}) written by ImageIO's writer for
   * {@code format} with the given compression type (null: the default) and progressive mode.
   */
  static byte[] imageIo(
      BufferedImage image, Raster raster, String format, String compression, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    if (compression != null || format.equals("jpeg")) {
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      if (compression != null) {
        param.setCompressionType(compression);
      }
      if (format.equals("jpeg")) {
        param.setCompressionQuality(1f);
      }
    }
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      IIOImage content =
          image != null ? new IIOImage(image, null, null) : new IIOImage(raster, null, null);
      writer.write(null, content, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  // ---- run-length encoded BMP -------------------------------------------------------------

  /**
   * A BMP with a grey palette ({@code 1 << bits} levels, or 256 for 8 bits), run-length encoded
   * (RLE8 for 8 bits, RLE4 for 4): runs of three or more equal pixels as encoded runs, the rest in
   * absolute runs, padded to 16 bits as the format requires. (ImageIO's BMP writer pads odd RLE4
   * absolute runs wrongly, which OpenCV rightly refuses.)
   *
   * @param indices palette indices, {@code indices[y][x]}, top row first
   */
  static byte[] rleBmp(int[][] indices, int bits) {
    int height = indices.length;
    int width = indices[0].length;
    int colours = 1 << bits;
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    for (int y = height - 1; y >= 0; y--) { // bottom-up
      int[] row = indices[y];
      int x = 0;
      while (x < width) {
        int run = 1;
        while (x + run < width && run < 255 && row[x + run] == row[x]) {
          run++;
        }
        if (run >= 3 || width - x < 3) {
          pixels.write(run);
          pixels.write(bits == 8 ? row[x] : row[x] << 4 | row[x]);
          x += run;
          continue;
        }
        int count = 0;
        while (x + count < width
            && count < 255
            && !(x + count + 2 < width
                && row[x + count] == row[x + count + 1]
                && row[x + count] == row[x + count + 2])) {
          count++;
        }
        count = Math.max(3, Math.min(count, width - x));
        pixels.write(0);
        pixels.write(count);
        int bytes = bits == 8 ? count : (count + 1) / 2;
        for (int i = 0; i < bytes; i++) {
          pixels.write(
              bits == 8
                  ? row[x + i]
                  : row[x + 2 * i] << 4 | (2 * i + 1 < count ? row[x + 2 * i + 1] : 0));
        }
        if (bytes % 2 == 1) {
          pixels.write(0);
        }
        x += count;
      }
      pixels.write(0); // end of line
      pixels.write(0);
    }
    pixels.write(0); // end of bitmap
    pixels.write(1);
    int offset = 14 + 40 + 4 * colours;
    int size = offset + pixels.size();
    ByteBuffer bmp = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    bmp.put((byte) 'B').put((byte) 'M').putInt(size).putInt(0).putInt(offset);
    bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) bits);
    bmp.putInt(bits == 8 ? 1 : 2).putInt(pixels.size()).putInt(2835).putInt(2835);
    bmp.putInt(colours).putInt(0);
    for (int i = 0; i < colours; i++) {
      byte grey = (byte) (i * 255 / (colours - 1));
      bmp.put(grey).put(grey).put(grey).put((byte) 0);
    }
    bmp.put(pixels.toByteArray());
    return bmp.array();
  }

  // ---- hand-made segments -----------------------------------------------------------------

  /**
   * A TIFF-structured EXIF block whose first directory holds one entry: Orientation (0x0112),
   * SHORT, count 1, {@code orientation}.
   */
  static byte[] exifOrientation(int orientation, boolean littleEndian) {
    ByteBuffer tiff = ByteBuffer.allocate(26);
    tiff.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
    tiff.putShort((short) 42).putInt(8); // magic, offset of the first directory
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // tag, SHORT, count
    tiff.putShort((short) orientation).putShort((short) 0); // value, padded to 4 bytes
    tiff.putInt(0); // no next directory
    return tiff.array();
  }

  /** {@code jpeg} with a segment {@code FF marker, length, payload} right after its SOI marker. */
  static byte[] withJpegSegment(byte[] jpeg, int marker, byte[] payload) {
    int length = payload.length + 2;
    assertThat(length).isLessThan(65536);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(marker);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.write(payload, 0, payload.length);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** {@code jpeg} with an APP1 EXIF segment giving {@code orientation}. */
  static byte[] withJpegOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
    return withJpegSegment(
        jpeg, 0xE1, concat(ascii("Exif\0\0"), exifOrientation(orientation, littleEndian)));
  }

  /** An Adobe APP14 payload with the given colour transform (0 none, 1 YCbCr, 2 YCCK). */
  static byte[] adobeApp14(int transform) {
    return concat(ascii("Adobe"), new byte[] {0, 100, 0, 0, 0, 0, (byte) transform});
  }

  /** A PNG chunk: length, type, data, CRC of type and data. */
  static byte[] pngChunk(String type, byte[] data) {
    ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
    chunk.putInt(data.length).put(ascii(type)).put(data);
    CRC32 crc = new CRC32();
    crc.update(ascii(type));
    crc.update(data);
    chunk.putInt((int) crc.getValue());
    return chunk.array();
  }

  /** A 13-byte IHDR payload. */
  static byte[] ihdr(long width, long height, int bitDepth, int colourType) {
    return ByteBuffer.allocate(13)
        .putInt((int) width)
        .putInt((int) height)
        .put((byte) bitDepth)
        .put((byte) colourType)
        .put(new byte[3])
        .array();
  }

  /** The PNG signature. */
  static byte[] pngSignature() {
    return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  }

  /** {@code png} with {@code chunk} inserted right after the IHDR chunk (at byte 33). */
  static byte[] withPngChunkAfterHeader(byte[] png, byte[] chunk) {
    return concat(Arrays.copyOf(png, 33), chunk, Arrays.copyOfRange(png, 33, png.length));
  }

  /** {@code png} with {@code chunk} inserted before its final IEND chunk. */
  static byte[] withPngChunkAtEnd(byte[] png, byte[] chunk) {
    int iend = png.length - 12;
    assertThat(new String(png, iend + 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("IEND");
    return concat(Arrays.copyOf(png, iend), chunk, Arrays.copyOfRange(png, iend, png.length));
  }

  /** A RIFF chunk: type, little-endian length, data, a padding byte if the length is odd. */
  static byte[] riffChunk(String type, byte[] data) {
    ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1));
    chunk.order(ByteOrder.LITTLE_ENDIAN).put(ascii(type)).putInt(data.length).put(data);
    return chunk.array();
  }

  /** A WebP file: "RIFF", length, "WEBP", then {@code chunks}. */
  static byte[] webp(byte[]... chunks) {
    byte[] body = concat(chunks);
    ByteBuffer file = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    file.put(ascii("RIFF")).putInt(4 + body.length).put(ascii("WEBP")).put(body);
    return file.array();
  }

  /** A VP8X chunk with the given flags and canvas size. */
  static byte[] vp8x(int flags, int width, int height) {
    byte[] data = new byte[10];
    data[0] = (byte) flags;
    putU24(data, 4, width - 1);
    putU24(data, 7, height - 1);
    return riffChunk("VP8X", data);
  }

  /** The chunks of a simple-layout WebP file (everything after "WEBP"). */
  static byte[] webpChunks(byte[] webp) {
    assertThat(new String(webp, 8, 4, StandardCharsets.ISO_8859_1)).isEqualTo("WEBP");
    return Arrays.copyOfRange(webp, 12, webp.length);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putU24(byte[] data, int offset, int value) {
    data[offset] = (byte) value;
    data[offset + 1] = (byte) (value >> 8);
    data[offset + 2] = (byte) (value >> 16);
  }
}
