package dev.pictor.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.face.FaceEmbedding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairClassifierTest {

  @Test
  void featuresByHand() {
    float[] a = {1, 0, 2};
    float[] b = {0, 0, 1};
    assertThat(PairClassifier.Feature.ABS_DIFF.of(a, b)).containsExactly(1.0, 0.0, 1.0);
    // (1-0)^2/(1+0) = 1; 0 where both are 0; (2-1)^2/(2+1) = 1/3
    double[] chi = PairClassifier.Feature.CHI_SQUARE.of(a, b);
    assertThat(chi[0]).isEqualTo(1.0);
    assertThat(chi[1]).isEqualTo(0.0);
    assertThat(chi[2]).isCloseTo(1.0 / 3, within(1e-12));
    assertThatThrownBy(
            () -> PairClassifier.Feature.CHI_SQUARE.of(new float[] {-1}, new float[] {1}))
        .hasMessageContaining("non-negative");
  }

  @Test
  void probabilityByHand() {
    PairClassifier c =
        PairClassifier.of("m", PairClassifier.Feature.ABS_DIFF, new double[] {-2, 1}, 0.5);
    // z = 0.5 - 2*|1-0| + 1*|0-0| = -1.5
    assertThat(c.probability(new float[] {1, 0}, new float[] {0, 0}))
        .isCloseTo(1 / (1 + Math.exp(1.5)), within(1e-12));
  }

  private static FaceEmbedding unit(String model, Random r, float[] centre, double noise) {
    float[] v = new float[centre.length];
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) (centre[k] + noise * r.nextGaussian());
    }
    return FaceEmbedding.normalised(model, v);
  }

  private static List<PairClassifier.LabelledPair> pairs(String model, long seed, int n) {
    Random r = new Random(seed);
    List<PairClassifier.LabelledPair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] c1 = new float[8];
      float[] c2 = new float[8];
      for (int k = 0; k < 8; k++) {
        c1[k] = (float) r.nextGaussian();
        c2[k] = (float) r.nextGaussian();
      }
      out.add(
          new PairClassifier.LabelledPair(unit(model, r, c1, 0.2), unit(model, r, c1, 0.2), true));
      out.add(
          new PairClassifier.LabelledPair(unit(model, r, c1, 0.2), unit(model, r, c2, 0.2), false));
    }
    return out;
  }

  @Test
  void learnsToSeparatePairsAndIsAtAStationaryPoint() {
    List<PairClassifier.LabelledPair> train = pairs("m", 1, 200);
    List<Integer> iterations = new ArrayList<>();
    PairClassifier c =
        PairClassifier.train(
            train, PairClassifier.Feature.ABS_DIFF, 1e-3, "synthetic", iterations::add);
    assertThat(iterations).isNotEmpty();
    int correct = 0;
    List<PairClassifier.LabelledPair> test = pairs("m", 2, 200);
    for (PairClassifier.LabelledPair p : test) {
      correct += (c.probability(p.first(), p.second()) >= 0.5) == p.same() ? 1 : 0;
    }
    assertThat(correct / (double) test.size()).isGreaterThan(0.9);
    // Larger differences must lower the probability: the weights are mostly negative.
    assertThat(java.util.Arrays.stream(c.weights()).sum()).isNegative();
    // Gradient of the regularised objective at the solution is ~0 (Newton converged).
    double[] w = c.weights();
    double[] g = new double[w.length + 1];
    for (PairClassifier.LabelledPair p : train) {
      double[] x = PairClassifier.Feature.ABS_DIFF.of(p.first().values(), p.second().values());
      double r = c.probability(p.first(), p.second()) - (p.same() ? 1 : 0);
      for (int k = 0; k < w.length; k++) {
        g[k] += r * x[k] / train.size();
      }
      g[w.length] += r / train.size();
    }
    for (int k = 0; k < w.length; k++) {
      g[k] += 1e-3 * w[k];
    }
    for (double gk : g) {
      assertThat(Math.abs(gk)).isLessThan(1e-8);
    }
  }

  @Test
  void persistsWithItsModelIdAndRefusesOtherModels(@TempDir Path dir) throws IOException {
    PairClassifier c =
        PairClassifier.train(
            pairs("enc-a", 3, 50), PairClassifier.Feature.ABS_DIFF, 1e-2, "x", i -> {});
    Path file = dir.resolve("c.json");
    c.write(file);
    PairClassifier back = PairClassifier.read(file);
    assertThat(back.encoderModelId()).isEqualTo("enc-a");
    assertThat(back.weights()).containsExactly(c.weights());
    assertThat(back.bias()).isEqualTo(c.bias());
    assertThat(Files.readString(file)).contains("\"encoderModelId\" : \"enc-a\"");
    Random r = new Random(1);
    FaceEmbedding other = unit("enc-b", r, new float[8], 1);
    FaceEmbedding mine = unit("enc-a", r, new float[8], 1);
    assertThatThrownBy(() -> back.probability(mine, other)).hasMessageContaining("enc-b");
    Files.writeString(file, "{\"format\":\"something-else\"}");
    assertThatThrownBy(() -> PairClassifier.read(file)).isInstanceOf(IOException.class);
  }
}
