package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.image.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Each EXIF orientation turns the stored pixels upright as the EXIF specification says, in every
 * format that carries one. The expected images are computed here, pixel by pixel, from the table in
 * the specification, independently of the code under test.
 */
class OrientationTest {

  /** A real photo, small and not square, so that a wrong turn cannot go unnoticed. */
  private static RgbImage photo;

  @BeforeAll
  static void scalePhoto() throws Exception {
    photo = TestImages.resized(Images.read(SharedData.tubingen()), 48, 36);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void jpegWithAnExifApp1Segment(int orientation) throws Exception {
    byte[] jpeg = TestImages.encode(photo, ".jpg", Imgcodecs.IMWRITE_JPEG_QUALITY, 95);
    RgbImage stored = Images.decode(jpeg, "stored.jpg");

    // Both byte orders occur in cameras' EXIF blocks.
    boolean littleEndian = orientation % 2 == 0;
    RgbImage upright =
        Images.decode(
            TestImages.withJpegOrientation(jpeg, orientation, littleEndian), "oriented.jpg");

    assertThat(upright).isEqualTo(expected(stored, orientation));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void pngWithAnExifChunk(int orientation) throws Exception {
    byte[] png = TestImages.encode(photo, ".png");
    byte[] oriented =
        TestImages.withPngChunkAfterHeader(
            png, TestImages.pngChunk("eXIf", TestImages.exifOrientation(orientation, false)));

    assertThat(Images.decode(oriented, "oriented.png")).isEqualTo(expected(photo, orientation));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void pngWithAlphaAndAnExifChunk(int orientation) throws Exception {
    byte[] rgb = photo.rgb();
    byte[] bgra = new byte[photo.width() * photo.height() * 4];
    for (int i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
      bgra[o] = rgb[i + 2];
      bgra[o + 1] = rgb[i + 1];
      bgra[o + 2] = rgb[i];
      bgra[o + 3] = (byte) 0xFF;
    }
    Mat image = TestImages.mat(photo.height(), photo.width(), CvType.CV_8UC4, bgra);
    byte[] png = TestImages.encode(image, ".png");
    image.release();
    byte[] oriented =
        TestImages.withPngChunkAfterHeader(
            png, TestImages.pngChunk("eXIf", TestImages.exifOrientation(orientation, true)));

    assertThat(Images.decode(oriented, "oriented-rgba.png"))
        .isEqualTo(expected(photo, orientation));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void webpWithAnExifChunk(int orientation) throws Exception {
    // Lossless, so the stored pixels are the photo's.
    byte[] simple = TestImages.encode(photo, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
    byte[] oriented =
        TestImages.webp(
            TestImages.vp8x(0x08, photo.width(), photo.height()),
            TestImages.webpChunks(simple),
            TestImages.riffChunk("EXIF", TestImages.exifOrientation(orientation, true)));

    assertThat(Images.decode(oriented, "oriented.webp")).isEqualTo(expected(photo, orientation));
  }

  /**
   * The upright image for stored pixels {@code s} with EXIF orientation {@code orientation}: where
   * the stored row 0 and column 0 appear on screen (EXIF 2.32, tag 0x0112).
   */
  static RgbImage expected(RgbImage s, int orientation) {
    int w = s.width();
    int h = s.height();
    boolean swapped = orientation >= 5;
    int outWidth = swapped ? h : w;
    int outHeight = swapped ? w : h;
    byte[] rgb = new byte[outWidth * outHeight * 3];
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        int[] from =
            switch (orientation) {
              case 1 -> new int[] {x, y}; // row 0 top, column 0 left
              case 2 -> new int[] {w - 1 - x, y}; // row 0 top, column 0 right
              case 3 -> new int[] {w - 1 - x, h - 1 - y}; // row 0 bottom, column 0 right
              case 4 -> new int[] {x, h - 1 - y}; // row 0 bottom, column 0 left
              case 5 -> new int[] {y, x}; // row 0 left, column 0 top
              case 6 -> new int[] {y, h - 1 - x}; // row 0 right, column 0 top
              case 7 -> new int[] {w - 1 - y, h - 1 - x}; // row 0 right, column 0 bottom
              case 8 -> new int[] {w - 1 - y, x}; // row 0 left, column 0 bottom
              default -> throw new IllegalArgumentException("orientation " + orientation);
            };
        for (int c = 0; c < 3; c++) {
          rgb[(y * outWidth + x) * 3 + c] = (byte) s.value(from[0], from[1], c);
        }
      }
    }
    return new RgbImage(outWidth, outHeight, rgb);
  }
}
