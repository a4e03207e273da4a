package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.image.RgbImage;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** What each format and pixel layout decodes to: all of them end as 8-bit RGB. */
class ImagePixelsTest {

  private static RgbImage photo;

  @BeforeAll
  static void scalePhoto() throws Exception {
    photo = TestImages.resized(Images.read(SharedData.tubingen()), 40, 30);
  }

  @Test
  void losslessFormatsGiveBackTheExactPixels() throws Exception {
    assertThat(Images.decode(TestImages.encode(photo, ".png"), "photo.png")).isEqualTo(photo);
    assertThat(Images.decode(TestImages.encode(photo, ".bmp"), "photo.bmp")).isEqualTo(photo);
    assertThat(
            Images.decode(
                TestImages.encode(photo, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101),
                "photo.webp"))
        .isEqualTo(photo);
  }

  @Test
  void lossyWebpStaysCloseToThePhoto() throws Exception {
    byte[] webp = TestImages.encode(photo, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 95);

    RgbImage decoded = Images.decode(webp, "photo-lossy.webp");

    assertThat(meanAbsoluteDifference(decoded, photo)).isLessThan(4.0);
  }

  @Test
  void runLengthEncodedBmpsDecodeToTheSamePixelsAsUncompressedOnes() throws Exception {
    // Grey levels of the photo: long runs in the sky, short ones elsewhere.
    int[][] levels = new int[photo.height()][photo.width()];
    for (int y = 0; y < photo.height(); y++) {
      for (int x = 0; x < photo.width(); x++) {
        levels[y][x] = photo.value(x, y, 1) / 17;
      }
    }
    byte[] rle8 = TestImages.rleBmp(levels, 8);
    byte[] rle4 = TestImages.rleBmp(levels, 4);
    byte[] plain = TestImages.imageIo(greyPalette(levels), null, "bmp", "BI_RGB", false);

    RgbImage expected = Images.decode(plain, "plain.bmp");
    assertThat(expected.value(5, 2, 0)).isEqualTo(levels[2][5] * 17);
    assertThat(Images.decode(rle4, "rle4.bmp")).isEqualTo(expected);
    RgbImage fromRle8 = Images.decode(rle8, "rle8.bmp");
    for (int y = 0; y < photo.height(); y++) {
      for (int x = 0; x < photo.width(); x++) {
        // The RLE8 palette has 256 levels: index i is grey i.
        assertThat(fromRle8.value(x, y, 0)).isEqualTo(levels[y][x]);
      }
    }
  }

  @Test
  void aBmpsFourthByteIsIgnored() throws Exception {
    // 32-bit BMP: OpenCV writes the alpha channel into the fourth byte; it must not matter.
    Mat bgra =
        TestImages.mat(
            1,
            2,
            CvType.CV_8UC4,
            (byte) 10,
            (byte) 20,
            (byte) 30,
            (byte) 0,
            (byte) 40,
            (byte) 50,
            (byte) 60,
            (byte) 128);
    byte[] bmp = TestImages.encode(bgra, ".bmp");
    bgra.release();

    RgbImage image = Images.decode(bmp, "32bit.bmp");

    assertThat(image.rgb()).containsExactly(30, 20, 10, 60, 50, 40);
  }

  @Test
  void pngAlphaIsCompositedOverWhite() throws Exception {
    // BGRA: opaque, half transparent, fully transparent (with a colour that must not show).
    Mat bgra =
        TestImages.mat(
            1,
            3,
            CvType.CV_8UC4,
            (byte) 10,
            (byte) 20,
            (byte) 30,
            (byte) 255,
            (byte) 200,
            (byte) 0,
            (byte) 100,
            (byte) 128,
            (byte) 0,
            (byte) 0,
            (byte) 0,
            (byte) 0);
    byte[] png = TestImages.encode(bgra, ".png");
    bgra.release();

    RgbImage image = Images.decode(png, "rgba.png");

    assertThat(image.rgb())
        .containsExactly(
            30, 20, 10, overWhite(100, 128), overWhite(0, 128), overWhite(200, 128), 255, 255, 255);
  }

  @Test
  void sixteenBitPngWithAlphaIsScaledThenComposited() throws Exception {
    Mat bgra = new Mat(1, 2, CvType.CV_16UC4);
    bgra.put(0, 0, new short[] {(short) 65535, (short) 32896, 0, (short) 65535, 0, 0, 0, 0});
    byte[] png = TestImages.encode(bgra, ".png");
    bgra.release();

    RgbImage image = Images.decode(png, "rgba16.png");

    // 32896 / 257 = 128 exactly; a transparent pixel is white whatever its colour.
    assertThat(image.rgb()).containsExactly(0, 128, 255, 255, 255, 255);
  }

