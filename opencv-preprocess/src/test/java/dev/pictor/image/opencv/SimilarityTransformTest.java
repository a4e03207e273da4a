package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.face.Point;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {
  private static final List<Point> FACE =
      List.of(
          new Point(45.6f, 44.6f),
          new Point(102.3f, 44.6f),
          new Point(73.9f, 76.7f),
          new Point(48.7f, 105f),
          new Point(99.2f, 105f));

  @Test
  void recoversAnExactSimilarity() {
    SimilarityTransform truth =
        new SimilarityTransform(1.3 * Math.cos(0.4), 1.3 * Math.sin(0.4), 17, -9);
    List<Point> moved = FACE.stream().map(truth::apply).toList();
    SimilarityTransform fitted = SimilarityTransform.fit(FACE, moved);
    assertThat(fitted.scale()).isCloseTo(1.3, within(1e-5));
    assertThat(fitted.angle()).isCloseTo(0.4, within(1e-5));
    assertThat(fitted.tx()).isCloseTo(17, within(1e-3));
    assertThat(fitted.ty()).isCloseTo(-9, within(1e-3));
  }

  @Test
  void leastSquaresFitIsNoWorseThanTheTrueTransformUnderNoise() {
    Random random = new Random(3);
    SimilarityTransform truth = new SimilarityTransform(0.8, -0.3, 5, 40);
    List<Point> noisy =
        FACE.stream()
            .map(truth::apply)
            .map(
                p ->
                    new Point(
                        p.x() + (float) random.nextGaussian(),
                        p.y() + (float) random.nextGaussian()))
            .toList();
    SimilarityTransform fitted = SimilarityTransform.fit(FACE, noisy);
    assertThat(residual(fitted, noisy)).isLessThanOrEqualTo(residual(truth, noisy) + 1e-6);
  }

  @Test
  void inverseUndoesTheTransform() {
    SimilarityTransform t = new SimilarityTransform(0.5, 0.7, -3, 12);
    Point p = new Point(31, -8);
    Point back = t.inverse().apply(t.apply(p));
    assertThat((double) back.x()).isCloseTo(31, within(1e-4));
    assertThat((double) back.y()).isCloseTo(-8, within(1e-4));
    assertThat(t.matrix()).containsExactly(0.5, -0.7, -3, 0.7, 0.5, 12);
  }

  @Test
  void rejectsDegenerateInput() {
    Point p = new Point(1, 1);
    assertThatThrownBy(() -> SimilarityTransform.fit(List.of(p, p), List.of(p, new Point(2, 2))))
        .hasMessageContaining("coincide");
    assertThatThrownBy(() -> SimilarityTransform.fit(List.of(p), List.of(p)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double residual(SimilarityTransform t, List<Point> target) {
    double sum = 0;
    for (int i = 0; i < FACE.size(); i++) {
      Point p = t.apply(FACE.get(i));
      sum += Math.pow(p.x() - target.get(i).x(), 2) + Math.pow(p.y() - target.get(i).y(), 2);
    }
    return sum;
  }
}
