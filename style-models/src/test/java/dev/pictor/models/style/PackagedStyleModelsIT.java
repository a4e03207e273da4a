package dev.pictor.models.style;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.ExecutionDevice;
import dev.pictor.Pictor;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleResult;
import dev.pictor.style.StyleTransfer;
import dev.pictor.style.fast.FastStyleOptions;
import dev.pictor.style.fast.FastStyleTransfer;
import dev.pictor.style.gatys.GatysOptions;
import dev.pictor.style.gatys.GatysStyleTransfer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The packaged style weights, with no model directory configured (this module's failsafe run sets
 * none): they open, and give the same pixels as the files of the shared model directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackagedStyleModelsIT {
  private Path shared;
  private RgbImage photo;

  @BeforeAll
  void setUp() throws Exception {
    assertThat(System.getProperty(ModelStore.DIRECTORY_PROPERTY, "")).isBlank();
    assertThat(Optional.ofNullable(System.getenv(ModelStore.DIRECTORY_ENV)).orElse("")).isBlank();
    shared = Path.of(System.getProperty("pictor.shared.dir"));
    photo = Images.read(shared.resolve("data/style/content/tubingen.jpg"));
  }

  @Test
  void everyFeedForwardStyleOpensFromTheJarAndMatchesTheModelDirectory() throws Exception {
    assertThat(FastStyleTransfer.styles()).containsExactlyElementsOf(StyleModels.styles());
    Set<String> distinct = new HashSet<>();
    for (String style : StyleModels.styles()) {
      FastStyleOptions packaged = FastStyleOptions.builder(style).maxSide(96).build();
      FastStyleOptions fromDirectory =
          packaged.toBuilder().modelDirectory(shared.resolve("models")).build();
      StyleResult a;
      StyleResult b;
      try (FastStyleTransfer t = FastStyleTransfer.open(packaged)) {
        a = t.stylize(photo, StyleMonitor.NONE);
      }
      try (FastStyleTransfer t = FastStyleTransfer.open(fromDirectory)) {
        b = t.stylize(photo, StyleMonitor.NONE);
      }
      assertThat(a.image().width()).as(style).isEqualTo(96);
      assertThat(a.image().rgb()).as(style).isEqualTo(b.image().rgb());
      distinct.add(Arrays.toString(a.image().rgb()));
    }
    assertThat(distinct).as("each style its own weights").hasSize(4);
  }

  @Test
  void gatysOpensOnThePackagedVgg19() throws Exception {
    RgbImage painting = Images.read(shared.resolve("data/style/style/starry_night.jpg"));
    GatysOptions options = GatysOptions.builder().size(32).iterations(2).build();
    try (GatysStyleTransfer gatys = GatysStyleTransfer.open(painting, options)) {
      StyleResult result = gatys.stylize(photo, StyleMonitor.NONE);
      assertThat(result.image().width()).isEqualTo(32);
      assertThat(result.image().height()).isEqualTo(24);
    }
  }

  @Test
  void pictorOpensTheStylesThroughItsFactories() throws Exception {
    assertThat(Pictor.styles()).containsExactlyElementsOf(StyleModels.styles());
    try (StyleTransfer wave = Pictor.fastStyle("wave")) {
      assertThat(wave.styleId()).isEqualTo("wave");
      assertThat(wave.device()).isEqualTo(ExecutionDevice.cpu());
      StyleResult result =
          wave.stylize(new RgbImage(40, 30, new byte[40 * 30 * 3]), StyleMonitor.NONE);
      assertThat(result.image().width()).isEqualTo(40);
      assertThat(result.image().height()).isEqualTo(30);
    }
  }

  @Test
  void theJarCarriesTheLicenseTexts() {
    ClassLoader loader = StyleModels.class.getClassLoader();
    assertThat(loader.getResource("META-INF/licenses/fast-style-ml5-LICENSE")).isNotNull();
    assertThat(loader.getResource("META-INF/licenses/vgg19-tfjs-LICENSE")).isNotNull();
  }
}
