package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.ImageException;
import dev.pictor.face.FaceImage;
import dev.pictor.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

  @TempDir Path temp;

  @Test
  void readsAGreyscalePngAsThreeEqualChannelsWithTheStoredSamples() throws Exception {
    RgbImage image = Images.read(SharedData.amy1());

    assertThat(image.width()).isEqualTo(150);
    assertThat(image.height()).isEqualTo(150);
    Raster reference = ImageIO.read(SharedData.amy1().toFile()).getRaster();
    assertThat(reference.getNumBands()).isEqualTo(1);
    int min = 255;
    int max = 0;
    for (int y = 0; y < 150; y++) {
      for (int x = 0; x < 150; x++) {
        int grey = reference.getSample(x, y, 0);
        assertThat(image.value(x, y, 0)).as("R at %d,%d", x, y).isEqualTo(grey);
        assertThat(image.value(x, y, 1)).as("G at %d,%d", x, y).isEqualTo(grey);
        assertThat(image.value(x, y, 2)).as("B at %d,%d", x, y).isEqualTo(grey);
        min = Math.min(min, grey);
        max = Math.max(max, grey);
      }
    }
    assertThat(max - min).as("contrast of a real photo").isGreaterThan(100);
  }

  @Test
  void readsAJpegInRgbOrder() throws Exception {
    RgbImage image = Images.read(SharedData.tubingen());

    assertThat(image.width()).isEqualTo(1024);
    assertThat(image.height()).isEqualTo(768);
    double[] ours = meanRgb(image);
    double[] javaImageIo = meanRgb(ImageIO.read(SharedData.tubingen().toFile()));
    // The photo is bluish: swapped channels would move both means by about 17.
    assertThat(javaImageIo[2] - javaImageIo[0]).isGreaterThan(10);
    for (int c = 0; c < 3; c++) {
      assertThat(ours[c]).as("mean of channel %d", c).isCloseTo(javaImageIo[c], within(1.0));
    }
  }

  @Test
  void decodesBytesAndNamesTheInputWhenTheyAreNoImage() throws Exception {
    byte[] png = Files.readAllBytes(SharedData.amy1());

    assertThat(Images.decode(png, "upload #1")).isEqualTo(Images.read(SharedData.amy1()));
    assertThatThrownBy(
            () -> Images.decode("GIF? no, text".getBytes(StandardCharsets.US_ASCII), "upload #2"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("upload #2")
        .hasMessageContaining("cannot decode");
  }

  @Test
  void refusesATruncatedJpegAndNamesTheFile() throws Exception {
    byte[] whole = Files.readAllBytes(SharedData.tubingen());
    Path cut = temp.resolve("tubingen-cut.jpg");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> Images.read(cut))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("tubingen-cut.jpg")
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesATruncatedPngAndNamesTheFile() throws Exception {
    byte[] whole = Files.readAllBytes(SharedData.amy1());
    Path cut = temp.resolve("amy1-cut.png");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 100));

    assertThatThrownBy(() -> Images.read(cut))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("amy1-cut.png");
  }

  @Test
  void reportsAMissingFileByName() {
    Path missing = temp.resolve("nobody.png");

    assertThatThrownBy(() -> Images.read(missing))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("nobody.png")
        .hasMessageContaining("no such file")
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void reportsAnEmptyFileAndADirectoryByName() throws Exception {
    Path empty = Files.createFile(temp.resolve("empty.jpg"));
    Path folder = Files.createDirectory(temp.resolve("folder.png"));

    assertThatThrownBy(() -> Images.read(empty))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("empty.jpg")
        .hasMessageContaining("0 bytes");
    assertThatThrownBy(() -> Images.read(folder))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("folder.png")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void turnsAJpegUprightAsItsExifOrientationSays() throws Exception {
    byte[] jpeg = Files.readAllBytes(SharedData.tubingen());
    // A big-endian TIFF block with one IFD entry: Orientation (0x0112), SHORT, 1 value, 6
    // ("rotate 90 degrees clockwise to display").
    byte[] tiff = {
      'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0
    };
    int length = 2 + 6 + tiff.length;
    ByteArrayOutputStream rotated = new ByteArrayOutputStream();
    rotated.write(jpeg, 0, 2);
    rotated.write(new byte[] {(byte) 0xFF, (byte) 0xE1, 0, (byte) length});
    rotated.write(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    rotated.write(tiff);
    rotated.write(jpeg, 2, jpeg.length - 2);

    RgbImage upright = Images.decode(rotated.toByteArray(), "rotated.jpg");

    assertThat(upright.width()).isEqualTo(768);
    assertThat(upright.height()).isEqualTo(1024);
  }

  @Test
  void copiesAnImageThatAlreadyHasTheTargetSize() throws Exception {
    RgbImage image = Images.read(SharedData.amy1());

    FaceImage face = Images.toFaceImage(image, 150, 150);

    assertThat(face).isEqualTo(FaceImage.ofRgbBytes(150, 150, image.rgb()));
  }

  @Test
  void shrinksByAveragingPixelAreas() {
    // 6x3 -> 2x1: each output pixel is the mean of a 3x3 block. Bilinear sampling would return the
    // block's centre pixel instead, which differs from the mean here.
    byte[] rgb = new byte[6 * 3 * 3];
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 6; x++) {
        int i = (y * 6 + x) * 3;
        rgb[i] = (byte) (x < 3 ? 9 * (y * 3 + x) : 200);
        rgb[i + 1] = (byte) (x == 4 && y == 1 ? 0 : 90);
        rgb[i + 2] = (byte) 255;
      }
    }

    FaceImage small = Images.toFaceImage(new RgbImage(6, 3, rgb), 2, 1);

    assertThat(small.width()).isEqualTo(2);
    assertThat(small.height()).isEqualTo(1);
    assertThat(small.value(0, 0, 0)).isCloseTo(36f, within(1e-3f));
    assertThat(small.value(0, 0, 1)).isCloseTo(90f, within(1e-3f));
    assertThat(small.value(1, 0, 0)).isCloseTo(200f, within(1e-3f));
    assertThat(small.value(1, 0, 1)).isCloseTo(80f, within(1e-3f));
    assertThat(small.value(1, 0, 2)).isCloseTo(255f, within(1e-3f));
  }

  @Test
  void enlargesBilinearlyWithoutRounding() {
    byte[] rgb = {0, 10, (byte) 255, (byte) 200, 11, (byte) 255};

    FaceImage wide = Images.toFaceImage(new RgbImage(2, 1, rgb), 4, 1);

    float[] red = new float[4];
    for (int x = 0; x < 4; x++) {
      red[x] = wide.value(x, 0, 0);
      assertThat(wide.value(x, 0, 2)).isCloseTo(255f, within(1e-3f));
    }
    assertThat(red).containsExactly(new float[] {0f, 50f, 150f, 200f}, within(1e-3f));
    assertThat(wide.value(1, 0, 1)).isCloseTo(10.25f, within(1e-3f));
  }

  @Test
  void resizesAPhotoToAFaceInputKeepingItsMeanColour() throws Exception {
    RgbImage photo = Images.read(SharedData.tubingen());

    FaceImage face = Images.toFaceImage(photo, 150, 150);

    assertThat(face.width()).isEqualTo(150);
    assertThat(face.height()).isEqualTo(150);
    double[] before = meanRgb(photo);
    double[] after = new double[3];
    for (int y = 0; y < 150; y++) {
      for (int x = 0; x < 150; x++) {
        for (int c = 0; c < 3; c++) {
          after[c] += face.value(x, y, c) / (150.0 * 150.0);
        }
      }
    }
    for (int c = 0; c < 3; c++) {
      assertThat(after[c]).as("mean of channel %d", c).isCloseTo(before[c], within(1.0));
    }
  }

  @Test
  void rejectsAnEmptyTargetSize() {
    RgbImage image = new RgbImage(1, 1, new byte[3]);

    assertThatThrownBy(() -> Images.toFaceImage(image, 0, 150))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x150");
  }

  private static double[] meanRgb(RgbImage image) {
    double[] sum = new double[3];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        for (int c = 0; c < 3; c++) {
          sum[c] += image.value(x, y, c);
        }
      }
    }
    return divide(sum, (double) image.width() * image.height());
  }

  private static double[] meanRgb(BufferedImage image) {
    double[] sum = new double[3];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int argb = image.getRGB(x, y);
        sum[0] += (argb >> 16) & 0xFF;
        sum[1] += (argb >> 8) & 0xFF;
        sum[2] += argb & 0xFF;
      }
    }
    return divide(sum, (double) image.getWidth() * image.getHeight());
  }

  private static double[] divide(double[] sum, double n) {
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }
}
