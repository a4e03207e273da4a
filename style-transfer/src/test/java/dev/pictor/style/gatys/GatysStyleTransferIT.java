package dev.pictor.style.gatys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.ImageException;
import dev.pictor.ModelException;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.ImageWriter;
import dev.pictor.image.opencv.Images;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleProgress;
import dev.pictor.style.StyleResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gatys style transfer on the shared VGG-19 weights and style images. */
class GatysStyleTransferIT {
  private static final Path DATA =
      Path.of(System.getProperty("pictor.shared.dir", "../../shared")).resolve("data/style");
  private static RgbImage tubingen;
  private static RgbImage starryNight;

  @TempDir Path tmp;

  @BeforeAll
  static void readImages() throws Exception {
    tubingen = Images.read(DATA.resolve("content/tubingen.jpg"));
    starryNight = Images.read(DATA.resolve("style/starry_night.jpg"));
  }

  @Test
  void hundredAdamStepsAt128LowerTheStyleCostByEightyPercentAndWriteAPng() throws Exception {
    GatysOptions options = GatysOptions.builder().size(128).iterations(100).build();
    List<StyleProgress> reports = new ArrayList<>();
    StyleResult result;
    try (GatysStyleTransfer gatys = GatysStyleTransfer.open(starryNight, options)) {
      result =
          gatys.stylize(
              tubingen,
              new StyleMonitor() {
                @Override
                public void onProgress(StyleProgress p) {
                  reports.add(p);
                }
              });
    }
    System.out.printf(
        "128px x100: J_style %.4g -> %.4g, J_content %.4g -> %.4g, %.3f s/step%n",
        result.initial().styleCost(),
        result.last().styleCost(),
        result.initial().contentCost(),
        result.last().contentCost(),
        result.elapsed().toMillis() / 1000.0 / result.steps());
    assertThat(result.outcome()).isEqualTo(StyleResult.Outcome.COMPLETED);
    assertThat(result.steps()).isEqualTo(100);
    assertThat(reports).hasSize(100);
    assertThat(reports.get(99).step()).isEqualTo(100);
    assertThat(result.initial().step()).isZero();
    assertThat(result.last().styleCost()).isLessThanOrEqualTo(0.2 * result.initial().styleCost());
    assertThat(result.last().totalCost()).isLessThan(result.initial().totalCost());
    assertThat(result.image().width()).isEqualTo(128);
    assertThat(result.image().height()).isEqualTo(96);

    Path png = tmp.resolve("g.png");
    ImageWriter.writePng(result.image(), png);
    RgbImage back = Images.read(png);
    assertThat(back.width()).isEqualTo(128);
    assertThat(back.rgb()).isEqualTo(result.image().rgb());
  }

  private static GatysOptions.Builder small() {
    return GatysOptions.builder().size(40).iterations(4).intraOpThreads(2);
  }

