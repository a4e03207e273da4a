package dev.pictor.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.recognition.Calibration;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocPlotTest {

  @TempDir Path dir;

  private static Calibration noisy() {
    Random random = new Random(7);
    double[] distances = new double[500];
    boolean[] same = new boolean[500];
    for (int k = 0; k < distances.length; k++) {
      same[k] = k % 2 == 0;
      distances[k] = random.nextGaussian() * 0.2 + (same[k] ? 0.6 : 1.1);
    }
    return Calibration.of(distances, same);
  }

  @Test
  void writesAPngOfTheRequestedSize() throws IOException {
    Path png = dir.resolve("roc.png");

    RocPlot.write(noisy(), png, "LFW View 1", 640, 480);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(480);
  }

  @Test
  void defaultSizeAndExactFileName() throws IOException {
    Path png = dir.resolve("curve");
    Calibration separable =
        Calibration.of(new double[] {0.1, 0.2, 0.3, 0.4}, new boolean[] {true, true, false, false});

    RocPlot.write(separable, png, null);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(RocPlot.DEFAULT_WIDTH);
    assertThat(image.getHeight()).isEqualTo(RocPlot.DEFAULT_HEIGHT);
    assertThat(dir.resolve("curve.png")).doesNotExist();
  }

  @Test
  void drawsSomethingBesidesTheBackground() throws IOException {
    Path png = dir.resolve("roc.png");

    RocPlot.write(noisy(), png, "ROC", 400, 300);

    BufferedImage image = ImageIO.read(png.toFile());
    long distinctColours =
        java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
            .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth()))
            .distinct()
            .count();
    assertThat(distinctColours).isGreaterThan(10);
  }

  @Test
  void rejectsBadSizes() {
    Path png = dir.resolve("roc.png");

    assertThatThrownBy(() -> RocPlot.write(noisy(), png, "t", 0, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> RocPlot.write(noisy(), png, "t", 100, 20_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height");
    assertThat(Files.exists(png)).isFalse();
  }

  @Test
  void aMissingFolderIsAnIoException() {
    Path png = dir.resolve("missing").resolve("roc.png");

    assertThatThrownBy(() -> RocPlot.write(noisy(), png, "t"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing");
  }
}
