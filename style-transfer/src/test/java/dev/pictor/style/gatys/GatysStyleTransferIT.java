package dev.pictor.style.gatys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleProgress;
import dev.pictor.style.StyleResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    Png.write(result.image(), png);
    RgbImage back = Images.read(png);
    assertThat(back.width()).isEqualTo(128);
    assertThat(back.rgb()).isEqualTo(result.image().rgb());
  }
}
