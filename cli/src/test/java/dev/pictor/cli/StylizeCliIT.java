package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pictor stylize} on the shared style weights and content photos. */
class StylizeCliIT {

  static Path tubingen() {
    return Cli.data().resolve("style/content/tubingen.jpg");
  }

  @Test
  void listsTheTrainedStyles() {
    Cli.Run run = Cli.pictor("stylize", "--list");
    assertThat(run.exitCode()).isEqualTo(PictorCli.OK);
    assertThat(run.out())
        .contains("udnie", "rain_princess", "scream", "wave")
        .contains("fast-style-udnie")
        .contains("MIT")
        .contains("https://github.com/ml5js/ml5-data-and-models/");
  }

  @Test
  void stylisesAPhotoToAPng(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("tubingen-wave.png");
    Cli.Run run =
        Cli.pictor(
            "stylize",
            "--model",
            "wave",
            "--content",
            tubingen().toString(),
            "--out",
            out.toString(),
            "--size",
            "256",
            "--strength",
            "0.8");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(PictorCli.OK);
    assertThat(run.out()).contains("256x192", "style wave", "1 tile,");
    RgbImage written = Images.read(out);
    assertThat(written.width()).isEqualTo(256);
    assertThat(written.height()).isEqualTo(192);
    RgbImage photo = Images.read(tubingen());
    // Not the photo: the wave network turns it blue-green.
    long differing = 0;
    for (int y = 0; y < 192; y++) {
      for (int x = 0; x < 256; x++) {
        if (Math.abs(written.value(x, y, 2) - photo.value(x * 4, y * 4, 2)) > 20) {
          differing++;
        }
      }
    }
    assertThat(differing).isGreaterThan(256 * 192 / 4);
  }

  @Test
  void jsonWorksWithModelAndWithList(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("tubingen-udnie.jpg");
    Cli.Run run =
        Cli.pictor(
            "stylize",
            "--model",
            "udnie",
            "--json",
            "--content",
            tubingen().toString(),
            "--out",
            out.toString(),
            "--size",
            "128");
    Cli.Run list = Cli.pictor("stylize", "--list", "--json");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(PictorCli.OK);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.path("method").asText()).isEqualTo("feed-forward");
    assertThat(json.path("out").asText()).isEqualTo(out.toString());
    assertThat(json.path("width").asInt()).isEqualTo(128);
    assertThat(json.path("height").asInt()).isEqualTo(96);
    assertThat(json.path("style").asText()).isEqualTo("udnie");
    assertThat(json.path("strength").asDouble()).isEqualTo(1.0);
    assertThat(json.path("tiles").asInt()).isEqualTo(1);
    assertThat(json.path("seconds").asDouble()).isPositive();
    assertThat(Images.read(out).width()).isEqualTo(128);
    assertThat(list.exitCode()).as(list.err()).isEqualTo(PictorCli.OK);
    JsonNode styles = new ObjectMapper().readTree(list.out()).path("styles");
    assertThat(styles).hasSize(4);
    List<String> names = new ArrayList<>();
    styles.forEach(s -> names.add(s.path("style").asText()));
    assertThat(names).contains("udnie", "rain_princess", "scream", "wave");
    assertThat(styles.get(0).path("weights").isNull()).isFalse();
    assertThat(styles.get(0).path("license").asText()).isNotBlank();
  }

  @Test
  void modelAndListAreExclusive() {
    Cli.Run run = Cli.pictor("stylize", "--list", "--model", "udnie");
    assertThat(run.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(run.err()).contains("mutually exclusive");
  }

  @Test
  void usageErrorsNameTheProblem(@TempDir Path dir) throws Exception {
    Cli.Run none = Cli.pictor("stylize", "--content", tubingen().toString());
    assertThat(none.exitCode()).isEqualTo(PictorCli.USAGE);

    Cli.Run unknown =
        Cli.pictor(
            "stylize", "--model", "starry", "--content", tubingen().toString(), "--out", "x.png");
    assertThat(unknown.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(unknown.err()).contains("unknown style 'starry'", "udnie, rain_princess");

    Cli.Run noOut = Cli.pictor("stylize", "--model", "udnie", "--content", tubingen().toString());
    assertThat(noOut.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(noOut.err()).contains("--out");

    Cli.Run badStrength =
        Cli.pictor(
            "stylize",
            "--model",
            "udnie",
            "--content",
            tubingen().toString(),
            "--out",
            dir.resolve("a.png").toString(),
            "--strength",
            "2");
    assertThat(badStrength.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(badStrength.err()).contains("strength");

    Path notAnImage = Files.writeString(dir.resolve("notes.jpg"), "not a photo");
    Cli.Run unreadable =
        Cli.pictor(
            "stylize",
            "--model",
            "udnie",
            "--content",
            notAnImage.toString(),
            "--out",
            dir.resolve("b.png").toString());
    assertThat(unreadable.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(unreadable.err()).contains("notes.jpg");
    assertThat(dir.resolve("b.png")).doesNotExist();

    Cli.Run badFormat =
        Cli.pictor(
            "stylize",
            "--model",
            "udnie",
            "--content",
            tubingen().toString(),
            "--out",
            dir.resolve("c.gif").toString());
    assertThat(badFormat.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(badFormat.err()).contains("c.gif");
  }
}
