package dev.pictor.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.face.Box;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.Landmarks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class YuNetDecoderTest {

  private static DetectedFace face(float x, float y, float side, float score) {
    return new DetectedFace(
        new Box(x, y, side, side), score, Landmarks.of(x, y, x, y, x, y, x, y, x, y));
  }

  /** A grid of n x n separate faces, scores falling along the grid. */
  private static List<DetectedFace> grid(int n) {
    List<DetectedFace> faces = new ArrayList<>();
    for (int i = 0; i < n * n; i++) {
      faces.add(face(i % n * 20, i / n * 20, 10, 1f - i / (float) (n * n)));
    }
    return faces;
  }

  @Test
  void keepsAtMostMaxFacesBestFirst() {
    List<DetectedFace> kept = YuNetDecoder.suppress(grid(80), 0.3f, 0f, 100);
    assertThat(kept).hasSize(100);
    assertThat(kept.get(0).score()).isEqualTo(1f);
    for (int i = 1; i < kept.size(); i++) {
      assertThat(kept.get(i).score()).isLessThan(kept.get(i - 1).score());
    }
  }

  @Test
  void overlappingFacesAreSuppressedAndSmallOnesDropped() {
    List<DetectedFace> faces =
        List.of(face(0, 0, 40, 0.9f), face(2, 2, 40, 0.8f), face(100, 0, 8, 0.7f));
    assertThat(YuNetDecoder.suppress(faces, 0.3f, 0f, 100)).hasSize(2);
    assertThat(YuNetDecoder.suppress(faces, 0.3f, 10f, 100))
        .extracting(DetectedFace::score)
        .containsExactly(0.9f);
  }
}
