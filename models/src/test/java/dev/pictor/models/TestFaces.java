package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.face.FaceImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Real face crops from {@code ../shared/data} for the integration tests. */
final class TestFaces {
  private TestFaces() {}

  /** The shared data folder (system property {@code pictor.shared.dir}, set by the build). */
  static Path dataDir() {
    Path dir = Path.of(System.getProperty("pictor.shared.dir", "../../shared")).resolve("data");
    assertThat(dir).as("shared data folder (set -Dpictor.shared.dir)").isDirectory();
    return dir;
  }

  /** A faces-tv crop, e.g. {@code crop("amy", 1)}. */
  static FaceImage crop(String person, int n) throws IOException {
    return read(dataDir().resolve("faces-tv/people/" + person + "/" + person + n + ".png"));
  }

  /**
   * Reads an 8-bit PNG's samples as they are stored (no colour-space conversion: {@code getRGB}
   * would apply one to greyscale images); greyscale is copied to R, G and B.
   */
  static FaceImage read(Path png) throws IOException {
    BufferedImage image = ImageIO.read(Files.newInputStream(png));
    assertThat(image).as("decodable image %s", png).isNotNull();
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    int w = image.getWidth();
    int h = image.getHeight();
    float[] rgb = new float[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          rgb[(y * w + x) * 3 + c] = raster.getSample(x, y, bands >= 3 ? c : 0);
        }
      }
    }
    return new FaceImage(w, h, rgb);
  }

  static final String[] PEOPLE = {
    "amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"
  };
}