  @Test
  void greyWithAlphaIsCompositedOverWhite() throws Exception {
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(3, 1);
    raster.setPixel(0, 0, new int[] {60, 255});
    raster.setPixel(1, 0, new int[] {60, 51});
    raster.setPixel(2, 0, new int[] {60, 0});
    byte[] png = TestImages.imageIo(new BufferedImage(model, raster, false, null), "png");
    assertThat(png[25]).as("PNG colour type: grey with alpha").isEqualTo((byte) 4);

    RgbImage image = Images.decode(png, "grey-alpha.png");

    int half = overWhite(60, 51);
    assertThat(image.rgb()).containsExactly(60, 60, 60, half, half, half, 255, 255, 255);
  }

  @Test
  void aPaletteWithTransparentEntriesIsCompositedOverWhite() throws Exception {
    IndexColorModel palette =
        new IndexColorModel(
            8,
            2,
            new byte[] {(byte) 255, 0},
            new byte[] {0, 0},
            new byte[] {0, (byte) 255},
            new byte[] {(byte) 128, (byte) 255});
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
    image.getRaster().setSample(1, 0, 0, 1);
    byte[] png = TestImages.imageIo(image, "png");
    assertThat(png[25]).as("PNG colour type: palette").isEqualTo((byte) 3);

    RgbImage decoded = Images.decode(png, "palette.png");

    assertThat(decoded.rgb()).containsExactly(255, overWhite(0, 128), overWhite(0, 128), 0, 0, 255);
  }

  @Test
  void webpAlphaIsCompositedOverWhite() throws Exception {
    Mat bgra = new Mat(8, 8, CvType.CV_8UC4);
    byte[] pixels = new byte[8 * 8 * 4];
    for (int i = 0; i < pixels.length; i += 4) {
      boolean left = (i / 4) % 8 < 4;
      pixels[i] = (byte) 200; // blue
      pixels[i + 3] = (byte) (left ? 255 : 0); // right half fully transparent
    }
    bgra.put(0, 0, pixels);
    byte[] lossless = TestImages.encode(bgra, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
    byte[] lossy = TestImages.encode(bgra, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 100);
    bgra.release();

    for (byte[] webp : new byte[][] {lossless, lossy}) {
      RgbImage image = Images.decode(webp, "alpha.webp");
      assertThat(image.value(1, 1, 2)).isCloseTo(200, within(3));
      assertThat(image.value(1, 1, 0)).isLessThan(4);
      for (int c = 0; c < 3; c++) {
        assertThat(image.value(6, 6, c)).as("transparent pixel, channel %d", c).isEqualTo(255);
      }
    }
  }

  @Test
  void sixteenBitPngsAreScaledToEightBitsWithRounding() throws Exception {
    Mat grey = new Mat(1, 3, CvType.CV_16UC1);
    grey.put(0, 0, new short[] {(short) 65535, (short) 32896, 383});
    Mat colour = new Mat(1, 1, CvType.CV_16UC3);
    colour.put(0, 0, new short[] {2700, 257, (short) 65000}); // BGR
    byte[] greyPng = TestImages.encode(grey, ".png");
    byte[] colourPng = TestImages.encode(colour, ".png");
    grey.release();
    colour.release();
    assertThat(greyPng[24]).as("bit depth").isEqualTo((byte) 16);

    // 383 / 257 = 1.49 -> 1; 2700 / 257 = 10.51 -> 11 (its high byte is 10); 65000 / 257 = 252.9
    // -> 253
    assertThat(Images.decode(greyPng, "grey16.png").rgb())
        .containsExactly(255, 255, 255, 128, 128, 128, 1, 1, 1);
    assertThat(Images.decode(colourPng, "colour16.png").rgb()).containsExactly(253, 1, 11);
  }

  @Test
  void lowBitDepthGreyAndPalettePngsAreExpanded() throws Exception {
    BufferedImage binary = new BufferedImage(9, 2, BufferedImage.TYPE_BYTE_BINARY);
    binary.getRaster().setSample(8, 1, 0, 1);
    byte[] oneBit = TestImages.imageIo(binary, "png");

    RgbImage image = Images.decode(oneBit, "1bit.png");

    assertThat(image.width()).isEqualTo(9);
    assertThat(image.value(8, 1, 0)).isEqualTo(255);
    assertThat(image.value(7, 1, 1)).isEqualTo(0);
    byte[] fourBit = TestImages.imageIo(greyPalette(16, 4, 4), "png");
    assertThat(Images.decode(fourBit, "4bit.png").value(5, 2, 1)).isEqualTo(greyOf(5, 2));
  }

  @Test
  void progressiveJpegAndInterlacedPngDecodeLikeTheirPlainTwins() throws Exception {
    BufferedImage rgb = toBufferedImage(photo);
    byte[] baseline = TestImages.imageIo(rgb, null, "jpeg", null, false);
    byte[] progressive = TestImages.imageIo(rgb, null, "jpeg", null, true);
    byte[] interlaced = TestImages.imageIo(rgb, null, "png", null, true);
    assertThat(JpegStructure.walk(progressive).scans()).isGreaterThan(1);
    assertThat(interlaced[28]).as("PNG interlace method").isEqualTo((byte) 1);

    assertThat(
            meanAbsoluteDifference(
                Images.decode(progressive, "p.jpg"), Images.decode(baseline, "b.jpg")))
        .isLessThan(1.0);
    assertThat(Images.decode(interlaced, "interlaced.png")).isEqualTo(photo);
  }

  @Test
  void adobeCmykAndYcckJpegsAreConvertedToRgb() throws Exception {
    // Blocks of pure inks: cyan, magenta, yellow, 50 % black, no ink. Adobe stores each ink
    // inverted (255 = no ink).
    int[][] inks = {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 128}, {0, 0, 0, 0}};
    int[][] rgb = {{0, 255, 255}, {255, 0, 255}, {255, 255, 0}, {127, 127, 127}, {255, 255, 255}};
    byte[] adobeCmyk =
        TestImages.withJpegSegment(cmykJpeg(inks, false), 0xEE, TestImages.adobeApp14(0));
    byte[] adobeYcck =
        TestImages.withJpegSegment(cmykJpeg(inks, true), 0xEE, TestImages.adobeApp14(2));
    // Without an APP14 marker the data are taken as Adobe-inverted CMYK too.
    byte[] unmarked = cmykJpeg(inks, false);

    for (byte[] jpeg : new byte[][] {adobeCmyk, adobeYcck, unmarked}) {
      RgbImage image = Images.decode(jpeg, "cmyk.jpg");
      assertThat(image.width()).isEqualTo(16 * inks.length);
      for (int block = 0; block < inks.length; block++) {
        for (int c = 0; c < 3; c++) {
          assertThat(image.value(block * 16 + 8, 8, c))
              .as("block %d channel %d", block, c)
              .isCloseTo(rgb[block][c], within(4));
        }
      }
    }
  }

