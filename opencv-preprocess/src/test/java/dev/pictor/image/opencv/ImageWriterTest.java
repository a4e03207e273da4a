package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ImageException;
import dev.pictor.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageWriterTest {

  static RgbImage noise(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    new Random(3).nextBytes(rgb);
    return new RgbImage(w, h, rgb);
  }

  @Test
  void pngRoundTripsExactly(@TempDir Path dir) throws Exception {
    RgbImage image = noise(37, 23);
    Path file = dir.resolve("out.PNG");
    ImageWriter.write(image, file);
    assertThat(Images.read(file)).isEqualTo(image);
    assertThat(Files.list(dir)).containsExactly(file); // no temporary file left
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // The permissions of a directly written file (umask applies), not private ones.
      Path direct = Files.write(dir.resolve("direct.bin"), new byte[1]);
      assertThat(Files.getPosixFilePermissions(file))
          .isEqualTo(Files.getPosixFilePermissions(direct));
    }
  }

  @Test
  void jpegIsCloseButLossy(@TempDir Path dir) throws Exception {
    byte[] rgb = new byte[64 * 48 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i % 3 == 0 ? 200 : 60); // flat colour
    }
    RgbImage image = new RgbImage(64, 48, rgb);
    Path file = dir.resolve("out.jpg");
    ImageWriter.write(image, file);
    RgbImage back = Images.read(file);
    assertThat(back.width()).isEqualTo(64);
    assertThat(Math.abs(back.value(10, 10, 0) - 200)).isLessThanOrEqualTo(3);
    assertThat(Math.abs(back.value(10, 10, 1) - 60)).isLessThanOrEqualTo(3);
  }

  @Test
  void unknownExtensionAndMissingFolderNameTheFile(@TempDir Path dir) {
    RgbImage image = noise(4, 4);
    assertThatThrownBy(() -> ImageWriter.write(image, dir.resolve("out.tiff")))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("out.tiff")
        .hasMessageContaining(".png");
    Path missing = dir.resolve("no/such/folder/out.png");
    assertThatThrownBy(() -> ImageWriter.writePng(image, missing))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(missing.toString());
  }
}
