package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ImageException;
import dev.pictor.image.RgbImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

class WebpHeaderTest {

  private static RgbImage face;

  @BeforeAll
  static void readFace() throws Exception {
    face = TestImages.resized(Images.read(SharedData.amy1()), 75, 60);
  }

  @Test
  void readsTheSizeOfLossyLosslessAndExtendedFiles() {
    byte[] lossy = TestImages.encode(face, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 80);
    byte[] lossless = TestImages.encode(face, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
    Mat bgra = new Mat(60, 75, CvType.CV_8UC4);
    byte[] extended = TestImages.encode(bgra, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 80);
    bgra.release();

    assertThat(new String(lossy, 12, 4, StandardCharsets.ISO_8859_1)).isEqualTo("VP8 ");
    assertThat(new String(lossless, 12, 4, StandardCharsets.ISO_8859_1)).isEqualTo("VP8L");
    assertThat(new String(extended, 12, 4, StandardCharsets.ISO_8859_1)).isEqualTo("VP8X");
    ImageHeader expected = new ImageHeader(ImageFormat.WEBP, 75, 60, 1);
    assertThat(read(lossy)).isEqualTo(expected);
    assertThat(read(lossless)).isEqualTo(expected);
    assertThat(read(extended)).isEqualTo(expected);
  }

  @Test
  void readsTheOrientationFromAnExifChunk() {
    byte[] simple = TestImages.encode(face, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 80);
    byte[] extended =
        TestImages.webp(
            TestImages.vp8x(0x08, 75, 60),
            TestImages.webpChunks(simple),
            TestImages.riffChunk("EXIF", TestImages.exifOrientation(8, false)));

    assertThat(read(extended)).isEqualTo(new ImageHeader(ImageFormat.WEBP, 75, 60, 8));
  }

  @Test
  void refusesAnimations() {
    byte[] simple = TestImages.encode(face, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 80);
    byte[] animated = TestImages.webp(TestImages.vp8x(0x02, 75, 60), TestImages.webpChunks(simple));

    assertRefused(animated, "unsupported animated WebP");
  }

  @Test
  void refusesACanvasOfAnotherSizeThanItsImage() {
    byte[] simple = TestImages.encode(face, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 80);
    byte[] lying =
        TestImages.webp(TestImages.vp8x(0, 16_000, 16_000), TestImages.webpChunks(simple));

    assertRefused(lying, "the canvas is 16000x16000 but the image data is 75x60");
  }

  @Test
  void refusesTruncatedAndMalformedFiles() {
    byte[] lossy = TestImages.encode(face, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 80);
    byte[] lossless = TestImages.encode(face, ".webp", Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
    byte[] interFrame = lossy.clone();
    interFrame[20] |= 1;
    byte[] badStartCode = lossy.clone();
    badStartCode[23] = 0;
    byte[] badSignature = lossless.clone();
    badSignature[20] = 0x2E;
    byte[] badVersion = lossless.clone();
    badVersion[24] |= (byte) 0x20;
    byte[] alphaFirst = TestImages.webp(TestImages.riffChunk("ALPH", new byte[4]));
    byte[] onlyVp8x = TestImages.webp(TestImages.vp8x(0, 10, 10));
    byte[] shortVp8x = TestImages.webp(TestImages.riffChunk("VP8X", new byte[6]));
    byte[] zeroSize = lossy.clone();
    zeroSize[26] = 0;
    zeroSize[27] = 0;

    assertRefused(Arrays.copyOf(lossy, lossy.length - 1), "truncated WebP");
    assertRefused(TestImages.webp(), "no chunk after the RIFF header");
    assertRefused(interFrame, "malformed VP8 frame header");
    assertRefused(badStartCode, "malformed VP8 frame header");
    assertRefused(zeroSize, "the VP8 frame header gives the size 0x60");
    assertRefused(badSignature, "malformed VP8L header");
    assertRefused(badVersion, "unknown VP8L version 1");
    assertRefused(alphaFirst, "the first chunk is neither VP8, VP8L nor VP8X");
    assertRefused(onlyVp8x, "no VP8 or VP8L image data");
    assertRefused(shortVp8x, "malformed VP8X chunk");
  }

  private static ImageHeader read(byte[] webp) {
    try {
      return WebpHeader.read(webp, "test.webp");
    } catch (ImageException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertRefused(byte[] webp, String messagePart) {
    assertThatThrownBy(() -> WebpHeader.read(webp, "crafted.webp"))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("crafted.webp: ")
        .hasMessageContaining(messagePart);
  }
}