  /**
   * A 4-component JPEG of 16x16 blocks of the given inks, written by ImageIO from a raster (no
   * colour transform, no APP14 marker): inverted CMYK, or YCCK as libjpeg would store it (YCbCr of
   * the inverted C, M, Y; inverted K).
   */
  private static byte[] cmykJpeg(int[][] inks, boolean ycck) {
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16 * inks.length, 16, 4, null);
    for (int block = 0; block < inks.length; block++) {
      int[] ink = inks[block];
      int[] stored = {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]};
      if (ycck) {
        double r = ink[0];
        double g = ink[1];
        double b = ink[2];
        stored[0] = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
        stored[1] = (int) Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
        stored[2] = (int) Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
        for (int i = 0; i < 3; i++) {
          stored[i] = Math.max(0, Math.min(255, stored[i]));
        }
      }
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
          raster.setPixel(block * 16 + x, y, stored);
        }
      }
    }
    byte[] jpeg = TestImages.imageIo(null, raster, "jpeg", null, false);
    assertThat(JpegStructure.walk(jpeg).frame().components()).isEqualTo(4);
    return jpeg;
  }

  private static int overWhite(int colour, int alpha) {
    return (int) Math.round((colour * alpha + 255.0 * (255 - alpha)) / 255.0);
  }

  private static int greyOf(int x, int y) {
    return ((x + 3 * y) % 16) * 17;
  }

  /** A grey palette image of 4 or 8 bits per index whose pixel (x, y) is {@link #greyOf}. */
  private static BufferedImage greyPalette(int width, int height, int bits) {
    int[][] levels = new int[height][width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        levels[y][x] = greyOf(x, y) / 17;
      }
    }
    return greyPalette(levels, bits);
  }

  private static BufferedImage greyPalette(int[][] levels) {
    return greyPalette(levels, 8);
  }

  /** An image of 16 grey levels (index i is grey {@code 17 * i}), 4 or 8 bits per index. */
  private static BufferedImage greyPalette(int[][] levels, int bits) {
    // A full-size palette: given an 8-bit image with only 16 colours, ImageIO's BMP writer declares
    // 4 bits per pixel but writes a byte per pixel.
    int size = 1 << bits;
    byte[] grey = new byte[size];
    for (int i = 0; i < 16; i++) {
      grey[i] = (byte) (i * 17);
    }
    IndexColorModel model = new IndexColorModel(bits, size, grey, grey, grey);
    int type = bits == 4 ? BufferedImage.TYPE_BYTE_BINARY : BufferedImage.TYPE_BYTE_INDEXED;
    BufferedImage image = new BufferedImage(levels[0].length, levels.length, type, model);
    for (int y = 0; y < levels.length; y++) {
      for (int x = 0; x < levels[0].length; x++) {
        image.getRaster().setSample(x, y, 0, levels[y][x]);
      }
    }
    return image;
  }

  private static BufferedImage toBufferedImage(RgbImage image) {
    BufferedImage out =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        out.setRGB(
            x,
            y,
            (image.value(x, y, 0) << 16) | (image.value(x, y, 1) << 8) | image.value(x, y, 2));
      }
    }
    return out;
  }

  private static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
    assertThat(a.width()).isEqualTo(b.width());
    assertThat(a.height()).isEqualTo(b.height());
    byte[] x = a.rgb();
    byte[] y = b.rgb();
    long sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
    }
    return (double) sum / x.length;
  }
}
