package dev.pictor.samples;

import dev.pictor.recognition.Calibration;
import dev.pictor.recognition.RocPoint;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the ROC curve of a {@link Calibration} into a PNG file: false accept rate on a logarithmic
 * x axis, true accept rate on a linear y axis from 0 to 1, with AUC and EER in the legend.
 *
 * <p>A logarithmic axis has no zero, so points with a false accept rate of 0 are drawn at the left
 * edge, {@code 1 / (2 N)} for {@code N} different-people pairs: half the smallest non-zero rate the
 * data can show. Rendering happens off screen (no window is opened), so it works on headless
 * servers.
 *
 * <p>Stateless and safe to call from several threads.
 */
public final class RocPlot {

  /** Default image width in pixels. */
  public static final int DEFAULT_WIDTH = 800;

  /** Default image height in pixels. */
  public static final int DEFAULT_HEIGHT = 600;

  private static final int MAX_SIZE = 10_000;

  private RocPlot() {}

  /**
   * Writes the curve as a {@value #DEFAULT_WIDTH} x {@value #DEFAULT_HEIGHT} PNG.
   *
   * @see #write(Calibration, Path, String, int, int)
   */
  public static void write(Calibration calibration, Path png, String title) throws IOException {
    write(calibration, png, title, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /**
   * Writes the curve as a PNG of the given size, replacing {@code png} if it exists. The file is
   * written exactly at {@code png}; no extension is added.
   *
   * @param calibration the curve to draw
   * @param png the file to write; its folder must exist
   * @param title the chart title; null or blank for "ROC"
   * @param width image width in pixels, 1 to 10000
   * @param height image height in pixels, 1 to 10000
   * @throws IllegalArgumentException if a size is out of range
   * @throws IOException if the file cannot be written
   */
  public static void write(Calibration calibration, Path png, String title, int width, int height)
      throws IOException {
    Objects.requireNonNull(calibration, "calibration");
    Objects.requireNonNull(png, "png");
    checkSize("width", width);
    checkSize("height", height);

    List<RocPoint> points = calibration.rocPoints();
    double floor = 0.5 / calibration.differentCount();
    double[] far = new double[points.size()];
    double[] tar = new double[points.size()];
    for (int k = 0; k < far.length; k++) {
      far[k] = Math.max(points.get(k).falseAcceptRate(), floor);
      tar[k] = points.get(k).trueAcceptRate();
    }

    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title == null || title.isBlank() ? "ROC" : title)
            .xAxisTitle("False accept rate")
            .yAxisTitle("True accept rate")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisMin(floor);
    chart.getStyler().setXAxisMax(1.0);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    String label =
        String.format(
            Locale.ROOT,
            "AUC %.4f, EER %.4f (%d same, %d different)",
            calibration.auc(),
            calibration.equalErrorRate(),
            calibration.sameCount(),
            calibration.differentCount());
    XYSeries series = chart.addSeries(label, far, tar);
    series.setMarker(SeriesMarkers.NONE);

    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static void checkSize(String name, int value) {
    if (value < 1 || value > MAX_SIZE) {
      throw new IllegalArgumentException(
          "plot " + name + " must lie in 1.." + MAX_SIZE + " pixels, got " + value);
    }
  }
}
