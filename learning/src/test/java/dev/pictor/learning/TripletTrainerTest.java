package dev.pictor.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TripletTrainerTest {

  /**
   * 60 synthetic people: 16-d non-negative features whose identity lives in a few dimensions, and a
   * random 16->8 fully-connected layer that mostly looks at nuisance dimensions, so that there is
   * something to learn.
   */
  private static FeatureSet synthetic(long seed) {
    Random r = new Random(seed);
    List<String> names = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (int person = 0; person < 60; person++) {
      float[] centre = new float[16];
      for (int k = 0; k < 4; k++) {
        centre[k] = (float) (2 * r.nextDouble());
      }
      int images = person % 10 == 0 ? 1 : 2 + r.nextInt(3);
      for (int i = 0; i < images; i++) {
        float[] f = new float[16];
        for (int k = 0; k < 16; k++) {
          f[k] = (float) Math.abs(centre[k] + (k < 4 ? 0.1 : 0.5) * r.nextGaussian());
        }
        names.add("P" + person + "/P" + person + "_" + i + ".jpg");
        rows.add(f);
      }
    }
    return new FeatureSet("synthetic", "0".repeat(64), names, rows.toArray(float[][]::new));
  }

  private static EmbeddingHead startHead() {
    Random r = new Random(99);
    float[] fc = new float[16 * 8];
    for (int i = 0; i < fc.length; i++) {
      fc[i] = (float) (r.nextGaussian() * (i / 8 < 4 ? 0.5 : 1.0));
    }
    return EmbeddingHead.fromFc(fc, 16, 8);
  }

  private static TrainingOptions options() {
    return TrainingOptions.builder()
        .peoplePerBatch(8)
        .imagesPerPerson(3)
        .extraNegatives(2)
        .learningRate(0.01)
        .trainFc(true)
        .maxEpochs(40)
        .patience(5)
        .heldOutFraction(0.25)
        .seed(7)
        .build();
  }

  @Test
  void trainingLowersTheHeldOutLoss() {
    FeatureSet data = synthetic(1);
    List<Integer> epochs = new ArrayList<>();
    TripletTrainer.Result result =
        new TripletTrainer(options()).train(data, startHead(), s -> epochs.add(s.epoch()));
    assertThat(epochs.get(0)).isZero();
    assertThat(result.curve()).hasSize(epochs.size());
    assertThat(result.bestEpoch()).isPositive();
    assertThat(result.heldOutAfter().mean()).isLessThan(0.75 * result.heldOutBefore().mean());
    assertThat(result.heldOutAfter().violationFraction())
        .isLessThan(result.heldOutBefore().violationFraction());
    assertThat(result.curve().get(result.bestEpoch()).heldOutAuc())
        .isGreaterThan(result.curve().get(0).heldOutAuc() + 0.1);
    assertThat(result.heldOutPeople()).doesNotContainAnyElementsOf(result.trainPeople());
    assertThat(result.trainImages() + result.heldOutImages()).isEqualTo(data.size());
  }

  @Test
  void sameSeedSameHead() {
    FeatureSet data = synthetic(2);
    TripletTrainer.Result a = new TripletTrainer(options()).train(data, startHead(), s -> {});
    TripletTrainer.Result b = new TripletTrainer(options()).train(data, startHead(), s -> {});
    assertThat(a.head().fcWeights()).containsExactly(b.head().fcWeights());
    assertThat(a.head().projectionWeights()).containsExactly(b.head().projectionWeights());
    assertThat(a.bestEpoch()).isEqualTo(b.bestEpoch());
  }

  @Test
  void allTripletsCountsEveryValidTriplet() {
    double[][] e = {{0, 0}, {1, 0}, {0, 2}};
    int[] labels = {0, 0, 1};
    // Triplets: (0,1,2): 1 - 4 + 0.2 < 0; (1,0,2): 1 - 5 + 0.2 < 0 -> 2 triplets, no loss.
    TripletLoss.Value v = TripletTrainer.allTriplets(new TripletLoss(0.2), e, labels);
    assertThat(v.triplets()).isEqualTo(2);
    assertThat(v.violations()).isZero();
    // With margin 4.5: (0,1,2): 1.5, (1,0,2): 0.5.
    TripletLoss.Value w = TripletTrainer.allTriplets(new TripletLoss(4.5), e, labels);
    assertThat(w.total()).isEqualTo(2.0);
  }

  @Test
  void rejectsTooFewPeopleAndBadOptions() throws Exception {
    FeatureSet tiny =
        new FeatureSet(
            "x",
            "0".repeat(64),
            List.of("A/1", "A/2", "B/1", "B/2"),
            new float[][] {new float[16], new float[16], new float[16], new float[16]});
    assertThatThrownBy(() -> new TripletTrainer(options()).train(tiny, startHead(), s -> {}))
        .hasMessageContaining("at least 2 people");
    assertThatThrownBy(() -> TrainingOptions.builder().learningRate(0).build())
        .hasMessageContaining("learningRate");
    assertThatThrownBy(() -> MinerStrategy.of("easy"))
        .hasMessageContaining("'easy'")
        .hasMessageContaining("random, semi-hard, batch-hard");
    assertThatThrownBy(() -> TrainingOptions.builder().miner(null).build())
        .hasMessageContaining("miner");
    assertThat(MinerStrategy.of("Semi-Hard")).isEqualTo(MinerStrategy.SEMI_HARD);
    assertThat(TrainingOptions.defaults().miner()).isEqualTo(MinerStrategy.SEMI_HARD);
    // the training record (FineTunedEncoder) writes the options with Jackson: the label, as before
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(
                    TrainingOptions.builder().miner(MinerStrategy.BATCH_HARD).build()))
        .contains("\"miner\":\"batch-hard\"");
  }
}