  @Test
  void cancellationEndsTheRunWithTheBestImageSoFar() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    StyleMonitor cancelAfterThree =
        new StyleMonitor() {
          @Override
          public void onProgress(StyleProgress p) {
            seen.incrementAndGet();
          }

          @Override
          public boolean isCancelled() {
            return seen.get() >= 3;
          }
        };
    try (GatysStyleTransfer gatys =
        GatysStyleTransfer.open(
            starryNight, small().sizes(List.of(24, 40)).iterations(20).build())) {
      StyleResult r = gatys.stylize(tubingen, cancelAfterThree);
      assertThat(r.outcome()).isEqualTo(StyleResult.Outcome.CANCELLED);
      assertThat(r.steps()).isEqualTo(3);
      assertThat(r.last().step()).isEqualTo(3);
      assertThat(r.last().totalSteps()).isEqualTo(40);
      // stopped at the first scale, returned at the final size
      assertThat(r.image().width()).isEqualTo(40);
      assertThat(r.image().height()).isEqualTo(30);
    }
  }

  @Test
  void timeBudgetEndsTheRunEarly() throws Exception {
    GatysOptions options = small().iterations(1000).timeBudget(Duration.ofMillis(1)).build();
    try (GatysStyleTransfer gatys = GatysStyleTransfer.open(starryNight, options)) {
      StyleResult r = gatys.stylize(tubingen, StyleMonitor.NONE);
      assertThat(r.outcome()).isEqualTo(StyleResult.Outcome.TIME_BUDGET);
      assertThat(r.steps()).isLessThan(1000);
      assertThat(r.image().width()).isEqualTo(40);
    }
  }

  @Test
  void badInputsGiveTypedErrorsNamingTheInput() throws Exception {
    Path missing = tmp.resolve("nope.jpg");
    assertThatThrownBy(() -> Images.read(missing))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("nope.jpg");
    RgbImage tiny = new RgbImage(1, 1, new byte[3]);
    assertThatThrownBy(() -> GatysStyleTransfer.open(tiny, small().build()))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("style image 1x1");
    assertThatThrownBy(() -> GatysOptions.builder().size(50_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("50000");
    assertThatThrownBy(
            () ->
                GatysStyleTransfer.open(
                    starryNight, small().contentLayer(VggLayer.CONV4_2).build()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("conv4_2");
    try (GatysStyleTransfer gatys = GatysStyleTransfer.open(starryNight, small().build())) {
      assertThatThrownBy(() -> gatys.stylize(tiny, StyleMonitor.NONE))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("content image 1x1");
      RgbImage strip = new RgbImage(400, 16, new byte[400 * 16 * 3]);
      assertThatThrownBy(() -> gatys.stylize(strip, StyleMonitor.NONE))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("400x16");
    }
  }

  @Test
  void multiScaleWithPreservedColoursSnapshotsAndLbfgs() throws Exception {
    List<Integer> snapshotSteps = new ArrayList<>();
    GatysOptions options =
        small()
            .sizes(List.of(24, 40))
            .iterations(4)
            .optimizer(GatysOptions.Optimizer.LBFGS)
            .preserveColors(true)
            .snapshotEvery(2)
            .snapshotDirectory(tmp)
            .snapshotListener((step, image) -> snapshotSteps.add(step))
            .build();
    try (GatysStyleTransfer gatys = GatysStyleTransfer.open(starryNight, options)) {
      StyleResult r = gatys.stylize(tubingen, StyleMonitor.NONE);
      assertThat(r.outcome()).isEqualTo(StyleResult.Outcome.COMPLETED);
      assertThat(r.steps()).isEqualTo(8);
      assertThat(r.last().totalCost()).isLessThan(r.initial().totalCost());
      assertThat(r.image().width()).isEqualTo(40);
      assertThat(snapshotSteps).containsExactly(2, 4, 6, 8);
      assertThat(tmp.resolve("step-00002.png")).isRegularFile();
      assertThat(Images.read(tmp.resolve("step-00008.png")).width()).isEqualTo(40);
      assertThat(Images.read(tmp.resolve("step-00002.png")).width()).isEqualTo(24);
      // colours kept: the mean chroma of the result is the content's
      double[] got = meanChroma(r.image());
      double[] want = meanChroma(resized(tubingen, 40, 30));
      assertThat(got[0]).isCloseTo(want[0], within(2.0));
      assertThat(got[1]).isCloseTo(want[1], within(2.0));
    }
  }

  @Test
  void sameSeedSameImageAndContractOfClose() throws Exception {
    GatysStyleTransfer gatys = GatysStyleTransfer.open(starryNight, small().iterations(2).build());
    RgbImage a;
    RgbImage b;
    try (gatys) {
      a = gatys.stylize(tubingen);
      b = gatys.stylize(tubingen);
      assertThat(gatys.styleId()).isEqualTo("gatys-vgg19");
    }
    assertThat(a.rgb()).isEqualTo(b.rgb());
    gatys.close(); // idempotent
    assertThatThrownBy(() -> gatys.stylize(tubingen)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void concurrentCallsGiveTheSameAnswerAsOne() throws Exception {
    try (GatysStyleTransfer gatys =
        GatysStyleTransfer.open(
            starryNight, small().size(32).iterations(2).intraOpThreads(1).build())) {
      RgbImage one = gatys.stylize(tubingen);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        var f1 = pool.submit(() -> gatys.stylize(tubingen));
        var f2 = pool.submit(() -> gatys.stylize(tubingen));
        assertThat(f1.get().rgb()).isEqualTo(one.rgb());
        assertThat(f2.get().rgb()).isEqualTo(one.rgb());
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "pictor.test.cuda",
      matches = "true")
  void cudaGivesTheCostsOfTheCpu() throws Exception {
    GatysOptions cpu = small().iterations(1).build();
    GatysOptions cuda = cpu.toBuilder().device(dev.pictor.ExecutionDevice.requireCuda(0)).build();
    StyleResult a;
    StyleResult b;
    try (GatysStyleTransfer g = GatysStyleTransfer.open(starryNight, cpu)) {
      a = g.stylize(tubingen, StyleMonitor.NONE);
    }
    try (GatysStyleTransfer g = GatysStyleTransfer.open(starryNight, cuda)) {
      b = g.stylize(tubingen, StyleMonitor.NONE);
    }
    assertThat(b.initial().totalCost())
        .isCloseTo(a.initial().totalCost(), within(1e-3 * a.initial().totalCost()));
    assertThat(b.last().totalCost())
        .isCloseTo(a.last().totalCost(), within(1e-2 * a.last().totalCost()));
  }

  @Test
  void aTorchvisionStyleOnnxFileServesTheSameLayerNames() throws Exception {
    Path onnx = tmp.resolve("vgg19-blocks1-3.onnx");
    java.nio.file.Files.write(onnx, torchvisionStyleVgg());
    GatysOptions options = small().size(32).iterations(3).vggOnnx(onnx).build();
    try (GatysStyleTransfer gatys = GatysStyleTransfer.open(starryNight, options)) {
      StyleResult r = gatys.stylize(tubingen, StyleMonitor.NONE);
      assertThat(r.outcome()).isEqualTo(StyleResult.Outcome.COMPLETED);
      assertThat(r.last().totalCost()).isLessThan(r.initial().totalCost());
      assertThat(r.image().width()).isEqualTo(32);
    }
    assertThatThrownBy(
            () ->
                GatysStyleTransfer.open(
                    starryNight, options.toBuilder().contentLayer(VggLayer.CONV4_2).build()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("conv4_2")
        .hasMessageContaining("vgg19-blocks1-3.onnx");
  }

  /**
   * Blocks 1-3 of VGG-19 as a torchvision export would write them ({@code features.N.weight} in
   * ONNX layout), made from the shared TF.js weights.
   */
  private static byte[] torchvisionStyleVgg() throws Exception {
    var tfjs =
        dev.pictor.forge.TfjsWeights.readPresentGroups(
            DATA.getParent().getParent().resolve("models/vgg19-tfjs/model.json"));
    var g = new dev.pictor.forge.OnnxGraphBuilder("torch_jit");
    String x = g.input("input", 1, 3, "H", "W");
    int index = 0;
    for (String layer : dev.pictor.forge.VggLayers.names().subList(0, 8)) {
      if (!layer.equals("conv1_1") && layer.endsWith("_1")) {
        x =
            g.node(
                "MaxPool",
                "features." + index++,
                List.of(x),
                java.util.Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}));
      }
      String keras = dev.pictor.forge.VggLayers.kerasName(layer);
      var kernel = tfjs.get(keras + "/kernel");
      int in = kernel.dim(2);
      int out = kernel.dim(3);
      float[] w = new float[kernel.values().length];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          for (int k = 0; k < 9; k++) {
            w[(o * in + i) * 9 + k] = kernel.values()[(k * in + i) * out + o];
          }
        }
      }
      String wn = g.initializer("features." + index + ".weight", w, out, in, 3, 3);
      String bn =
          g.initializer("features." + index + ".bias", tfjs.get(keras + "/bias").values(), out);
      x =
          g.node(
              "Conv",
              "conv" + index++,
              List.of(x, wn, bn),
              java.util.Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1}));
      x = g.node("Relu", "features." + index++, x);
    }
    g.output(x, 1, 256, "h", "w");
    return g.build("pytorch", java.util.Map.of()).toByteArray();
  }

  private static RgbImage resized(RgbImage image, int w, int h) {
    return dev.pictor.style.gatys.internal.Planes.toImage(
        dev.pictor.style.gatys.internal.Planes.of(image, w, h), w, h);
  }

  private static double[] meanChroma(RgbImage image) {
    byte[] rgb = image.rgb();
    double cb = 0;
    double cr = 0;
    int n = rgb.length / 3;
    for (int i = 0; i < n; i++) {
      double r = rgb[3 * i] & 0xFF;
      double g = rgb[3 * i + 1] & 0xFF;
      double b = rgb[3 * i + 2] & 0xFF;
      cb += -0.168736 * r - 0.331264 * g + 0.5 * b;
      cr += 0.5 * r - 0.418688 * g - 0.081312 * b;
    }
    return new double[] {cb / n, cr / n};
  }
}
