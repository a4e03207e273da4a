package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ImageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class PngHeaderTest {

  @Test
  void readsTheSizeOfRealFaceCrops() throws Exception {
    List<Path> crops;
    try (Stream<Path> files = Files.walk(SharedData.dataDir().resolve("faces-tv/people"))) {
      crops = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    assertThat(crops).hasSizeGreaterThan(10);
    for (Path crop : crops) {
      ImageHeader header = PngHeader.read(Files.readAllBytes(crop), crop.toString());
      assertThat(header).isEqualTo(new ImageHeader(ImageFormat.PNG, 150, 150, 1));
    }
  }

  @Test
  void readsTheSizeOfEncodedImagesOfEveryLayout() {
    for (int type : new int[] {CvType.CV_8UC1, CvType.CV_8UC3, CvType.CV_8UC4, CvType.CV_16UC3}) {
      Mat image = new Mat(7, 300, type);
      byte[] png = TestImages.encode(image, ".png");
      image.release();

      assertThat(read(png)).isEqualTo(new ImageHeader(ImageFormat.PNG, 300, 7, 1));
    }
  }

  @Test
  void readsTheOrientationOfAnExifChunkBeforeTheImageData() {
    byte[] png = TestImages.read(SharedData.amy1());
    byte[] exif = TestImages.pngChunk("eXIf", TestImages.exifOrientation(6, true));
    byte[] withPrefix =
        TestImages.pngChunk(
            "eXIf",
            TestImages.concat(TestImages.ascii("Exif\0\0"), TestImages.exifOrientation(3, false)));
    byte[] badCrc = exif.clone();
    badCrc[badCrc.length - 1] ^= 1;

    assertThat(read(TestImages.withPngChunkAfterHeader(png, exif)).orientation()).isEqualTo(6);
    assertThat(read(TestImages.withPngChunkAfterHeader(png, withPrefix)).orientation())
        .isEqualTo(3);
    assertThat(read(TestImages.withPngChunkAfterHeader(png, badCrc)).orientation()).isEqualTo(1);
    assertThat(read(TestImages.withPngChunkAtEnd(png, exif)).orientation()).isEqualTo(1);
  }

  @Test
  void refusesImpossibleSizes() {
    assertRefused(header(0, 10, 8, 2), "impossible size 0x10");
    assertRefused(header(10, 0, 8, 2), "impossible size 10x0");
    assertRefused(header(1L << 31, 1, 8, 2), "impossible size 2147483648x1");
    assertRefused(header(0xFFFFFFFFL, 0xFFFFFFFFL, 8, 2), "4294967295x4294967295");
  }

  @Test
  void refusesInvalidBitDepthsAndColourTypes() {
    assertRefused(header(1, 1, 16, 3), "bit depth 16 for colour type 3");
    assertRefused(header(1, 1, 4, 2), "bit depth 4 for colour type 2");
    assertRefused(header(1, 1, 8, 5), "colour type 5");
    assertThat(read(header(1, 1, 2, 0)).width()).isEqualTo(1);
  }

  @Test
  void refusesUnknownMethods() {
    byte[] png = header(1, 1, 8, 2);
    png[8 + 8 + 12] = 2; // interlace method 2
    fixIhdrCrc(png);

    assertRefused(png, "interlace method (0, 0, 2)");
  }

  @Test
  void refusesAMissingOrMisplacedHeaderAndMissingImageData() {
    byte[] noIhdr =
        TestImages.concat(TestImages.pngSignature(), TestImages.pngChunk("IDAT", new byte[13]));
    byte[] noIdat =
        TestImages.concat(
            TestImages.pngSignature(),
            TestImages.pngChunk("IHDR", TestImages.ihdr(1, 1, 8, 0)),
            TestImages.pngChunk("IEND", new byte[0]));
    byte[] amy = TestImages.read(SharedData.amy1());

    assertRefused(noIhdr, "the first chunk is not a 13-byte IHDR header");
    assertRefused(noIdat, "no image data before IEND");
    assertRefused(Arrays.copyOf(amy, 20), "the data ends inside the header");
    assertRefused(Arrays.copyOf(amy, 40), "the data ends before the image data");
  }

  /** A PNG of just the signature, an IHDR chunk and an empty IDAT chunk. */
  private static byte[] header(long width, long height, int bitDepth, int colourType) {
    return TestImages.concat(
        TestImages.pngSignature(),
        TestImages.pngChunk("IHDR", TestImages.ihdr(width, height, bitDepth, colourType)),
        TestImages.pngChunk("IDAT", new byte[0]));
  }

  private static void fixIhdrCrc(byte[] png) {
    byte[] chunk = TestImages.pngChunk("IHDR", Arrays.copyOfRange(png, 16, 29));
    System.arraycopy(chunk, 0, png, 8, chunk.length);
  }

  private static ImageHeader read(byte[] png) {
    try {
      return PngHeader.read(png, "test.png");
    } catch (ImageException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertRefused(byte[] png, String messagePart) {
    assertThatThrownBy(() -> PngHeader.read(png, "crafted.png"))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("crafted.png: ")
        .hasMessageContaining(messagePart);
  }
}
