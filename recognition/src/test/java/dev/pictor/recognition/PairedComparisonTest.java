package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

  @Test
  void exactMcNemarMatchesHandComputedBinomialTails() {
    // b = 8, c = 4: 2 * (C(12,0) + ... + C(12,4)) / 2^12 = 2 * 794 / 4096.
    assertThat(PairedComparison.exactMcNemar(8, 4)).isCloseTo(1588 / 4096.0, within(1e-15));
    assertThat(PairedComparison.exactMcNemar(4, 8)).isCloseTo(1588 / 4096.0, within(1e-15));
    // b = 0, c = 5: 2 / 32.
    assertThat(PairedComparison.exactMcNemar(0, 5)).isCloseTo(0.0625, within(1e-15));
    // b = 10, c = 0: 2 / 1024.
    assertThat(PairedComparison.exactMcNemar(10, 0)).isCloseTo(2 / 1024.0, within(1e-15));
    // b = 1, c = 9: 2 * (1 + 10) / 1024.
    assertThat(PairedComparison.exactMcNemar(1, 9)).isCloseTo(22 / 1024.0, within(1e-15));
    // A tie or near tie: the doubled tail exceeds 1 and is capped.
    assertThat(PairedComparison.exactMcNemar(3, 3)).isEqualTo(1.0);
    assertThat(PairedComparison.exactMcNemar(0, 0)).isEqualTo(1.0);
  }

  @Test
  void exactMcNemarStaysAccurateForThousandsOfDiscordantPairs() {
    int b = 1150;
    int c = 1030;
    int n = b + c;
    BigInteger tail = BigInteger.ZERO;
    BigInteger choose = BigInteger.ONE;
    for (int i = 0; i <= c; i++) {
      tail = tail.add(choose);
      choose = choose.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    double expected =
        new BigDecimal(tail.shiftLeft(1))
            .divide(new BigDecimal(BigInteger.ONE.shiftLeft(n)), MathContext.DECIMAL64)
            .doubleValue();

    double p = PairedComparison.exactMcNemar(b, c);

    assertThat(expected).isBetween(0.005, 0.05);
    assertThat(p).isCloseTo(expected, within(expected * 1e-9));
  }

  @Test
  void countsAndAccuraciesComeFromThePairTable() {
    boolean[] first = {true, true, true, false, false, true};
    boolean[] second = {true, false, false, true, false, true};
    int[] groups = {0, 1, 2, 3, 4, 5};

    PairedComparison c = PairedComparison.of(first, second, groups);

    assertThat(c.pairs()).isEqualTo(6);
    assertThat(c.bothRight()).isEqualTo(2);
    assertThat(c.onlyFirstRight()).isEqualTo(2);
    assertThat(c.onlySecondRight()).isEqualTo(1);
    assertThat(c.bothWrong()).isEqualTo(1);
    assertThat(c.firstAccuracy()).isCloseTo(4 / 6.0, within(1e-15));
    assertThat(c.secondAccuracy()).isCloseTo(3 / 6.0, within(1e-15));
    assertThat(c.difference()).isCloseTo(1 / 6.0, within(1e-15));
    // b = 2, c = 1: 2 * (1 + 3) / 8 = 1.
    assertThat(c.mcNemarP()).isEqualTo(1.0);
    assertThat(c.bootstrapSamples()).isEqualTo(PairedComparison.DEFAULT_SAMPLES);
  }

  @Test
  void bootstrapIntervalBracketsTheDifferenceAndIsReproducible() {
    Random random = new Random(3);
    int n = 2000;
    boolean[] first = new boolean[n];
    boolean[] second = new boolean[n];
    int[] groups = new int[n];
    for (int k = 0; k < n; k++) {
      first[k] = random.nextDouble() < 0.97;
      second[k] = random.nextDouble() < 0.95;
      groups[k] = k / 2; // pairs of two share a group
    }

    PairedComparison c = PairedComparison.of(first, second, groups, 2000, 5);
    PairedComparison again = PairedComparison.of(first, second, groups, 2000, 5);

    assertThat(c.differenceLow()).isLessThan(c.difference());
    assertThat(c.differenceHigh()).isGreaterThan(c.difference());
    // The difference of two independent ~Bernoulli accuracies has sd about
    // sqrt((0.97 * 0.03 + 0.95 * 0.05) / 2000) = 0.0062: the 95% interval spans about 0.024.
    assertThat(c.differenceHigh() - c.differenceLow()).isBetween(0.015, 0.035);
    assertThat(again).isEqualTo(c);
  }

  @Test
  void identicalOrOppositePipelinesGiveDegenerateIntervals() {
    boolean[] right = {true, true, false, true};
    boolean[] wrong = {false, false, false, false};
    int[] groups = {0, 0, 1, 2};

    PairedComparison same = PairedComparison.of(right, right, groups);
    PairedComparison better = PairedComparison.of(right, wrong, groups);

    assertThat(same.differenceLow()).isZero();
    assertThat(same.differenceHigh()).isZero();
    assertThat(same.mcNemarP()).isEqualTo(1.0);
    assertThat(better.onlyFirstRight()).isEqualTo(3);
    assertThat(better.mcNemarP()).isCloseTo(0.25, within(1e-15));
    assertThat(better.differenceLow()).isGreaterThanOrEqualTo(0.0);
    assertThat(better.differenceHigh()).isLessThanOrEqualTo(1.0);
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> PairedComparison.of(new boolean[0], new boolean[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-zero");
    assertThatThrownBy(() -> PairedComparison.of(new boolean[2], new boolean[3], new int[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2, 3 and 2");
    assertThatThrownBy(() -> PairedComparison.of(new boolean[1], new boolean[1], new int[] {-1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> PairedComparison.exactMcNemar(-1, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
