package dev.pictor.cli;

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
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the ROC curve of a {@link Calibration} into a PNG file: false accept rate on a logarithmic
 * x axis, true accept rate on a linear y axis zoomed to where the curve is, the operating point of
 * the chosen threshold marked and labelled, with AUC and EER in the legend.
 *
 * <p>A logarithmic axis has no zero, so points with a false accept rate of 0 are drawn at the left
 * edge, {@code 1 / (2 N)} for {@code N} different-people pairs: half the smallest non-zero rate the
 * data can show. The y axis starts a little below the true accept rate at that edge (or at the
 * operating point, if lower), rounded down to a tick, and ends at 1: a good encoder's curve runs in
 * the top few percent of 0..1, where a full axis would squeeze it into a line. Parts of the curve
 * below the axis are drawn along its bottom edge. Rendering happens off screen (no window is
 * opened), so it works on headless servers.
 *
 * <p>Stateless and safe to call from several threads.
 */
public final class RocPlot {

  /** Default image width in pixels. */
  public static final int DEFAULT_WIDTH = 800;

  /** Default image height in pixels. */
  public static final int DEFAULT_HEIGHT = 600;

  /** Tick steps of the y axis to choose from: the smallest with at most {@link #MAX_TICKS}. */
  private static final double[] STEPS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2};

  private static final int MAX_TICKS = 8;

  private static final int MAX_SIZE = 10_000;

  private RocPlot() {}

  /**
   * Writes the curve as a {@value #DEFAULT_WIDTH} x {@value #DEFAULT_HEIGHT} PNG.
   *
   * @see #write(Calibration, double, Path, String, int, int)
   */
  public static void write(Calibration calibration, double threshold, Path png, String title)
      throws IOException {
    write(calibration, threshold, png, title, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /**
   * Writes the curve as a PNG of the given size, replacing {@code png} if it exists. The file is
   * written exactly at {@code png}; no extension is added.
   *
   * @param calibration the curve to draw
   * @param threshold the distance threshold chosen: its operating point is marked
   * @param png the file to write; its folder must exist
   * @param title the chart title; null or blank for "ROC"
   * @param width image width in pixels, 1 to 10000
   * @param height image height in pixels, 1 to 10000
   * @throws IllegalArgumentException if a size is out of range or the threshold is not finite
   * @throws IOException if the file cannot be written
   */
  public static void write(
      Calibration calibration, double threshold, Path png, String title, int width, int height)
      throws IOException {
    Objects.requireNonNull(png, "png");
    XYChart chart = chart(calibration, threshold, title, width, height);
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }

  /** The chart {@link #write} renders. */
  static XYChart chart(
      Calibration calibration, double threshold, String title, int width, int height) {
    Objects.requireNonNull(calibration, "calibration");
    checkSize("width", width);
    checkSize("height", height);
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("plot threshold must be finite, got " + threshold);
    }

    List<RocPoint> points = calibration.rocPoints();
    double floor = 0.5 / calibration.differentCount();
    double operatingFar = calibration.falseAcceptRateAt(threshold);
    double operatingTar = calibration.trueAcceptRateAt(threshold);
    double edgeTar =
        points.stream()
            .filter(p -> p.falseAcceptRate() == 0)
            .mapToDouble(RocPoint::trueAcceptRate)
            .max()
            .orElse(0);
    double step = yStep(Math.min(edgeTar, operatingTar));
    double yMin = yMin(Math.min(edgeTar, operatingTar), step);

    double[] far = new double[points.size()];
    double[] tar = new double[points.size()];
    for (int k = 0; k < far.length; k++) {
      far[k] = Math.max(points.get(k).falseAcceptRate(), floor);
      tar[k] = Math.max(points.get(k).trueAcceptRate(), yMin);
    }

    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title == null || title.isBlank() ? "ROC" : title)
            .xAxisTitle("False accept rate")
            .yAxisTitle("True accept rate")
            .build();
    XYStyler styler = chart.getStyler();
    styler.setXAxisLogarithmic(true);
    styler.setXAxisMin(floor);
    styler.setXAxisMax(1.0);
    styler.setYAxisMin(yMin);
    styler.setYAxisMax(1.0);
    String pattern = step < 0.01 ? "%.3f" : step < 0.1 ? "%.2f" : "%.1f";
    styler.setyAxisTickLabelsFormattingFunction(
        value -> isMultiple(value, step) ? String.format(Locale.ROOT, pattern, value) : "");
    styler.setLegendPosition(Styler.LegendPosition.InsideSE);
    styler.setChartBackgroundColor(Color.WHITE);
    String label =
        String.format(
            Locale.ROOT,
            "AUC %.4f, EER %.4f (%d same, %d different)",
            calibration.auc(),
            calibration.equalErrorRate(),
            calibration.sameCount(),
            calibration.differentCount());
    XYSeries curve = chart.addSeries(label, far, tar);
    curve.setMarker(SeriesMarkers.NONE);

    String operating =
        String.format(
            Locale.ROOT,
            "threshold %.4f: TAR %.2f%%, FAR %.2f%%",
            threshold,
            100 * operatingTar,
            100 * operatingFar);
    XYSeries point =
        chart.addSeries(
            operating,
            new double[] {Math.max(operatingFar, floor)},
            new double[] {Math.max(operatingTar, yMin)});
    point.setMarker(SeriesMarkers.CIRCLE);
    point.setMarkerColor(Color.RED);
    point.setLineStyle(SeriesLines.NONE);
    return chart;
  }

  private static boolean isMultiple(double value, double step) {
    double ticks = value / step;
    return Math.abs(ticks - Math.rint(ticks)) < 1e-6;
  }

  /** The y tick step for a curve whose lowest interesting true accept rate is {@code low}. */
  static double yStep(double low) {
    double span = 1 - margin(low);
    for (double step : STEPS) {
      if (span / step <= MAX_TICKS) {
        return step;
      }
    }
    return STEPS[STEPS.length - 1];
  }

  /** Where the y axis starts: a tick a little below {@code low}, at least 0. */
  static double yMin(double low, double step) {
    // Rounded, so 0.97 is not 0.9699999; then down to a multiple of the step.
    double ticks = Math.floor(Math.round(margin(low) / step * 1e6) / 1e6);
    return Math.max(0, ticks * step);
  }

  /** {@code low} less a tenth of what lies above it (at least 0.01 above it in all). */
  private static double margin(double low) {
    double span = Math.max(1 - low, 0.01);
    return Math.max(0, 1 - span * 1.1);
  }

  private static void checkSize(String name, int value) {
    if (value < 1 || value > MAX_SIZE) {
      throw new IllegalArgumentException(
          "plot " + name + " must lie in 1.." + MAX_SIZE + " pixels, got " + value);
    }
  }
}
