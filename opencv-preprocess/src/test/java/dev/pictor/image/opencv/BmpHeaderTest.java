package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ImageException;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class BmpHeaderTest {

  @Test
  void readsTheSizeOfBmpsWrittenByOpenCv() throws Exception {
    byte[] face = TestImages.encode(Images.read(SharedData.amy1()), ".bmp");
    assertThat(read(face)).isEqualTo(new ImageHeader(ImageFormat.BMP, 150, 150, 1));
    for (int type : new int[] {CvType.CV_8UC1, CvType.CV_8UC3, CvType.CV_8UC4}) {
      Mat image = new Mat(3, 301, type);
      byte[] bmp = TestImages.encode(image, ".bmp");
      image.release();
      assertThat(read(bmp)).isEqualTo(new ImageHeader(ImageFormat.BMP, 301, 3, 1));
    }
  }

  @Test
  void readsTheSizeOfBmpsWrittenByImageIo() {
    BufferedImage image = new BufferedImage(13, 5, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bottomUp = TestImages.imageIo(image, "bmp");
    byte[] binary =
        TestImages.imageIo(new BufferedImage(9, 2, BufferedImage.TYPE_BYTE_BINARY), "bmp");

    assertThat(read(bottomUp)).isEqualTo(new ImageHeader(ImageFormat.BMP, 13, 5, 1));
    assertThat(read(binary)).isEqualTo(new ImageHeader(ImageFormat.BMP, 9, 2, 1));
  }

  @Test
  void aNegativeHeightMeansTopDownRows() throws Exception {
    byte[] bmp = ImageLimitsTest.bmp(2, -3, 24, 0, new byte[3 * 8]);

    assertThat(read(bmp)).isEqualTo(new ImageHeader(ImageFormat.BMP, 2, 3, 1));
    assertThat(Images.decode(bmp, "top-down.bmp").height()).isEqualTo(3);
  }

  @Test
  void readsAnOs2Header() throws Exception {
    ByteBuffer bmp = ByteBuffer.allocate(14 + 12 + 8).order(ByteOrder.LITTLE_ENDIAN);
    bmp.put((byte) 'B').put((byte) 'M').putInt(34).putInt(0).putInt(26);
    bmp.putInt(12).putShort((short) 2).putShort((short) 1).putShort((short) 1).putShort((short) 24);
    bmp.put(new byte[] {1, 2, 3, 4, 5, 6, 0, 0});

    assertThat(read(bmp.array())).isEqualTo(new ImageHeader(ImageFormat.BMP, 2, 1, 1));
    assertThat(Images.decode(bmp.array(), "os2.bmp").rgb()).containsExactly(3, 2, 1, 6, 5, 4);
  }

  @Test
  void refusesImpossibleSizes() {
    assertRefused(ImageLimitsTest.bmp(0, 1, 24, 0, new byte[4]), "impossible size 0x1");
    assertRefused(ImageLimitsTest.bmp(-5, 1, 24, 0, new byte[4]), "impossible size -5x1");
    assertRefused(ImageLimitsTest.bmp(1, 0, 24, 0, new byte[4]), "impossible size 1x0");
    assertRefused(
        ImageLimitsTest.bmp(1, Integer.MIN_VALUE, 24, 0, new byte[4]),
        "impossible size 1x2147483648");
  }

  @Test
  void refusesUnsupportedKinds() {
    assertRefused(ImageLimitsTest.bmp(1, 1, 7, 0, new byte[4]), "7 bits per pixel");
    assertRefused(
        ImageLimitsTest.bmp(1, 1, 24, 1, new byte[4]), "24 bits per pixel, compression 1");
    assertRefused(ImageLimitsTest.bmp(1, 1, 8, 2, new byte[4]), "8 bits per pixel, compression 2");
    assertRefused(ImageLimitsTest.bmp(1, 1, 24, 3, new byte[4]), "compression 3");
    assertRefused(ImageLimitsTest.bmp(1, 1, 24, 4, new byte[4]), "compression -1");
    byte[] oddHeader = ImageLimitsTest.bmp(1, 1, 24, 0, new byte[4]);
    oddHeader[14] = 20;
    assertRefused(oddHeader, "DIB header of 20 bytes");
  }

  @Test
  void refusesTruncatedHeadersAndMissingPixels() {
    byte[] bmp = ImageLimitsTest.bmp(4, 4, 24, 0, new byte[48]);
    byte[] badOffset = bmp.clone();
    badOffset[10] = 10;

    assertRefused(Arrays.copyOf(bmp, 16), "the data ends inside the header");
    assertRefused(Arrays.copyOf(bmp, 40), "the data ends inside the header");
    assertRefused(Arrays.copyOf(bmp, bmp.length - 1), "4 rows of 12 bytes, only 47 bytes");
    assertRefused(badOffset, "pixel data offset 10");
    assertThat(read(bmp).width()).isEqualTo(4);
  }

  private static ImageHeader read(byte[] bmp) {
    try {
      return BmpHeader.read(bmp, "test.bmp");
    } catch (ImageException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertRefused(byte[] bmp, String messagePart) {
    assertThatThrownBy(() -> BmpHeader.read(bmp, "crafted.bmp"))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("crafted.bmp: ")
        .hasMessageContaining(messagePart);
  }
}
