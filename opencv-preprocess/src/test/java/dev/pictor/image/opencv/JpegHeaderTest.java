package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ImageException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

class JpegHeaderTest {

  @Test
  void readsTheSizeOfRealPhotosAsImageIoDoes() throws Exception {
    List<Path> photos;
    try (Stream<Path> content = Files.list(SharedData.dataDir().resolve("style/content"));
        Stream<Path> groups = Files.list(SharedData.dataDir().resolve("faces-tv/groups"))) {
      photos = Stream.concat(content, groups).sorted().toList();
    }
    assertThat(photos).hasSizeGreaterThan(5);
    for (Path photo : photos) {
      ImageHeader header = JpegHeader.read(Files.readAllBytes(photo), photo.toString());
      int[] size = imageIoSize(photo);
      assertThat(header.format()).isEqualTo(ImageFormat.JPEG);
      assertThat(new int[] {header.width(), header.height()}).as("%s", photo).containsExactly(size);
      assertThat(header.orientation()).isEqualTo(1);
    }
  }

  @Test
  void readsTheSizeOfAProgressiveJpegAndCountsItsScans() throws Exception {
    byte[] jpeg =
        TestImages.imageIo(
            new BufferedImage(33, 17, BufferedImage.TYPE_INT_RGB), null, "jpeg", null, true);

    ImageHeader header = JpegHeader.read(jpeg, "progressive.jpg");

    assertThat(header.width()).isEqualTo(33);
    assertThat(header.height()).isEqualTo(17);
    assertThat(JpegStructure.walk(jpeg).scans()).isBetween(2, JpegHeader.MAX_SCANS);
    assertThat(JpegStructure.walk(jpeg).frame().marker()).isEqualTo(0xC2);
  }

  @Test
  void refusesImpossibleAndUnsupportedFrameHeaders() throws Exception {
    assertRefused(withFrame(8, 0, 100, 3), "size 100x0", "DNL marker");
    assertRefused(withFrame(8, 100, 0, 3), "size 0x100");
    assertRefused(withFrame(12, 100, 100, 3), "12-bit samples");
    assertRefused(withFrame(8, 100, 100, 2), "2 colour components");
  }

  @Test
  void refusesDataWithoutAFrameHeader() {
    byte[] noFrame = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0, 4, 'h', 'i'};
    byte[] cutInside = Arrays.copyOf(tubingen(), 200);

    assertThatThrownBy(() -> JpegHeader.read(noFrame, "comment.jpg"))
        .isInstanceOf(ImageException.class)
        .hasMessage(
            "comment.jpg: truncated or corrupt JPEG (no frame header giving the image size)");
    assertThat(JpegStructure.walk(cutInside).frame()).isNull();
    assertThatThrownBy(() -> JpegHeader.read(cutInside, "cut.jpg"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("cut.jpg: truncated or corrupt JPEG");
  }

  @Test
  void refusesAFrameHeaderWhoseLengthDoesNotFitItsComponents() {
    byte[] jpeg = tubingen();
    int sof = ImageLimitsTest.indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
    jpeg[sof + 9] = 1; // one component, but room for three

    assertThatThrownBy(() -> JpegHeader.read(jpeg, "bad.jpg"))
        .isInstanceOf(ImageException.class)
        .hasMessage("bad.jpg: corrupt JPEG (malformed frame header)");
  }

  @Test
  void refusesATruncatedPhoto() {
    byte[] jpeg = tubingen();

    assertThatThrownBy(() -> JpegHeader.read(Arrays.copyOf(jpeg, jpeg.length - 2), "cut.jpg"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("the data ends before the end-of-image marker");
  }

  /** tubingen.jpg with its SOF0 fields replaced (the segment keeps its length). */
  @Test
  void refusesAFrameFarLargerThanItsData() throws Exception {
    // A real 64x48 baseline JPEG whose frame header is made to claim 4000x3000 pixels.
    byte[] small =
        TestImages.imageIo(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "jpeg");
    byte[] jpeg = small.clone();
    int sof = ImageLimitsTest.indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
    jpeg[sof + 5] = (byte) (3000 >> 8);
    jpeg[sof + 6] = (byte) 3000;
    jpeg[sof + 7] = (byte) (4000 >> 8);
    jpeg[sof + 8] = (byte) 4000;
    long needed = (500L * 375) / 4;
    assertThat((long) jpeg.length).isLessThan(needed);

    assertThatThrownBy(() -> Images.decode(jpeg, "crafted.jpg", ImageReadOptions.defaults()))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("crafted.jpg: truncated or corrupt JPEG")
        .hasMessageContaining("4000x3000")
        .hasMessageContaining("at least " + needed + " bytes");
    assertThat(Images.decode(small, "small.jpg", ImageReadOptions.defaults()).width())
        .isEqualTo(64);
  }

  @Test
  void theDataBoundHoldsForRealBaselineAndProgressiveJpegs() throws Exception {
    byte[] photo = tubingen();
    assertThat((long) photo.length)
        .isGreaterThan(JpegHeader.minimumBytes(JpegStructure.walk(photo).frame()));
    // A flat progressive image compresses best of all: still above the bound.
    byte[] flat =
        TestImages.imageIo(
            new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB), null, "jpeg", null, true);
    JpegStructure.Frame frame = JpegStructure.walk(flat).frame();
    assertThat(frame.marker()).isEqualTo(0xC2);
    assertThat((long) flat.length).isGreaterThan(JpegHeader.minimumBytes(frame));
    byte[] flatBaseline =
        TestImages.imageIo(new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB), "jpeg");
    assertThat((long) flatBaseline.length)
        .isGreaterThan(JpegHeader.minimumBytes(JpegStructure.walk(flatBaseline).frame()));
  }

  private static byte[] withFrame(int precision, int height, int width, int components) {
    byte[] jpeg = tubingen();
    int sof = ImageLimitsTest.indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
    jpeg[sof + 4] = (byte) precision;
    jpeg[sof + 5] = (byte) (height >> 8);
    jpeg[sof + 6] = (byte) height;
    jpeg[sof + 7] = (byte) (width >> 8);
    jpeg[sof + 8] = (byte) width;
    jpeg[sof + 9] = (byte) components;
    // Keep the segment length consistent with the component count.
    int length = 8 + 3 * components;
    byte[] segment = Arrays.copyOfRange(jpeg, sof, sof + 2 + length);
    segment[2] = 0;
    segment[3] = (byte) length;
    int oldLength = ((jpeg[sof + 2] & 0xFF) << 8) | (jpeg[sof + 3] & 0xFF);
    return TestImages.concat(
        Arrays.copyOf(jpeg, sof),
        segment,
        Arrays.copyOfRange(jpeg, sof + 2 + oldLength, jpeg.length));
  }

  private static void assertRefused(byte[] jpeg, String... messageParts) {
    assertThatThrownBy(() -> JpegHeader.read(jpeg, "crafted.jpg"))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("crafted.jpg: ")
        .hasMessageContainingAll(messageParts);
  }

  private static byte[] tubingen() {
    return TestImages.read(SharedData.tubingen());
  }

  private static int[] imageIoSize(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      try {
        reader.setInput(in);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }
}
