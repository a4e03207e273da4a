package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.recognition.Calibration;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

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

    RocPlot.write(noisy(), 0.85, png, "LFW View 1", 640, 480);

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

    RocPlot.write(separable, 0.25, png, null);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(RocPlot.DEFAULT_WIDTH);
    assertThat(image.getHeight()).isEqualTo(RocPlot.DEFAULT_HEIGHT);
    assertThat(dir.resolve("curve.png")).doesNotExist();
  }

  @Test
  void drawsSomethingBesidesTheBackground() throws IOException {
    Path png = dir.resolve("roc.png");

    RocPlot.write(noisy(), 0.85, png, "ROC", 400, 300);

    BufferedImage image = ImageIO.read(png.toFile());
    long distinctColours =
        java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
            .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth()))
            .distinct()
            .count();
    assertThat(distinctColours).isGreaterThan(10);
  }

  /** Like a good encoder on LFW: TAR above 0.97 already at FAR 0. */
  private static Calibration good() {
    Random random = new Random(3);
    double[] distances = new double[3200];
    boolean[] same = new boolean[3200];
    for (int k = 0; k < distances.length; k++) {
      same[k] = k % 2 == 0;
      distances[k] = random.nextGaussian() * 0.07 + (same[k] ? 0.30 : 0.66);
    }
    return Calibration.of(distances, same);
  }

  @Test
  void theTrueAcceptAxisIsZoomedToTheCurveWithAFewRoundTicks() {
    Calibration good = good();
    double edge =
        good.rocPoints().stream()
            .filter(p -> p.falseAcceptRate() == 0)
            .mapToDouble(p -> p.trueAcceptRate())
            .max()
            .orElseThrow();
    assertThat(edge).isGreaterThan(0.95);

    XYChart chart = RocPlot.chart(good, good.accuracyOptimalThreshold(), "t", 800, 600);

    double yMin = chart.getStyler().getYAxisMin();
    assertThat(chart.getStyler().getYAxisMax()).isEqualTo(1.0);
    assertThat(yMin).isGreaterThan(0.9).isLessThan(edge);
    // The curve fills the plot: what lies above the edge takes most of the axis.
    assertThat((1 - edge) / (1 - yMin)).isGreaterThan(0.7);
    List<String> labels = yLabels(chart, yMin);
    assertThat(labels).hasSizeBetween(3, 9).contains("1.000").doesNotContain("0.9990");
  }

  @Test
  void aWeakCurveKeepsMostOfTheAxis() {
    XYChart chart = RocPlot.chart(noisy(), 0.85, "t", 800, 600);

    assertThat(chart.getStyler().getYAxisMin()).isLessThan(0.6);
    assertThat(yLabels(chart, chart.getStyler().getYAxisMin()))
        .hasSizeBetween(3, 9)
        .contains("1.0");
  }

  @Test
  void theOperatingPointOfTheThresholdIsMarkedAndLabelled() {
    Calibration good = good();
    double threshold = good.accuracyOptimalThreshold();

    XYChart chart = RocPlot.chart(good, threshold, "t", 800, 600);

    List<XYSeries> points =
        chart.getSeriesMap().values().stream()
            .filter(series -> series.getName().startsWith("threshold "))
            .toList();
    assertThat(points).hasSize(1);
    XYSeries point = points.get(0);
    assertThat(point.getXData()).containsExactly(good.falseAcceptRateAt(threshold));
    assertThat(point.getYData()).containsExactly(good.trueAcceptRateAt(threshold));
    assertThat(point.getName())
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "threshold %.4f: TAR %.2f%%, FAR %.2f%%",
                threshold,
                100 * good.trueAcceptRateAt(threshold),
                100 * good.falseAcceptRateAt(threshold)));
    assertThat(point.getMarker()).isNotNull();
  }

  @Test
  void aThresholdThatIsNotFiniteIsRefused() {
    assertThatThrownBy(() -> RocPlot.chart(noisy(), Double.NaN, "t", 800, 600))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold")
        .hasMessageContaining("NaN");
  }

  /** The non-empty y tick labels over the axis, at the finest step a plot could ask for. */
  private static List<String> yLabels(XYChart chart, double yMin) {
    Function<Double, String> format = chart.getStyler().getyAxisTickLabelsFormattingFunction();
    List<String> labels = new ArrayList<>();
    for (long k = Math.round(yMin * 1000); k <= 1000; k++) {
      String label = format.apply(k / 1000.0);
      if (!label.isEmpty()) {
        labels.add(label);
      }
    }
    return labels;
  }

  @Test
  void rejectsBadSizes() {
    Path png = dir.resolve("roc.png");

    assertThatThrownBy(() -> RocPlot.write(noisy(), 0.85, png, "t", 0, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> RocPlot.write(noisy(), 0.85, png, "t", 100, 20_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height");
    assertThat(Files.exists(png)).isFalse();
  }

  @Test
  void aMissingFolderIsAnIoException() {
    Path png = dir.resolve("missing").resolve("roc.png");

    assertThatThrownBy(() -> RocPlot.write(noisy(), 0.85, png, "t"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing");
  }
}
