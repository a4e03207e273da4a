package dev.pictor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Runs the {@link StylizePhoto} example in-process at a small size. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class StylizePhotoIT {
  private static final Path STYLE =
      Path.of(System.getProperty("pictor.shared.dir", "../../shared"), "data/style");

  @TempDir Path temp;

  private static String[] captured(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      System.setOut(po);
      System.setErr(pe);
      code = StylizePhoto.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {
      String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  void stylisesASmallPhotoAndPrintsTheCost() throws Exception {
    Path out = temp.resolve("g.png");
    String[] r =
        captured(
            STYLE.resolve("content/golden_gate.jpg").toString(),
            STYLE.resolve("style/the_scream.jpg").toString(),
            out.toString(),
            "48",
            "20");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1]).contains("step 10/20  J ").contains("step 20/20  J ").contains("wrote");
    RgbImage image = Images.read(out);
    assertThat(Math.max(image.width(), image.height())).isEqualTo(48);
  }

  @Test
  void badArgumentsAndMissingPhotoExitWithTwo() {
    assertThat(captured("only-one.jpg")[0]).isEqualTo("2");
    String[] missing =
        captured(
            temp.resolve("missing.jpg").toString(),
            STYLE.resolve("style/the_scream.jpg").toString(),
            temp.resolve("g.png").toString(),
            "32",
            "2");
    assertThat(missing[0]).isEqualTo("2");
    assertThat(missing[2]).contains("missing.jpg");
    assertThat(captured("a.jpg", "b.jpg", "c.png", "huge")[0]).isEqualTo("2");
  }
}
