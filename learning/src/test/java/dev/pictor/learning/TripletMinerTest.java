package dev.pictor.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TripletMinerTest {

  // Person 0: rows 0 (0,0), 1 (0.5,0), 2 (1.0,0); person 1: rows 3 (1.2,0), 4 (3,0); person 2: 5
  // (0,0.6)
  private final double[][] e = {{0, 0}, {0.5, 0}, {1.0, 0}, {1.2, 0}, {3, 0}, {0, 0.6}};
  private final int[] labels = {0, 0, 0, 1, 1, 2};

  @Test
  void batchHardTakesTheFarthestPositiveAndNearestNegative() {
    List<Triplet> t = TripletMiner.batchHard().mine(e, labels, new SplittableRandom(1));
    // Row 5 has no positive. Row 0: farthest positive 2 (d=1), nearest negative 5 (d=0.36).
    // Row 1: positives 0 (0.25), 2 (0.25) -> tie to lower index 0; negatives 3 (0.49), 5 (0.61) ->
    // 3.
    // Row 2: farthest positive 0 (1), nearest negative 3 (0.04).
    // Row 3: positive 4; nearest negative 2 (0.04). Row 4: positive 3; nearest negative 2 (4).
    assertThat(t)
        .containsExactly(
            new Triplet(0, 2, 5),
            new Triplet(1, 0, 3),
            new Triplet(2, 0, 3),
            new Triplet(3, 4, 2),
            new Triplet(4, 3, 2));
  }

  @Test
  void semiHardPrefersNegativesWithinTheMargin() {
    List<Triplet> t = TripletMiner.semiHard(0.2).mine(e, labels, new SplittableRandom(1));
    // (0,1): d_ap = 0.25; negatives 3 (1.44), 4 (9), 5 (0.36): band (0.25, 0.45) holds only 5.
    assertThat(t).contains(new Triplet(0, 1, 5));
    // (0,2): d_ap = 1; band (1, 1.2) empty; nearest beyond 1: 3 (1.44).
    assertThat(t).contains(new Triplet(0, 2, 3));
    // (2,0): d_ap = 1; negatives 3 (0.04), 4 (4), 5 (1.36): beyond 1 -> nearest 5 (1.36, outside
    // band)
    assertThat(t).contains(new Triplet(2, 0, 5));
    // (4,3): d_ap = 3.24; negatives 0 (9), 1 (6.25), 2 (4), 5 (9.36): nearest beyond -> 2
    assertThat(t).contains(new Triplet(4, 3, 2));
    // One triplet per anchor-positive pair: 3*2 (person 0) + 2 (person 1).
    assertThat(t).hasSize(8);
  }

  @Test
  void semiHardFallsBackToTheFarthestNegative() {
    double[][] rows = {{0, 0}, {2, 0}, {0.1, 0}, {0.2, 0}};
    int[] l = {0, 0, 1, 1};
    // (0,1): d_ap = 4, negatives 0.01 and 0.04: none farther than the positive -> farthest (row 3)
    assertThat(TripletMiner.semiHard(0.2).mine(rows, l, new SplittableRandom(3)))
        .contains(new Triplet(0, 1, 3));
  }

  @Test
  void randomMinerIsReproducibleAndValid() {
    List<Triplet> a = TripletMiner.random().mine(e, labels, new SplittableRandom(7));
    List<Triplet> b = TripletMiner.random().mine(e, labels, new SplittableRandom(7));
    assertThat(a).isEqualTo(b).hasSize(8);
    for (Triplet t : a) {
      assertThat(labels[t.positive()]).isEqualTo(labels[t.anchor()]);
      assertThat(labels[t.negative()]).isNotEqualTo(labels[t.anchor()]);
    }
  }

  @Test
  void namesAndErrors() {
    assertThat(MinerStrategy.of("Batch-Hard").miner(0.2).name()).isEqualTo("batch-hard");
    assertThat(MinerStrategy.of("semi-hard").miner(0.2).name()).isEqualTo("semi-hard");
    assertThat(MinerStrategy.of("random").miner(0.2).name()).isEqualTo("random");
    assertThatThrownBy(() -> MinerStrategy.of("hardest")).hasMessageContaining("hardest");
    assertThatThrownBy(
            () -> TripletMiner.batchHard().mine(e, new int[] {0, 1}, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TripletMiner.batchHard().mine(e, new int[6], new SplittableRandom(1))).isEmpty();
  }
}
