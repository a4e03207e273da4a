package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pictor stylize --style PAINTING} (Gatys) at a small size. */
class GatysStylizeCliIT {

  @Test
  void optimisesTowardsAPaintingAndReportsCostsAsJson(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("g.png");
    Cli.Run run =
        Cli.pictor(
            "stylize",
            "--style",
            Cli.data().resolve("style/style/starry_night.jpg").toString(),
            "--content",
            Cli.data().resolve("style/content/tubingen.jpg").toString(),
            "--out",
            out.toString(),
            "--size",
            "40",
            "--iterations",
            "6",
            "--preserve-colors",
            "--snapshots",
            dir.resolve("snaps").toString(),
            "--snapshot-every",
            "3",
            "--json");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(PictorCli.OK);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.path("steps").asInt()).isEqualTo(6);
    assertThat(json.path("outcome").asText()).isEqualTo("COMPLETED");
    assertThat(json.path("final").path("J").asDouble())
        .isLessThan(json.path("initial").path("J").asDouble());
    assertThat(json.path("secondsPerStep").asDouble()).isPositive();
    // stderr is not a terminal: no redrawn bar, the summary line with the last cost
    assertThat(run.err())
        .doesNotContain("\r")
        .containsPattern("stylizing 6/6 in .*  J [0-9.e+]+\n");
    RgbImage written = Images.read(out);
    assertThat(written.width()).isEqualTo(40);
    assertThat(dir.resolve("snaps/step-00003.png")).isRegularFile();
    assertThat(dir.resolve("snaps/step-00006.png")).isRegularFile();
  }

  @Test
  void badValuesAreUsageErrors(@TempDir Path dir) {
    Cli.Run huge =
        Cli.pictor(
            "stylize",
            "--style",
            Cli.data().resolve("style/style/starry_night.jpg").toString(),
            "--content",
            Cli.data().resolve("style/content/tubingen.jpg").toString(),
            "--out",
            dir.resolve("g.png").toString(),
            "--size",
            "100000");
    assertThat(huge.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(huge.err()).contains("100000");
    Cli.Run both =
        Cli.pictor("stylize", "--style", "s.jpg", "--model", "udnie", "--content", "c.jpg");
    assertThat(both.exitCode()).isEqualTo(PictorCli.USAGE);
    Cli.Run missing =
        Cli.pictor(
            "stylize",
            "--style",
            dir.resolve("missing.jpg").toString(),
            "--content",
            Cli.data().resolve("style/content/tubingen.jpg").toString(),
            "--out",
            dir.resolve("g.png").toString());
    assertThat(missing.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(missing.err()).contains("missing.jpg");
  }
}
