package dev.pictor.learning;

/**
 * How {@link TripletTrainer} trains a head. Immutable; build with {@link #builder()}.
 *
 * @param margin triplet margin alpha (default 0.2)
 * @param miner triplet mining in each mini-batch: {@link MinerStrategy#SEMI_HARD} (default), {@link
 *     MinerStrategy#BATCH_HARD} or {@link MinerStrategy#RANDOM}
 * @param peoplePerBatch P, people per mini-batch (default 32)
 * @param imagesPerPerson K, at most this many images of each of them (default 4; people with fewer
 *     contribute all theirs, at least 2)
 * @param extraNegatives images of people with a single image added to each mini-batch as negatives
 *     only (default 16)
 * @param learningRate Adam's step size (default 1e-5)
 * @param maxEpochs upper bound on passes over the training people (default 60)
 * @param patience stop after this many epochs without a better held-out loss (default 8)
 * @param heldOutFraction fraction of the people held out for early stopping (default 0.2)
 * @param trainFc whether the encoder's final fully-connected layer is trained too, not only the new
 *     projection (default false: on LFW View 1 training the 256x128 layer too lowered the held-out
 *     triplet loss but cost 0.4 to 1 point of DevTest accuracy, see {@code docs/LEARNING.md})
 * @param stopOnAuc whether early stopping keeps the epoch with the best held-out pair AUC rather
 *     than the lowest held-out triplet loss (default false)
 * @param seed seed of the split, the batches and the mining (default 42)
 */
public record TrainingOptions(
    double margin,
    MinerStrategy miner,
    int peoplePerBatch,
    int imagesPerPerson,
    int extraNegatives,
    double learningRate,
    int maxEpochs,
    int patience,
    double heldOutFraction,
    boolean trainFc,
    boolean stopOnAuc,
    long seed) {

  /**
   * @throws IllegalArgumentException naming the first invalid value
   */
  public TrainingOptions {
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException("margin must be finite and >= 0, was " + margin);
    }
    if (miner == null) {
      throw new IllegalArgumentException("miner must not be null");
    }
    if (peoplePerBatch < 2) {
      throw new IllegalArgumentException("peoplePerBatch must be >= 2, was " + peoplePerBatch);
    }
    if (imagesPerPerson < 2) {
      throw new IllegalArgumentException("imagesPerPerson must be >= 2, was " + imagesPerPerson);
    }
    if (extraNegatives < 0) {
      throw new IllegalArgumentException("extraNegatives must be >= 0, was " + extraNegatives);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
    }
    if (maxEpochs < 1) {
      throw new IllegalArgumentException("maxEpochs must be >= 1, was " + maxEpochs);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1, was " + patience);
    }
    if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
      throw new IllegalArgumentException(
          "heldOutFraction must lie strictly between 0 and 1, was " + heldOutFraction);
    }
  }

  /** The defaults. */
  public static TrainingOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link TrainingOptions}; not thread-safe. */
  public static final class Builder {
    private double margin = TripletLoss.DEFAULT_MARGIN;
    private MinerStrategy miner = MinerStrategy.SEMI_HARD;
    private int peoplePerBatch = 32;
    private int imagesPerPerson = 4;
    private int extraNegatives = 16;
    private double learningRate = 1e-5;
    private int maxEpochs = 60;
    private int patience = 8;
    private double heldOutFraction = 0.2;
    private boolean trainFc = false;
    private boolean stopOnAuc = false;
    private long seed = 42;

    private Builder() {}

    public Builder margin(double margin) {
      this.margin = margin;
      return this;
    }

    public Builder miner(MinerStrategy miner) {
      this.miner = miner;
      return this;
    }

    public Builder peoplePerBatch(int p) {
      this.peoplePerBatch = p;
      return this;
    }

    public Builder imagesPerPerson(int k) {
      this.imagesPerPerson = k;
      return this;
    }

    public Builder extraNegatives(int n) {
      this.extraNegatives = n;
      return this;
    }

    public Builder learningRate(double rate) {
      this.learningRate = rate;
      return this;
    }

    public Builder maxEpochs(int epochs) {
      this.maxEpochs = epochs;
      return this;
    }

    public Builder patience(int epochs) {
      this.patience = epochs;
      return this;
    }

    public Builder heldOutFraction(double fraction) {
      this.heldOutFraction = fraction;
      return this;
    }

    public Builder trainFc(boolean trainFc) {
      this.trainFc = trainFc;
      return this;
    }

    public Builder stopOnAuc(boolean stopOnAuc) {
      this.stopOnAuc = stopOnAuc;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid value
     */
    public TrainingOptions build() {
      return new TrainingOptions(
          margin,
          miner,
          peoplePerBatch,
          imagesPerPerson,
          extraNegatives,
          learningRate,
          maxEpochs,
          patience,
          heldOutFraction,
          trainFc,
          stopOnAuc,
          seed);
    }
  }
}
