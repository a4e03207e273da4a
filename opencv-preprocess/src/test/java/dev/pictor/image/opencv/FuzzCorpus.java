package dev.pictor.image.opencv;

import dev.pictor.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Real images of every supported format and layout, and seeded mutations of them: truncations, byte
 * and bit flips, deleted and duplicated ranges, and corrupted header fields.
 */
final class FuzzCorpus {
  /**
   * One input for the decoder.
   *
   * @param description where it came from and how it was mutated, to reproduce a failure
   */
  record Sample(String description, byte[] bytes) {}

  private static final int[] INTERESTING = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};

  private FuzzCorpus() {}

  /** The unmutated samples, built from the shared photos and face crops. */
  static List<Sample> originals() throws Exception {
    List<Sample> samples = new ArrayList<>();
    RgbImage photo = TestImages.resized(Images.read(SharedData.tubingen()), 160, 120);
    RgbImage face = Images.read(SharedData.amy1());
    byte[] tubingen = TestImages.read(SharedData.tubingen());
    byte[] picasso =
        TestImages.read(SharedData.dataDir().resolve("style/style/picasso_selfport1907.jpg"));
    byte[] photoJpeg = TestImages.encode(photo, ".jpg", Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
    Mat grey = TestImages.bgr(face);
    Mat bgra = withAlpha(photo);
    try {
      // JPEG
      samples.add(new Sample("tubingen.jpg", tubingen));
      samples.add(new Sample("picasso.jpg", picasso));
      samples.add(
          new Sample("photo-exif6.jpg", TestImages.withJpegOrientation(photoJpeg, 6, true)));
      samples.add(
          new Sample(
              "photo-progressive.jpg",
              TestImages.imageIo(toBufferedImage(photo), null, "jpeg", null, true)));
      samples.add(new Sample("face-grey.jpg", TestImages.encode(face, ".jpg")));
      samples.add(new Sample("photo-ycck.jpg", ycckJpeg(photo)));
      // PNG
      samples.add(new Sample("amy1.png", TestImages.read(SharedData.amy1())));
      samples.add(new Sample("photo.png", TestImages.encode(photo, ".png")));
      samples.add(new Sample("photo-rgba.png", TestImages.encode(bgra, ".png")));
      samples.add(new Sample("photo-16bit.png", sixteenBitPng(photo)));
      samples.add(
          new Sample(
              "photo-interlaced.png",
              TestImages.imageIo(toBufferedImage(photo), null, "png", null, true)));
      samples.add(new Sample("palette-trns.png", TestImages.imageIo(palette(photo), "png")));
      samples.add(
          new Sample(
              "photo-exif.png",
              TestImages.withPngChunkAfterHeader(
                  TestImages.encode(photo, ".png"),
                  TestImages.pngChunk("eXIf", TestImages.exifOrientation(8, false)))));
      // BMP
      samples.add(new Sample("photo.bmp", TestImages.encode(photo, ".bmp")));
      samples.add(new Sample("face-8bit.bmp", TestImages.encode(grey, ".bmp")));
      samples.add(new Sample("photo-32bit.bmp", TestImages.encode(bgra, ".bmp")));
      samples.add(new Sample("grey-rle8.bmp", TestImages.rleBmp(greyLevels(photo, 8), 8)));
      samples.add(new Sample("grey-rle4.bmp", TestImages.rleBmp(greyLevels(photo, 4), 4)));
      samples.add(new Sample("binary.bmp", TestImages.imageIo(binary(photo), "bmp")));
      // WebP
      samples.add(
          new Sample(
              "photo-lossy.webp",
              TestImages.encode(photo, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 80)));
      samples.add(
          new Sample(
              "face-lossless.webp",
              TestImages.encode(face, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101)));
      samples.add(
          new Sample(
              "photo-alpha-lossy.webp",
              TestImages.encode(bgra, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 80)));
      samples.add(
          new Sample(
              "photo-alpha-lossless.webp",
              TestImages.encode(bgra, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101)));
      samples.add(
          new Sample(
              "photo-exif.webp",
              TestImages.webp(
                  TestImages.vp8x(0x08, photo.width(), photo.height()),
                  TestImages.webpChunks(
                      TestImages.encode(photo, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 60)),
                  TestImages.riffChunk("EXIF", TestImages.exifOrientation(5, true)))));
    } finally {
      grey.release();
      bgra.release();
    }
    return samples;
  }

  /**
   * {@code count} mutants of {@code originals}, taken in turn so that every format is covered
   * evenly, each mutated one to three times.
   */
  static List<Sample> mutants(List<Sample> originals, long seed, int count) {
    Random random = new Random(seed);
    List<Sample> mutants = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Sample original = originals.get(i % originals.size());
      byte[] bytes = original.bytes();
      StringBuilder description =
          new StringBuilder("case ").append(i).append(" of seed ").append(seed).append(": ");
      description.append(original.description());
      int rounds = 1 + random.nextInt(3);
      for (int round = 0; round < rounds && bytes.length > 1; round++) {
        bytes = mutate(bytes, random, description);
      }
      mutants.add(new Sample(description.toString(), bytes));
    }
    return mutants;
  }

  private static byte[] mutate(byte[] data, Random random, StringBuilder description) {
    int n = data.length;
    switch (random.nextInt(6)) {
      case 0 -> {
        int length = 1 + random.nextInt(n - 1);
        description.append(", cut to ").append(length);
        return Arrays.copyOf(data, length);
      }
      case 1 -> {
        byte[] out = data.clone();
        int flips = 1 + random.nextInt(16);
        description.append(", ").append(flips).append(" random bytes");
        for (int i = 0; i < flips; i++) {
          out[random.nextInt(n)] = (byte) random.nextInt(256);
        }
        return out;
      }
      case 2 -> {
        byte[] out = data.clone();
        int flips = 1 + random.nextInt(8);
        description.append(", ").append(flips).append(" bit flips");
        for (int i = 0; i < flips; i++) {
          out[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
      }
      case 3 -> {
        int from = random.nextInt(n);
        int length = 1 + random.nextInt(Math.max(1, Math.min(n - from, Math.max(1, n / 4))));
        description.append(", deleted ").append(length).append(" at ").append(from);
        return TestImages.concat(
            Arrays.copyOf(data, from), Arrays.copyOfRange(data, from + length, n));
      }
      case 4 -> {
        int from = random.nextInt(n);
        int length = 1 + random.nextInt(Math.max(1, Math.min(n - from, 4096)));
        int at = random.nextInt(n + 1);
        description
            .append(", duplicated ")
            .append(length)
            .append(" from ")
            .append(from)
            .append(" at ")
            .append(at);
        return TestImages.concat(
            Arrays.copyOf(data, at),
            Arrays.copyOfRange(data, from, from + length),
            Arrays.copyOfRange(data, at, n));
      }
      default -> {
        // Header fields: sizes, chunk lengths, bit depths, markers. JPEG tables and frame
        // headers come a few hundred bytes in, so the first 512 bytes count as header.
        byte[] out = data.clone();
        int changes = 1 + random.nextInt(4);
        description.append(", header bytes");
        for (int i = 0; i < changes; i++) {
          int at = random.nextInt(Math.min(n, 512));
          int value =
              random.nextBoolean()
                  ? INTERESTING[random.nextInt(INTERESTING.length)]
                  : random.nextInt(256);
          out[at] = (byte) value;
          description.append(' ').append(at).append('=').append(value);
        }
        return out;
      }
    }
  }

  private static Mat withAlpha(RgbImage image) {
    byte[] rgb = image.rgb();
    byte[] bgra = new byte[image.width() * image.height() * 4];
    for (int i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
      bgra[o] = rgb[i + 2];
      bgra[o + 1] = rgb[i + 1];
      bgra[o + 2] = rgb[i];
      bgra[o + 3] = (byte) (o / 4 % 256); // a ramp of transparency
    }
    return TestImages.mat(image.height(), image.width(), CvType.CV_8UC4, bgra);
  }

  private static byte[] sixteenBitPng(RgbImage image) {
    byte[] rgb = image.rgb();
    short[] bgr = new short[rgb.length];
    for (int i = 0; i < rgb.length; i += 3) {
      for (int c = 0; c < 3; c++) {
        bgr[i + c] = (short) ((rgb[i + 2 - c] & 0xFF) * 257);
      }
    }
    Mat mat = new Mat(image.height(), image.width(), CvType.CV_16UC3);
    mat.put(0, 0, bgr);
    try {
      return TestImages.encode(mat, ".png");
    } finally {
      mat.release();
    }
  }

  /** A 4-component YCCK JPEG of {@code image}, with its Adobe APP14 marker. */
  private static byte[] ycckJpeg(RgbImage image) {
    WritableRaster raster =
        Raster.createInterleavedRaster(
            DataBuffer.TYPE_BYTE, image.width(), image.height(), 4, null);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        // YCCK of (C, M, Y) = inverted RGB, no black ink.
        double c = 255 - image.value(x, y, 0);
        double m = 255 - image.value(x, y, 1);
        double k = 255 - image.value(x, y, 2);
        raster.setPixel(
            x,
            y,
            new int[] {
              (int) (0.299 * c + 0.587 * m + 0.114 * k),
              (int) (128 - 0.168736 * c - 0.331264 * m + 0.5 * k),
              (int) (128 + 0.5 * c - 0.418688 * m - 0.081312 * k),
              255
            });
      }
    }
    return TestImages.withJpegSegment(
        TestImages.imageIo(null, raster, "jpeg", null, false), 0xEE, TestImages.adobeApp14(2));
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

  /** {@code image} reduced to a 256-entry palette of 6x6x6 colours, the first one transparent. */
  private static BufferedImage palette(RgbImage image) {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    byte[] a = new byte[256];
    Arrays.fill(a, (byte) 255);
    a[0] = 0;
    for (int i = 0; i < 216; i++) {
      r[i] = (byte) (i / 36 * 51);
      g[i] = (byte) (i / 6 % 6 * 51);
      b[i] = (byte) (i % 6 * 51);
    }
    BufferedImage out =
        new BufferedImage(
            image.width(),
            image.height(),
            BufferedImage.TYPE_BYTE_INDEXED,
            new IndexColorModel(8, 256, r, g, b, a));
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int index =
            (image.value(x, y, 0) + 25) / 51 * 36
                + (image.value(x, y, 1) + 25) / 51 * 6
                + (image.value(x, y, 2) + 25) / 51;
        out.getRaster().setSample(x, y, 0, index);
      }
    }
    return out;
  }

  /** {@code image} as black and white, 1 bit per pixel. */
  private static BufferedImage binary(RgbImage image) {
    BufferedImage out =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        out.getRaster().setSample(x, y, 0, image.value(x, y, 1) >> 7);
      }
    }
    return out;
  }

  /** The green channel of {@code image} quantised to {@code bits} bits. */
  private static int[][] greyLevels(RgbImage image, int bits) {
    int[][] levels = new int[image.height()][image.width()];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        levels[y][x] = image.value(x, y, 1) >> (8 - bits);
      }
    }
    return levels;
  }
}
