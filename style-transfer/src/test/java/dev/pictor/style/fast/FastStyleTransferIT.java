package dev.pictor.style.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ImageException;
import dev.pictor.ModelException;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.onnx.support.AreaResampler;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleProgress;
import dev.pictor.style.StyleResult;
import dev.pictor.style.fast.internal.StyleCards;
import dev.pictor.style.fast.internal.StyleNetworks;
import dev.pictor.style.fast.internal.TileGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@link FastStyleTransfer} on the real udnie weights and the tubingen photo. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FastStyleTransferIT {
  private RgbImage photo; // tubingen, 1024x768
  private RgbImage small; // the photo shrunk to 160x120
  private FastStyleTransfer udnie;

  @BeforeAll
  void open() throws Exception {
    photo = Images.read(TestData.contentPhoto("tubingen.jpg"));
    small = new RgbImage(160, 120, AreaResampler.shrink(photo.rgb(), 1024, 768, 160, 120));
    udnie =
        FastStyleTransfer.open(
            FastStyleOptions.builder("udnie").modelDirectory(TestData.modelDir()).build());
  }

  @AfterAll
  void close() {
    udnie.close();
  }

  @Test
  void listsTheFourStylesWithCards() throws Exception {
    assertThat(FastStyleTransfer.styles())
        .containsExactly("udnie", "rain_princess", "scream", "wave");
    for (FastStyleCard card : FastStyleTransfer.cards()) {
      assertThat(card.files()).hasSize(49).containsKey("manifest.json");
      assertThat(card.license()).startsWith("MIT");
      assertThat(card.url()).startsWith("https://github.com/ml5js/ml5-data-and-models/");
    }
    assertThat(udnie.styleId()).isEqualTo("udnie");
    assertThat(udnie.card().id()).isEqualTo("fast-style-udnie");
  }

  @Test
  void stylisesAtTheRequestedSize() throws Exception {
    FastStyleOptions options = udnie.options().toBuilder().maxSide(200).build();
    try (FastStyleTransfer t = FastStyleTransfer.open(options)) {
      List<StyleProgress> reports = new ArrayList<>();
      StyleResult result =
          t.stylize(
              photo,
              new StyleMonitor() {
                @Override
                public void onProgress(StyleProgress progress) {
                  reports.add(progress);
                }
              });
      assertThat(result.image().width()).isEqualTo(200);
      assertThat(result.image().height()).isEqualTo(150);
      assertThat(result.outcome()).isEqualTo(StyleResult.Outcome.COMPLETED);
      assertThat(result.steps()).isEqualTo(1);
      assertThat(reports).hasSize(1);
      assertThat(reports.get(0).totalSteps()).isEqualTo(1);
      assertThat(reports.get(0).totalCost()).isNaN();
      RgbImage content =
          new RgbImage(200, 150, AreaResampler.shrink(photo.rgb(), 1024, 768, 200, 150));
      // Stylised, not a copy: udnie changes colours a lot.
      assertThat(meanAbsDiff(result.image(), content)).isGreaterThan(20);
    }
  }

  @Test
  void strengthBlendsWithTheContent() throws Exception {
    RgbImage full = udnie.stylize(small);
    try (FastStyleTransfer none =
            FastStyleTransfer.open(udnie.options().toBuilder().strength(0).build());
        FastStyleTransfer half =
            FastStyleTransfer.open(udnie.options().toBuilder().strength(0.5).build())) {
      assertThat(none.stylize(small)).isEqualTo(small);
      RgbImage mixed = half.stylize(small);
      int worst = 0;
      for (int y = 0; y < small.height(); y++) {
        for (int x = 0; x < small.width(); x++) {
          for (int c = 0; c < 3; c++) {
            double expected = (full.value(x, y, c) + small.value(x, y, c)) / 2.0;
            worst = (int) Math.max(worst, Math.ceil(Math.abs(mixed.value(x, y, c) - expected)));
          }
        }
      }
      // Half of the stylised pixel (before its rounding) plus half of the content, rounded.
      assertThat(worst).isLessThanOrEqualTo(1);
      assertThat(meanAbsDiff(mixed, small)).isGreaterThan(5);
    }
  }

  @Test
  void noSeamAtTileBorders() throws Exception {
    // The whole photo, 1024x768, in tiles of 128 overlapping by at least 32: 11 x 8 tiles, 20
    // column and 14 row borders, so that the photo's own edges average out.
    int w = 1024;
    int h = 768;
    RgbImage content = photo;
    FastStyleOptions options = udnie.options().toBuilder().tileSize(128).tileOverlap(32).build();
    TileGrid grid = new TileGrid(w, h, 128, 32);
    RgbImage tiled;
    try (FastStyleTransfer t = FastStyleTransfer.open(options)) {
      StyleResult result = t.stylize(content, StyleMonitor.NONE);
      assertThat(result.steps()).isEqualTo(grid.size()).isEqualTo(88);
      tiled = result.image();
    }
    Seams blended = Seams.measure(tiled, grid.columnEdges(), grid.rowEdges());
    // The untiled output at the same places, for comparison (the photo's own edges).
    Seams whole = Seams.measure(udnie.stylize(content), grid.columnEdges(), grid.rowEdges());

    // Tiles of about the same size pasted side by side without overlap or blending: the metric
    // must see their seams.
    int[] xs = {0, 128, 256, 384, 512, 640, 768, 896, 1024};
    int[] ys = {0, 128, 256, 384, 512, 640, 768};
    byte[] pasted = new byte[w * h * 3];
    for (int j = 0; j + 1 < ys.length; j++) {
      for (int i = 0; i + 1 < xs.length; i++) {
        RgbImage part = udnie.stylize(crop(content, xs[i], ys[j], xs[i + 1], ys[j + 1]));
        byte[] rgb = part.rgb();
        for (int y = 0; y < part.height(); y++) {
          System.arraycopy(
              rgb, y * part.width() * 3, pasted, ((ys[j] + y) * w + xs[i]) * 3, part.width() * 3);
        }
      }
    }
    Seams hard =
        Seams.measure(
            new RgbImage(w, h, pasted),
            List.of(128, 256, 384, 512, 640, 768, 896),
            List.of(128, 256, 384, 512, 640));
    System.out.printf(
        "seams (mean |difference| of neighbouring pixels, 0..255): blended tiles %s;"
            + " untiled at the same places %s; hard-cut tiles %s%n",
        blended, whole, hard);
    assertThat(hard.border())
        .as("the metric sees unblended seams")
        .isGreaterThan(2 * hard.inside());
    // The photo itself has slightly more detail on these lines than near them (the untiled
    // output's ratio, about 1.02); across a tile border the tiled output may not exceed that.
    assertThat(blended.border() / blended.inside())
        .as("border / inside, tiled vs untiled (%s vs %s)", blended, whole)
        .isLessThanOrEqualTo(whole.border() / whole.inside());
  }

  @Test
  void cancelBetweenTilesKeepsTheTilesDone() throws Exception {
    FastStyleOptions options = udnie.options().toBuilder().tileSize(64).tileOverlap(16).build();
    try (FastStyleTransfer t = FastStyleTransfer.open(options)) {
      List<StyleProgress> reports = new ArrayList<>();
      StyleResult result =
          t.stylize(
              small,
              new StyleMonitor() {
                @Override
                public void onProgress(StyleProgress progress) {
                  reports.add(progress);
                }

                @Override
                public boolean isCancelled() {
                  return reports.size() >= 2;
                }
              });
      assertThat(result.outcome()).isEqualTo(StyleResult.Outcome.CANCELLED);
      assertThat(result.steps()).isEqualTo(2);
      assertThat(result.last().totalSteps()).isGreaterThan(2);
      // Tiles not reached keep the content: the bottom-right corner is unchanged.
      assertThat(result.image().value(159, 119, 0)).isEqualTo(small.value(159, 119, 0));
      assertThat(meanAbsDiff(result.image(), small)).isGreaterThan(1);
    }
  }

  @Test
  void tooSmallContentIsAnImageError() {
    RgbImage tiny = new RgbImage(8, 40, new byte[8 * 40 * 3]);
    assertThatThrownBy(() -> udnie.stylize(tiny))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("content image 8x40")
        .hasMessageContaining("at least 16");
  }

  @Test
  void nullArgumentsAreProgrammingErrors() {
    assertThatThrownBy(() -> udnie.stylize(null, StyleMonitor.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("content");
    assertThatThrownBy(() -> udnie.stylize(small, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("monitor");
  }

  @Test
  void unknownStyleNamesTheKnownOnes() {
    assertThatThrownBy(() -> FastStyleTransfer.open(FastStyleOptions.of("mona_lisa")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("mona_lisa")
        .hasMessageContaining("udnie, rain_princess, scream, wave");
  }

  @Test
  void missingWeightsNameTheFolderAndTheSource(@TempDir Path empty) throws Exception {
    FastStyleCard card = StyleCards.card("wave");
    assertThatThrownBy(() -> StyleNetworks.forge(card, List.of(empty)))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(empty.resolve("fast-style-ml5/wave").toString())
        .hasMessageContaining(card.files().get("manifest.json"))
        .hasMessageContaining(card.url());
  }

  @Test
  void corruptWeightsAreRefusedNamingTheFile(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("fast-style-ml5/scream");
    Files.createDirectories(copy);
    Path source = TestData.modelDir().resolve("fast-style-ml5/scream");
    try (var files = Files.list(source)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName().toString()));
      }
    }
    byte[] bytes = Files.readAllBytes(copy.resolve("Variable_12"));
    bytes[100] ^= 1;
    Files.write(copy.resolve("Variable_12"), bytes);
    assertThatThrownBy(
            () ->
                FastStyleTransfer.open(
                    FastStyleOptions.builder("scream").modelDirectory(dir).build()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(copy.resolve("Variable_12").toString())
        .hasMessageContaining(StyleCards.card("scream").files().get("Variable_12"));
  }

  @Test
  void contractCloseIsIdempotentAndLaterCallsFail() throws Exception {
    FastStyleTransfer t = FastStyleTransfer.open(udnie.options());
    t.close();
    t.close();
    assertThatThrownBy(() -> t.stylize(small))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void contractThreadsGiveTheSameAnswerAsOne() throws Exception {
    RgbImage expected = udnie.stylize(small);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<RgbImage>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> udnie.stylize(small)));
      }
      for (Future<RgbImage> f : futures) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void contractCloseDuringARunDoesNotCrash() throws Exception {
    FastStyleOptions options = udnie.options().toBuilder().tileSize(64).tileOverlap(16).build();
    FastStyleTransfer t = FastStyleTransfer.open(options);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<StyleResult> run = pool.submit(() -> t.stylize(small, StyleMonitor.NONE));
      Thread.sleep(50);
      t.close();
      try {
        StyleResult result = run.get(120, TimeUnit.SECONDS);
        assertThat(result.image().width()).isEqualTo(160); // finished before the close
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
      }
      assertThatThrownBy(() -> t.stylize(small)).isInstanceOf(IllegalStateException.class);
    } finally {
      pool.shutdownNow();
    }
  }

  static RgbImage crop(RgbImage image, int x0, int y0, int x1, int y1) {
    int w = x1 - x0;
    int h = y1 - y0;
    byte[] rgb = image.rgb();
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      System.arraycopy(rgb, ((y0 + y) * image.width() + x0) * 3, out, y * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }

  static double meanAbsDiff(RgbImage a, RgbImage b) {
    double sum = 0;
    byte[] x = a.rgb();
    byte[] y = b.rgb();
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
    }
    return sum / x.length;
  }

  /**
   * Mean absolute difference between neighbouring pixels across tile borders vs elsewhere. Column
   * {@code e} is a border between columns {@code e - 1} and {@code e}.
   */
  record Seams(double columnBorder, double columnInside, double rowBorder, double rowInside) {
    /** The networks' output has a period-4 pattern (two stride-2 transposed convolutions). */
    static final int PERIOD = 4;

    static final int NEAR = 12;

    /** Mean over all border columns and rows (each a full line of pixels). */
    double border() {
      return (columnBorder + rowBorder) / 2;
    }

    /** Mean over all other columns and rows. */
    double inside() {
      return (columnInside + rowInside) / 2;
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "border %.2f vs inside %.2f (columns %.2f vs %.2f, rows %.2f vs %.2f)",
          border(),
          inside(),
          columnBorder,
          columnInside,
          rowBorder,
          rowInside);
    }

    static Seams measure(RgbImage image, List<Integer> columnEdges, List<Integer> rowEdges) {
      int w = image.width();
      int h = image.height();
      double[] col = new double[w]; // col[x]: mean |I(x) - I(x - 1)|
      double[] row = new double[h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < 3; c++) {
            int v = image.value(x, y, c);
            if (x > 0) {
              col[x] += Math.abs(v - image.value(x - 1, y, c)) / (3.0 * h);
            }
            if (y > 0) {
              row[y] += Math.abs(v - image.value(x, y - 1, c)) / (3.0 * w);
            }
          }
        }
      }
      return new Seams(
          mean(col, columnEdges, true), mean(col, columnEdges, false),
          mean(row, rowEdges, true), mean(row, rowEdges, false));
    }

    /**
     * The mean over the border lines, or over the lines "inside" near them: for each border {@code
     * e}, the lines {@code e - 8 .. e - 2} and {@code e + 2 .. e + 8} that are not borders
     * themselves, so both means see the same part of the photo.
     */
    private static double mean(double[] values, List<Integer> edges, boolean atEdges) {
      double sum = 0;
      int n = 0;
      for (int e : edges) {
        if (atEdges) {
          sum += values[e];
          n++;
          continue;
        }
        for (int d = PERIOD; d <= NEAR; d += PERIOD) {
          for (int i : new int[] {e - d, e + d}) {
            if (i >= 1 && i < values.length && !edges.contains(i)) {
              sum += values[i];
              n++;
            }
          }
        }
      }
      assertThat(n).isPositive();
      return sum / n;
    }
  }
}
