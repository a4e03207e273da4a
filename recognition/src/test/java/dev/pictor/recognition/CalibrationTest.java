package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  private static final double EPS = 1e-12;

  /** 0.1 s, 0.2 s, 0.3 d, 0.4 s, 0.5 d, 0.6 d: three same-person and three different pairs. */
  private static Calibration sixPairs() {
    return Calibration.of(
        new double[] {0.4, 0.1, 0.6, 0.3, 0.2, 0.5},
        new boolean[] {true, true, false, false, true, false});
  }

  @Test
  void rocPointsHaveOnePointPerDistinctDistanceAfterTheAcceptNothingPoint() {
    List<RocPoint> roc = sixPairs().rocPoints();

    assertThat(roc).hasSize(7);
    assertThat(roc.get(0).threshold()).isEqualTo(Math.nextDown(0.1));
    double[][] expected = {
      // threshold, FAR, TAR
      {0.1, 0, 1 / 3.0},
      {0.2, 0, 2 / 3.0},
      {0.3, 1 / 3.0, 2 / 3.0},
      {0.4, 1 / 3.0, 1},
      {0.5, 2 / 3.0, 1},
      {0.6, 1, 1},
    };
    assertThat(roc.get(0).falseAcceptRate()).isZero();
    assertThat(roc.get(0).trueAcceptRate()).isZero();
    for (int k = 0; k < expected.length; k++) {
      RocPoint point = roc.get(k + 1);
      assertThat(point.threshold()).as("threshold %d", k).isEqualTo(expected[k][0]);
      assertThat(point.falseAcceptRate()).as("FAR %d", k).isCloseTo(expected[k][1], within(EPS));
      assertThat(point.trueAcceptRate()).as("TAR %d", k).isCloseTo(expected[k][2], within(EPS));
    }
    assertThat(roc).isSortedAccordingTo((a, b) -> Double.compare(a.threshold(), b.threshold()));
  }

  @Test
  void aucCountsSamePairsCloserThanDifferentPairs() {
    // 0.1 s and 0.2 s are closer than all three different pairs, 0.4 s than two of them: 8 of 9.
    assertThat(sixPairs().auc()).isCloseTo(8 / 9.0, within(EPS));
  }

  @Test
  void aucCountsTiesAsOneHalf() {
    // same {0.1, 0.2}, different {0.2, 0.3}: 0.1 beats both (2), 0.2 beats 0.3 and ties 0.2 (1.5).
    Calibration calibration =
        Calibration.of(new double[] {0.2, 0.2, 0.1, 0.3}, new boolean[] {true, false, true, false});

    assertThat(calibration.auc()).isCloseTo(3.5 / 4, within(EPS));
    assertThat(Calibration.of(new double[] {0.1, 0.1}, new boolean[] {true, false}).auc())
        .isCloseTo(0.5, within(EPS));
  }

  @Test
  void equalErrorRateFallsOnAnRocPointWhenFarEqualsFrrThere() {
    // At 0.3: FAR = 1/3, FRR = 1 - 2/3 = 1/3.
    Calibration calibration = sixPairs();

    assertThat(calibration.equalErrorRate()).isCloseTo(1 / 3.0, within(EPS));
    assertThat(calibration.equalErrorThreshold()).isCloseTo(0.3, within(EPS));
  }

  @Test
  void equalErrorRateIsInterpolatedBetweenNeighbouringRocPoints() {
    // 0.1 s, 0.2 d, 0.3 s, 0.4 d, 0.5 s. At 0.2: FAR 1/2, FRR 2/3; at 0.3: FAR 1/2, FRR 1/3.
    // FAR - FRR goes from -1/6 to +1/6, so the crossing is halfway: EER 1/2 at threshold 0.25.
    Calibration calibration =
        Calibration.of(
            new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, new boolean[] {true, false, true, false, true});

    assertThat(calibration.equalErrorRate()).isCloseTo(0.5, within(EPS));
    assertThat(calibration.equalErrorThreshold()).isCloseTo(0.25, within(EPS));
    assertThat(calibration.auc()).isCloseTo(3 / 6.0, within(EPS));
  }

  @Test
  void thresholdAtFalseAcceptRateIsTheLargestRocThresholdWithinTheTarget() {
    Calibration calibration = sixPairs();

    assertThat(calibration.thresholdAtFalseAcceptRate(0.0)).isEqualTo(0.2);
    assertThat(calibration.thresholdAtFalseAcceptRate(0.2)).isEqualTo(0.2);
    assertThat(calibration.thresholdAtFalseAcceptRate(1 / 3.0)).isEqualTo(0.4);
    assertThat(calibration.thresholdAtFalseAcceptRate(0.5)).isEqualTo(0.4);
    assertThat(calibration.thresholdAtFalseAcceptRate(1.0)).isEqualTo(0.6);
  }

  @Test
  void thresholdAtFalseAcceptRateAcceptsNothingWhenTheClosestPairIsDifferent() {
    Calibration calibration =
        Calibration.of(new double[] {0.1, 0.2, 0.3}, new boolean[] {false, true, false});

    assertThat(calibration.thresholdAtFalseAcceptRate(0.0)).isEqualTo(Math.nextDown(0.1));
    assertThat(calibration.falseAcceptRateAt(calibration.thresholdAtFalseAcceptRate(0.0))).isZero();
  }

  @Test
  void thresholdAtFalseAcceptRateRejectsTargetsOutsideTheUnitInterval() {
    assertThatThrownBy(() -> sixPairs().thresholdAtFalseAcceptRate(1.01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.01");
    assertThatThrownBy(() -> sixPairs().thresholdAtFalseAcceptRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accuracyOptimalThresholdIsTheSmallestBestMidpoint() {
    // Accepting {0.1, 0.2} or {0.1, 0.2, 0.3, 0.4} both get 5 of 6 right; the smaller wins, and it
    // sits midway between 0.2 and 0.3.
    Calibration calibration = sixPairs();

    assertThat(calibration.accuracyOptimalThreshold()).isCloseTo(0.25, within(EPS));
    assertThat(calibration.accuracyAt(0.25)).isCloseTo(5 / 6.0, within(EPS));
    assertThat(calibration.accuracyAt(0.45)).isCloseTo(5 / 6.0, within(EPS));
  }

  @Test
  void accuracyAtCountsDistancesAtTheThresholdAsSame() {
    Calibration calibration = sixPairs();

    assertThat(calibration.accuracyAt(0.0)).isCloseTo(3 / 6.0, within(EPS));
    assertThat(calibration.accuracyAt(0.1)).isCloseTo(4 / 6.0, within(EPS));
    assertThat(calibration.accuracyAt(0.3)).isCloseTo(4 / 6.0, within(EPS));
    assertThat(calibration.accuracyAt(0.6)).isCloseTo(3 / 6.0, within(EPS));
    assertThat(calibration.falseAcceptRateAt(0.35)).isCloseTo(1 / 3.0, within(EPS));
    assertThat(calibration.trueAcceptRateAt(0.35)).isCloseTo(2 / 3.0, within(EPS));
    assertThatThrownBy(() -> calibration.accuracyAt(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void accuracyOptimalThresholdMayAcceptNothing() {
    // Accepting nothing or everything both get 1 of 2 right: the smaller threshold wins.
    Calibration calibration = Calibration.of(new double[] {0.1, 0.2}, new boolean[] {false, true});

    assertThat(calibration.accuracyOptimalThreshold()).isEqualTo(Math.nextDown(0.1));
    assertThat(calibration.accuracyAt(calibration.accuracyOptimalThreshold()))
        .isCloseTo(0.5, within(EPS));
  }

  @Test
  void perfectlySeparableData() {
    Calibration calibration =
        Calibration.of(
            List.of(
                new Calibration.ScoredPair(0.4, false),
                new Calibration.ScoredPair(0.1, true),
                new Calibration.ScoredPair(0.3, false),
                new Calibration.ScoredPair(0.2, true)));

    assertThat(calibration.auc()).isEqualTo(1.0);
    assertThat(calibration.equalErrorRate()).isZero();
    assertThat(calibration.equalErrorThreshold()).isEqualTo(0.2);
    assertThat(calibration.accuracyOptimalThreshold()).isCloseTo(0.25, within(EPS));
    assertThat(calibration.accuracyAt(calibration.accuracyOptimalThreshold())).isEqualTo(1.0);
    assertThat(calibration.thresholdAtFalseAcceptRate(0.0)).isEqualTo(0.2);
    assertThat(calibration.sameCount()).isEqualTo(2);
    assertThat(calibration.differentCount()).isEqualTo(2);
    assertThat(calibration.size()).isEqualTo(4);
  }

  @Test
  void listAndArrayFactoriesAgree() {
    Calibration fromList =
        Calibration.of(
            List.of(
                new Calibration.ScoredPair(0.4, true),
                new Calibration.ScoredPair(0.1, true),
                new Calibration.ScoredPair(0.6, false),
                new Calibration.ScoredPair(0.3, false),
                new Calibration.ScoredPair(0.2, true),
                new Calibration.ScoredPair(0.5, false)));

    assertThat(fromList.rocPoints()).isEqualTo(sixPairs().rocPoints());
    assertThat(fromList.auc()).isEqualTo(sixPairs().auc());
  }

  @Test
  void agreesWithBruteForceOnRandomDataWithTies() {
    Random random = new Random(42);
    int n = 400;
    double[] distances = new double[n];
    boolean[] same = new boolean[n];
    for (int k = 0; k < n; k++) {
      same[k] = random.nextBoolean();
      // Rounded to 2 decimals so that many distances tie; same pairs a little closer.
      distances[k] = Math.round((random.nextDouble() + (same[k] ? 0.0 : 0.4)) * 100) / 100.0;
    }
    Calibration calibration = Calibration.of(distances, same);

    // AUC by comparing every same pair with every different pair.
    double wins = 0;
    long comparisons = 0;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (same[a] && !same[b]) {
          comparisons++;
          wins += distances[a] < distances[b] ? 1 : distances[a] == distances[b] ? 0.5 : 0;
        }
      }
    }
    assertThat(calibration.auc()).isCloseTo(wins / comparisons, within(1e-12));

    // AUC equals the trapezoidal area under the ROC points.
    List<RocPoint> roc = calibration.rocPoints();
    double area = 0;
    for (int k = 1; k < roc.size(); k++) {
      RocPoint a = roc.get(k - 1);
      RocPoint b = roc.get(k);
      area +=
          (b.falseAcceptRate() - a.falseAcceptRate())
              * (a.trueAcceptRate() + b.trueAcceptRate())
              / 2;
    }
    assertThat(calibration.auc()).isCloseTo(area, within(1e-12));

    // ROC points by direct counting.
    TreeSet<Double> distinct = new TreeSet<>();
    for (double d : distances) {
      distinct.add(d);
    }
    assertThat(roc).hasSize(distinct.size() + 1);
    List<Double> thresholds = new ArrayList<>(distinct);
    for (int k = 0; k < thresholds.size(); k++) {
      double t = thresholds.get(k);
      assertThat(roc.get(k + 1).threshold()).isEqualTo(t);
      assertThat(roc.get(k + 1).falseAcceptRate()).isEqualTo(calibration.falseAcceptRateAt(t));
      assertThat(roc.get(k + 1).trueAcceptRate()).isEqualTo(calibration.trueAcceptRateAt(t));
    }

    // No threshold, at or between distances, beats the accuracy-optimal one.
    double best = calibration.accuracyAt(calibration.accuracyOptimalThreshold());
    double bruteBest = calibration.accuracyAt(Math.nextDown(thresholds.get(0)));
    for (double t : thresholds) {
      bruteBest = Math.max(bruteBest, calibration.accuracyAt(t));
    }
    assertThat(best).isEqualTo(bruteBest);
    // ... and it makes the same decisions as the smallest best cut: it lies between the largest
    // distance that cut accepts and the smallest one it rejects.
    double optimal = calibration.accuracyOptimalThreshold();
    if (calibration.accuracyAt(Math.nextDown(thresholds.get(0))) == best) {
      assertThat(optimal).isEqualTo(Math.nextDown(thresholds.get(0)));
    } else {
      int first = 0;
      while (calibration.accuracyAt(thresholds.get(first)) < best) {
        first++;
      }
      assertThat(optimal).isGreaterThanOrEqualTo(thresholds.get(first));
      if (first + 1 < thresholds.size()) {
        assertThat(optimal).isLessThan(thresholds.get(first + 1));
      }
    }

    // The EER lies on the segment between the ROC points where FAR - FRR turns non-negative.
    int crossing = 1;
    while (roc.get(crossing).falseAcceptRate() < roc.get(crossing).falseRejectRate()) {
      crossing++;
    }
    RocPoint before = roc.get(crossing - 1);
    RocPoint after = roc.get(crossing);
    double eer = calibration.equalErrorRate();
    assertThat(eer)
        .isBetween(before.falseAcceptRate() - 1e-12, after.falseAcceptRate() + 1e-12)
        .isBetween(after.falseRejectRate() - 1e-12, before.falseRejectRate() + 1e-12);
    assertThat(calibration.equalErrorThreshold()).isBetween(before.threshold(), after.threshold());
  }

  @Test
  void rocPointsAreUnmodifiable() {
    List<RocPoint> roc = sixPairs().rocPoints();

    assertThatThrownBy(() -> roc.add(new RocPoint(1, 1, 1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNanAndInfiniteDistancesNamingThePair() {
    assertThatThrownBy(
            () ->
                Calibration.of(
                    new double[] {0.1, 0.2, Double.NaN}, new boolean[] {true, false, true}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pair 2")
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () ->
                Calibration.of(
                    new double[] {Double.POSITIVE_INFINITY, 0.2}, new boolean[] {true, false}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pair 0")
        .hasMessageContaining("Infinity");
  }

  @Test
  void needsBothKindsOfPairs() {
    assertThatThrownBy(() -> Calibration.of(new double[] {0.1, 0.2}, new boolean[] {true, true}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one same-person and one different-people pair")
        .hasMessageContaining("0 different");
    assertThatThrownBy(() -> Calibration.of(new double[] {0.1}, new boolean[] {false}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 same");
    assertThatThrownBy(() -> Calibration.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsArraysOfDifferentLength() {
    assertThatThrownBy(() -> Calibration.of(new double[] {0.1, 0.2}, new boolean[] {true}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 distances")
        .hasMessageContaining("1 labels");
  }

  @Test
  void treatsNegativeZeroAsZero() {
    Calibration calibration = Calibration.of(new double[] {-0.0, 0.0}, new boolean[] {true, false});

    assertThat(calibration.auc()).isCloseTo(0.5, within(EPS));
    assertThat(calibration.rocPoints()).hasSize(2);
  }
}
