package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ImageException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits on size, decompression bombs, streams, and formats that are refused. */
class ImageLimitsTest {

  @TempDir Path temp;

  @Test
  void aTinyPngClaimingTenGigapixelsIsRefusedByItsHeader() {
    byte[] png = png(100_000, 100_000);
    assertThat(png.length).isLessThan(100);

    assertThatThrownBy(() -> Images.decode(png, "bomb.png"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("bomb.png")
        .hasMessageContaining("100000x100000")
        .hasMessageContaining("10000000000")
        .hasMessageContaining("limit of 64000000 pixels");
  }

  @Test
  void aJpegClaimingTheLargestPossibleSizeIsRefusedByItsHeader() throws Exception {
    byte[] jpeg = Files.readAllBytes(SharedData.tubingen());
    int sof = indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
    jpeg[sof + 5] = (byte) 0xFF; // height
    jpeg[sof + 6] = (byte) 0xFF;
    jpeg[sof + 7] = (byte) 0xFF; // width
    jpeg[sof + 8] = (byte) 0xFF;

    assertThatThrownBy(() -> Images.decode(jpeg, "huge.jpg"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("huge.jpg: the JPEG image is 65535x65535 pixels");
  }

  @Test
  void aTinyRunLengthEncodedBmpClaimingAHugeSizeIsRefusedByItsHeader() {
    byte[] bmp = bmp(40_000, 40_000, 8, 1, new byte[] {0, 1}); // RLE8: end of bitmap

    assertThatThrownBy(() -> Images.decode(bmp, "bomb.bmp"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("40000x40000");
  }

  @Test
  void anUncompressedBmpMustHoldAllItsPixels() {
    byte[] bmp = bmp(5_000, 5_000, 24, 0, new byte[64]);

    assertThatThrownBy(() -> Images.decode(bmp, "short.bmp"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("short.bmp: truncated BMP")
        .hasMessageContaining("5000 rows of 15000 bytes");
  }

  @Test
  void aLosslessWebpClaimingTheLargestSizeIsRefusedByItsHeader() {
    byte[] vp8l = new byte[10];
    vp8l[0] = 0x2F;
    ByteBuffer.wrap(vp8l, 1, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3FFF | (0x3FFF << 14));
    byte[] webp = TestImages.webp(TestImages.riffChunk("VP8L", vp8l));

    assertThatThrownBy(() -> Images.decode(webp, "bomb.webp"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("16384x16384");
  }

  @Test
  void thePixelLimitCanBeChanged() throws Exception {
    byte[] png = Files.readAllBytes(SharedData.amy1()); // 150 x 150 = 22500 pixels
    ImageReadOptions tight = ImageReadOptions.builder().maxPixels(22_499).build();
    ImageReadOptions exact = ImageReadOptions.builder().maxPixels(22_500).build();

    assertThatThrownBy(() -> Images.decode(png, "amy1.png", tight))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("150x150 pixels (22500), more than the limit of 22499 pixels");
    assertThat(Images.decode(png, "amy1.png", exact).width()).isEqualTo(150);
  }

  @Test
  void theEncodedSizeLimitAppliesToArraysFilesAndStreams() throws Exception {
    byte[] png = Files.readAllBytes(SharedData.amy1());
    ImageReadOptions small = ImageReadOptions.builder().maxEncodedBytes(png.length - 1).build();
    ImageReadOptions enough = ImageReadOptions.builder().maxEncodedBytes(png.length).build();
    Path file = Files.write(temp.resolve("amy1.png"), png);

    assertThatThrownBy(() -> Images.decode(png, "array", small))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("array: the input has " + png.length + " bytes")
        .hasMessageContaining("maxEncodedBytes");
    assertThatThrownBy(() -> Images.read(file, small))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("amy1.png");
    assertThatThrownBy(() -> Images.read(new ByteArrayInputStream(png), "stream", small))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("stream: the input has more than " + (png.length - 1) + " bytes");
    assertThat(Images.read(new ByteArrayInputStream(png), "stream", enough))
        .isEqualTo(Images.read(file, enough));
  }

  @Test
  void anEndlessStreamIsRefusedOnceTheLimitIsPassed() {
    CountingStream endless = new CountingStream(new EndlessStream());
    ImageReadOptions options = ImageReadOptions.builder().maxEncodedBytes(1 << 20).build();

    assertThatThrownBy(() -> Images.read(endless, "endless", options))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("endless: the input has more than 1048576 bytes");
    assertThat(endless.count).isEqualTo((1 << 20) + 1);
  }

  @Test
  void aDeviceFileIsReadOnlyUpToTheLimit() {
    Path zero = Path.of("/dev/zero");
    Assumptions.assumeTrue(Files.isReadable(zero), "needs /dev/zero");
    ImageReadOptions options = ImageReadOptions.builder().maxEncodedBytes(4096).build();

    assertThatThrownBy(() -> Images.read(zero, options))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("/dev/zero: the input has more than 4096 bytes");
  }

  @Test
  void aStreamIsReadToItsEndAndLeftOpen() throws Exception {
    byte[] jpeg = Files.readAllBytes(SharedData.tubingen());
    CountingStream in = new CountingStream(new ByteArrayInputStream(jpeg));

    assertThat(Images.read(in, "upload")).isEqualTo(Images.read(SharedData.tubingen()));
    assertThat(in.count).isEqualTo(jpeg.length);
    assertThat(in.closed).isFalse();
  }

  @Test
  void aFailingStreamIsReportedWithItsCause() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };

    assertThatThrownBy(() -> Images.read(broken, "https://example.org/a.jpg"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("https://example.org/a.jpg: cannot read the stream")
        .hasMessageContaining("connection reset")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void otherFormatsAreRefusedNamingTheSupportedOnes() throws Exception {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
    byte[] gif = TestImages.imageIo(image, "gif");
    byte[] tiff = TestImages.imageIo(image, "tiff");
    byte[] ppm = TestImages.concat(TestImages.ascii("P6\n1 1\n255\n"), new byte[3]);

    assertThatThrownBy(() -> Images.decode(gif, "a.gif"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("a.gif: cannot decode: it is a GIF image")
        .hasMessageContaining("the supported formats are JPEG, PNG, BMP and WebP");
    assertThatThrownBy(() -> Images.decode(tiff, "a.tif"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("it is a TIFF image");
    assertThatThrownBy(() -> Images.decode(ppm, "a.ppm"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("netpbm");
    assertThatThrownBy(() -> Images.decode(new byte[] {1, 2, 3}, "three bytes"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("not an image in a format known here");
  }

  @Test
  void aProgressiveJpegWithTooManyScansIsRefused() throws Exception {
    byte[] jpeg = Files.readAllBytes(SharedData.tubingen());
    int sos = indexOf(jpeg, (byte) 0xFF, (byte) 0xDA);
    // The header as it is, then 101 scans of one byte each, then the end-of-image marker.
    byte[] scan = {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x55};
    byte[][] parts = new byte[103][];
    parts[0] = Arrays.copyOf(jpeg, sos);
    Arrays.fill(parts, 1, 102, scan);
    parts[102] = new byte[] {(byte) 0xFF, (byte) 0xD9};

    assertThatThrownBy(() -> Images.decode(TestImages.concat(parts), "scans.jpg"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("scans.jpg: refused JPEG with 101 scans");
  }

  /** A PNG of the given size with a few bytes of image data: a decompression bomb's header. */
  private static byte[] png(long width, long height) {
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[1000]);
    deflater.finish();
    byte[] compressed = new byte[64];
    int length = deflater.deflate(compressed);
    deflater.end();
    return TestImages.concat(
        TestImages.pngSignature(),
        TestImages.pngChunk("IHDR", TestImages.ihdr(width, height, 8, 2)),
        TestImages.pngChunk("IDAT", Arrays.copyOf(compressed, length)),
        TestImages.pngChunk("IEND", new byte[0]));
  }

  /** A BMP with a 40-byte header, no palette, and {@code pixels} as its pixel data. */
  static byte[] bmp(int width, int height, int bitsPerPixel, int compression, byte[] pixels) {
    int palette = bitsPerPixel <= 8 ? 4 << bitsPerPixel : 0;
    int offset = 14 + 40 + palette;
    ByteBuffer bmp = ByteBuffer.allocate(offset + pixels.length).order(ByteOrder.LITTLE_ENDIAN);
    bmp.put((byte) 'B').put((byte) 'M').putInt(offset + pixels.length).putInt(0).putInt(offset);
    bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) bitsPerPixel);
    bmp.putInt(compression).putInt(pixels.length).putInt(2835).putInt(2835).putInt(0).putInt(0);
    bmp.position(offset);
    bmp.put(pixels);
    return bmp.array();
  }

  static int indexOf(byte[] data, byte first, byte second) {
    for (int i = 0; i + 1 < data.length; i++) {
      if (data[i] == first && data[i + 1] == second) {
        return i;
      }
    }
    throw new AssertionError("marker not found");
  }

  /** Zeros, forever. */
  private static final class EndlessStream extends InputStream {
    @Override
    public int read() {
      return 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      Arrays.fill(buffer, offset, offset + length, (byte) 0);
      return length;
    }
  }

  /** Counts the bytes read through it and remembers whether it was closed. */
  private static final class CountingStream extends FilterInputStream {
    long count;
    boolean closed;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }
}
