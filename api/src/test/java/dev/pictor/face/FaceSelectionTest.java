package dev.pictor.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceSelectionTest {
  private static DetectedFace face(float x, float y, float size, float score) {
    return new DetectedFace(new Box(x, y, size, size), score, Landmarks.of(new float[10]));
  }

  @Test
  void mostProminentIsTheLargestThenTheMostConfident() {
    DetectedFace small = face(0, 0, 10, 0.99f);
    DetectedFace large = face(50, 50, 40, 0.8f);
    DetectedFace largeSure = face(100, 0, 40, 0.9f);
    assertThat(FaceSelection.mostProminent(List.of(small, large, largeSure))).contains(largeSure);
    assertThat(FaceSelection.mostProminent(List.of())).isEmpty();
  }

  @Test
  void centralMustContainTheCentreAndBeNearestToIt() {
    DetectedFace offCentre = face(0, 0, 20, 0.99f);
    DetectedFace covering = face(20, 20, 80, 0.7f);
    DetectedFace centred = face(40, 40, 20, 0.7f);
    assertThat(FaceSelection.central(List.of(offCentre, covering, centred), 100, 100))
        .contains(centred);
    assertThat(FaceSelection.central(List.of(offCentre), 100, 100)).isEmpty();
  }

  @Test
  void boxGeometry() {
    Box a = new Box(0, 0, 10, 10);
    assertThat(a.iou(new Box(5, 0, 10, 10))).isEqualTo(50f / 150f);
    assertThat(a.iou(new Box(20, 20, 1, 1))).isZero();
    assertThat(a.contains(new Point(10, 10))).isTrue();
    assertThat(a.contains(new Point(10.1f, 5))).isFalse();
  }
}
