package dev.pictor.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingHeadTest {

  private static final int IN = 7;
  private static final int OUT = 5;

  private static EmbeddingHead randomHead(long seed) {
    Random r = new Random(seed);
    float[] fc = new float[IN * OUT];
    for (int i = 0; i < fc.length; i++) {
      fc[i] = (float) r.nextGaussian();
    }
    EmbeddingHead head = EmbeddingHead.fromFc(fc, IN, OUT);
    double[] p = head.parameters();
    for (int i = IN * OUT; i < p.length; i++) {
      p[i] += 0.3 * r.nextGaussian(); // move the projection away from the identity
    }
    return head;
  }

  private static double[][] randomFeatures(int n, long seed) {
    Random r = new Random(seed);
    double[][] h = new double[n][IN];
    for (double[] row : h) {
      for (int i = 0; i < IN; i++) {
        row[i] = Math.abs(r.nextGaussian()); // non-negative, like pooled ReLU features
      }
    }
    return h;
  }

  @Test
  void identityProjectionGivesTheNormalisedFullyConnectedOutput() {
    float[] fc = {1, 0, 0, 2, 3, 4}; // 3 inputs -> 2 outputs, row-major [in, out]
    EmbeddingHead head = EmbeddingHead.fromFc(fc, 3, 2);
    double[] e = head.embed(new float[] {1, 1, 0}); // z = (1, 2) + (0, ...) -> (1+0, 0+2) = (1, 2)
    assertThat(e[0]).isCloseTo(1 / Math.sqrt(5), within(1e-12));
    assertThat(e[1]).isCloseTo(2 / Math.sqrt(5), within(1e-12));
    assertThat(head.projectionWeights()).containsExactly(1f, 0f, 0f, 1f);
  }

  /** The analytic gradient of J (triplet loss through the head) against central differences. */
  @Test
  void gradientMatchesCentralFiniteDifferences() {
    EmbeddingHead head = randomHead(11);
    double[][] h = randomFeatures(9, 12);
    int[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2};
    TripletLoss loss = new TripletLoss(0.5);
    // Fix the triplets (mining is piecewise constant); keep only clearly active ones so that the
    // hinge does not switch within the finite-difference step.
    List<Triplet> mined =
        TripletMiner.random().mine(head.forward(h).embeddings(), labels, new SplittableRandom(5));
    double[][] e0 = head.forward(h).embeddings();
    List<Triplet> active =
        mined.stream().filter(t -> loss.evaluate(e0, List.of(t)).total() > 1e-3).toList();
    assertThat(active).hasSizeGreaterThan(5);

    EmbeddingHead.Pass pass = head.forward(h);
    double[][] ge = new double[h.length][OUT];
    loss.lossAndGradient(pass.embeddings(), active, ge);
    double[] analytic = head.backward(pass, ge, true);

    double[] p = head.parameters();
    double eps = 1e-6;
    double worst = 0;
    for (int i = 0; i < p.length; i++) {
      double saved = p[i];
      p[i] = saved + eps;
      double plus = loss.evaluate(head.forward(h).embeddings(), active).total();
      p[i] = saved - eps;
      double minus = loss.evaluate(head.forward(h).embeddings(), active).total();
      p[i] = saved;
      double numeric = (plus - minus) / (2 * eps);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric)));
    }
    assertThat(worst).isLessThan(1e-6);
    assertThat(java.util.Arrays.stream(analytic).map(Math::abs).max().orElseThrow())
        .isGreaterThan(1e-3);
  }

  @Test
  void frozenFullyConnectedLayerGetsNoGradient() {
    EmbeddingHead head = randomHead(3);
    double[][] h = randomFeatures(4, 4);
    EmbeddingHead.Pass pass = head.forward(h);
    double[][] ge = new double[4][OUT];
    for (double[] row : ge) {
      java.util.Arrays.fill(row, 0.5);
    }
    double[] g = head.backward(pass, ge, false);
    for (int i = 0; i < head.fcParameterCount(); i++) {
      assertThat(g[i]).isZero();
    }
    double[] full = head.backward(pass, ge, true);
    for (int i = head.fcParameterCount(); i < g.length; i++) {
      assertThat(g[i]).isEqualTo(full[i]);
    }
  }
}
