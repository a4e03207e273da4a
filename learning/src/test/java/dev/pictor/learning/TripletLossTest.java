package dev.pictor.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TripletLossTest {

  // Rows: 0 = (0,0), 1 = (1,0), 2 = (0,2), 3 = (0.5,0)
  private final double[][] e = {{0, 0}, {1, 0}, {0, 2}, {0.5, 0}};

  @Test
  void easyTripletHasZeroLoss() {
    // d(A,P) = |(0,0)-(1,0)|^2 = 1, d(A,N) = |(0,0)-(0,2)|^2 = 4: 1 - 4 + 0.2 < 0
    TripletLoss.Value v = new TripletLoss(0.2).evaluate(e, List.of(new Triplet(0, 1, 2)));
    assertThat(v.total()).isEqualTo(0.0);
    assertThat(v.violations()).isZero();
    assertThat(v.triplets()).isEqualTo(1);
  }

  @Test
  void hardTripletsAddUp() {
    TripletLoss loss = new TripletLoss(0.2);
    // (A=0,P=2,N=1): 4 - 1 + 0.2 = 3.2; (A=0,P=1,N=3): 1 - 0.25 + 0.2 = 0.95;
    // (A=1,P=3,N=0): 0.25 - 1 + 0.2 < 0 -> 0
    List<Triplet> t = List.of(new Triplet(0, 2, 1), new Triplet(0, 1, 3), new Triplet(1, 3, 0));
    TripletLoss.Value v = loss.evaluate(e, t);
    assertThat(v.total()).isCloseTo(4.15, within(1e-12));
    assertThat(v.violations()).isEqualTo(2);
    assertThat(v.violationFraction()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(v.mean()).isCloseTo(4.15 / 3, within(1e-12));
  }

  @Test
  void marginDecidesAViolationAtTheBoundary() {
    // d(A,P) = 1, d(A,N) = 1.25 (row (1,0.5)... use explicit rows)
    double[][] rows = {{0, 0}, {1, 0}, {1, 0.5}};
    // 1 - 1.25 + alpha: alpha 0.2 -> 0 (no violation), alpha 0.3 -> 0.05
    assertThat(new TripletLoss(0.2).evaluate(rows, List.of(new Triplet(0, 1, 2))).violations())
        .isZero();
    TripletLoss.Value v = new TripletLoss(0.3).evaluate(rows, List.of(new Triplet(0, 1, 2)));
    assertThat(v.total()).isCloseTo(0.05, within(1e-12));
    assertThat(v.violations()).isEqualTo(1);
  }

  @Test
  void gradientOfOneViolatingTriplet() {
    double[][] g = new double[4][2];
    new TripletLoss(0.2).lossAndGradient(e, List.of(new Triplet(0, 1, 3)), g);
    // a=(0,0), p=(1,0), n=(0.5,0): dA = 2(n-p) = (-1,0); dP = -2(a-p) = (2,0); dN = 2(a-n) = (-1,0)
    assertThat(g[0]).containsExactly(-1.0, 0.0);
    assertThat(g[1]).containsExactly(2.0, 0.0);
    assertThat(g[3]).containsExactly(-1.0, 0.0);
    assertThat(g[2]).containsExactly(0.0, 0.0);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> new TripletLoss(-0.1)).hasMessageContaining("-0.1");
    assertThatThrownBy(() -> new TripletLoss(0.2).evaluate(e, List.of(new Triplet(0, 1, 9))))
        .hasMessageContaining("beyond the 4");
    assertThatThrownBy(() -> new Triplet(1, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThat(TripletLoss.withDefaultMargin().margin()).isEqualTo(0.2);
  }
}
