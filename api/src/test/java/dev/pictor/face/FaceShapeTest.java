package dev.pictor.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FaceShapeTest {

  /** Point i at (i, 100 + i). */
  private static float[] numbered() {
    float[] xy = new float[2 * FaceShape.POINTS];
    for (int i = 0; i < FaceShape.POINTS; i++) {
      xy[2 * i] = i;
      xy[2 * i + 1] = 100 + i;
    }
    return xy;
  }

  @Test
  void innerPointsLeaveOutTheJawLine() {
    FaceShape shape = FaceShape.of(numbered());
    assertThat(shape.innerPoints()).hasSize(51);
    assertThat(shape.innerPoints().get(0)).isEqualTo(new Point(17, 117));
    assertThat(shape.points()).hasSize(68).endsWith(new Point(67, 167));
  }

  @Test
  void fiveLandmarksAreEyeCentresNoseTipAndMouthCorners() {
    Landmarks five = FaceShape.of(numbered()).toLandmarks();
    // eyes: mean of points 36..41 and 42..47
    assertThat((double) five.leftEye().x()).isCloseTo(38.5, within(1e-5));
    assertThat((double) five.rightEye().y()).isCloseTo(144.5, within(1e-5));
    assertThat(five.nose()).isEqualTo(new Point(30, 130));
    assertThat(five.mouthLeft()).isEqualTo(new Point(48, 148));
    assertThat(five.mouthRight()).isEqualTo(new Point(54, 154));
  }

  @Test
  void copiesItsCoordinatesAndHidesThemInToString() {
    float[] xy = numbered();
    FaceShape shape = FaceShape.of(xy);
    xy[0] = 999;
    shape.coordinates()[2] = 999;
    assertThat(shape.point(0).x()).isZero();
    assertThat(shape.point(1).x()).isEqualTo(1);
    assertThat(shape).isEqualTo(FaceShape.of(numbered()));
    assertThat(shape.toString()).doesNotContain("17");
  }

  @Test
  void rejectsWrongLengthsAndNonFiniteValues() {
    assertThatThrownBy(() -> FaceShape.of(new float[10]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("136");
    float[] xy = numbered();
    xy[5] = Float.NaN;
    assertThatThrownBy(() -> FaceShape.of(xy)).isInstanceOf(IllegalArgumentException.class);
  }
}
