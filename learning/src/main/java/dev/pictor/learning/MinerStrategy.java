package dev.pictor.learning;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How {@link TripletTrainer} picks triplets from a batch: the strategies of {@link TripletMiner}.
 */
public enum MinerStrategy {
  /** Every anchor-positive pair with a random negative (too easy, see {@link TripletMiner}). */
  RANDOM("random"),
  /** Every anchor-positive pair with a random semi-hard negative for the margin: the default. */
  SEMI_HARD("semi-hard"),
  /** One triplet per anchor: the hardest positive and the hardest negative. */
  BATCH_HARD("batch-hard");

  private final String label;

  MinerStrategy(String label) {
    this.label = label;
  }

  /**
   * The name on the command line, in reports and in a training record's JSON ({@code random},
   * {@code semi-hard}, ...).
   */
  @JsonValue
  public String label() {
    return label;
  }

  /** The miner of this strategy for {@code margin} (used by semi-hard mining only). */
  public TripletMiner miner(double margin) {
    return switch (this) {
      case RANDOM -> TripletMiner.random();
      case SEMI_HARD -> TripletMiner.semiHard(margin);
      case BATCH_HARD -> TripletMiner.batchHard();
    };
  }

  /**
   * The strategy with label {@code label} (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown label, listing the known ones
   */
  public static MinerStrategy of(String label) {
    for (MinerStrategy s : values()) {
      if (s.label.equals(label == null ? null : label.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown triplet miner '"
            + label
            + "'; use "
            + Arrays.stream(values()).map(MinerStrategy::label).collect(Collectors.joining(", ")));
  }
}
