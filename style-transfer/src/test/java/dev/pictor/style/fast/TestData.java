package dev.pictor.style.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import java.io.InputStream;
import java.nio.file.Path;

/** Where the tests find the shared models and photos, and the committed golden data. */
final class TestData {
  private TestData() {}

  /** The model directory: {@code -Dpictor.model.dir} (set by the build), else ../../shared. */
  static Path modelDir() {
    Path dir =
        Path.of(
            System.getProperty(
                "pictor.model.dir",
                Path.of(System.getProperty("pictor.shared.dir", "../../shared"))
                    .resolve("models")
                    .toString()));
    assertThat(dir.resolve("fast-style-ml5"))
        .as("fast style weights (set -Dpictor.model.dir)")
        .isDirectory();
    return dir;
  }

  /** A content photo of the shared data, e.g. {@code tubingen.jpg}. */
  static Path contentPhoto(String name) {
    Path file =
        Path.of(System.getProperty("pictor.shared.dir", "../../shared"))
            .resolve("data/style/content")
            .resolve(name);
    assertThat(file).as("shared content photo (set -Dpictor.shared.dir)").isRegularFile();
    return file;
  }

  /** A test resource under golden/fast-style/. */
  static InputStream golden(String name) {
    InputStream in = TestData.class.getResourceAsStream("/golden/fast-style/" + name);
    assertThat(in).as("golden resource " + name).isNotNull();
    return in;
  }

  /** A committed golden input image. */
  static RgbImage goldenImage(String name) throws Exception {
    try (InputStream in = golden(name)) {
      return Images.read(in, name);
    }
  }
}
