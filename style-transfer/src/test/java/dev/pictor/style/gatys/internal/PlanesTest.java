package dev.pictor.style.gatys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlanesTest {
  private static RgbImage random(int w, int h, long seed) {
    byte[] rgb = new byte[w * h * 3];
    new Random(seed).nextBytes(rgb);
    return new RgbImage(w, h, rgb);
  }

  @Test
  void imageToPlanesAndBackIsExactAtTheSameSize() {
    RgbImage image = random(7, 5, 1);
    float[] planes = Planes.of(image, 7, 5);
    assertThat(planes[0]).isEqualTo(image.rgb()[0] & 0xFF); // red of pixel 0
    assertThat(planes[35]).isEqualTo(image.rgb()[1] & 0xFF); // green plane starts at w*h
    assertThat(Planes.toImage(planes, 7, 5).rgb()).isEqualTo(image.rgb());
  }

  @Test
  void resizeKeepsAConstantImageAndHitsTheSize() {
    float[] grey = new float[3 * 4 * 3];
    java.util.Arrays.fill(grey, 77f);
    float[] up = Planes.resize(grey, 4, 3, 9, 7);
    assertThat(up).hasSize(3 * 9 * 7).containsOnly(77f);
  }

  @Test
  void coverCropsTheCentreWithoutDistortion() {
    byte[] rgb = new byte[40 * 10 * 3];
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 40; x++) {
        rgb[(y * 40 + x) * 3] = (byte) (x < 15 || x >= 25 ? 0 : 200); // a bright centre stripe
      }
    }
    float[] c = Planes.cover(new RgbImage(40, 10, rgb), 10, 10);
    assertThat(c).hasSize(300);
    assertThat(c[5 * 10 + 5]).isCloseTo(200f, within(1e-3f)); // centre is the stripe
    assertThat(c[5 * 10]).isCloseTo(200f, within(1e-3f)); // stripe is 10 wide: fills the crop
  }

  @Test
  void luminanceWithItsOwnColoursIsTheImage() {
    float[] planes = Planes.of(random(6, 6, 2), 6, 6);
    float[] back = Planes.withColoursOf(planes, planes);
    for (int i = 0; i < planes.length; i++) {
      assertThat(back[i]).isCloseTo(Math.min(255f, Math.max(0f, planes[i])), within(0.05f));
    }
  }

  @Test
  void matchingMeanAndDeviation() {
    float[] y = {0, 10, 20, 30};
    float[] like = {100, 100, 140, 140};
    Planes.matchMeanAndDeviation(y, like);
    double mean = (y[0] + y[1] + y[2] + y[3]) / 4.0;
    assertThat(mean).isCloseTo(120, within(1e-4));
    // deviation of y is sqrt(125), of like 20: the spread 30 becomes 30 * 20 / sqrt(125)
    assertThat(y[3] - y[0]).isCloseTo(30f * 20f / (float) Math.sqrt(125), within(1e-3f));
  }
}
