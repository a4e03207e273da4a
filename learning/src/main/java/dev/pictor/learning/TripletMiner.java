package dev.pictor.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses triplets from identity-labelled embeddings (typically one mini-batch of P people x K
 * images). Three strategies:
 *
 * <ul>
 *   <li>{@link #random}: every anchor-positive pair with a uniformly random negative. Mostly
 *       useless for training: with a pretrained encoder, {@code d(A,P) + alpha < d(A,N)} already
 *       holds for most random triplets, their loss and gradient are zero and they teach nothing.
 *       Kept as a baseline and for held-out measurements.
 *   <li>{@link #semiHard}: every anchor-positive pair with a random <em>semi-hard</em> negative
 *       (FaceNet): farther than the positive but within the margin, {@code d(A,P) < d(A,N) < d(A,P)
 *       + alpha}. When there is none, the nearest negative farther than the positive; when there is
 *       none of those either, the farthest negative (the rule of TensorFlow Addons' semi-hard
 *       loss), so every pair yields a triplet.
 *   <li>{@link #batchHard}: one triplet per anchor (Hermans et al., 2017): its farthest positive
 *       and its nearest negative in the batch.
 * </ul>
 *
 * <p>Distances are squared Euclidean. Rows whose identity has no other row, or when the batch has a
 * single identity, yield no triplets. Mining is deterministic given the random generator passed in
 * (seed it for reproducible runs); ties go to the lower row index. Miners are stateless and
 * thread-safe; the generator is the caller's.
 */
public interface TripletMiner {

  /**
   * The triplets of a batch.
   *
   * @param embeddings one row per image
   * @param labels identity of each row (any ints; equal means same person)
   * @param random source of randomness, used by the random and semi-hard strategies
   * @throws IllegalArgumentException if the label count differs from the row count
   */
  List<Triplet> mine(double[][] embeddings, int[] labels, RandomGenerator random);

  /** The strategy's name, its {@link MinerStrategy#label()}. */
  String name();

  /** Every anchor-positive pair with a random negative (see the class comment: too easy). */
  static TripletMiner random() {
    return new Miners.Random();
  }

  /** Every anchor-positive pair with a random semi-hard negative for margin {@code margin}. */
  static TripletMiner semiHard(double margin) {
    return new Miners.SemiHard(margin);
  }

  /** One triplet per anchor: the hardest positive and the hardest negative. */
  static TripletMiner batchHard() {
    return new Miners.BatchHard();
  }
}

/** The three strategies of {@link TripletMiner}. */
final class Miners {
  private Miners() {}

  static double[][] squaredDistances(double[][] e, int[] labels) {
    if (labels.length != e.length) {
      throw new IllegalArgumentException(
          "labels: " + labels.length + " for " + e.length + " embeddings");
    }
    int n = e.length;
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double s = 0;
        for (int k = 0; k < e[i].length; k++) {
          double x = e[i][k] - e[j][k];
          s += x * x;
        }
        d[i][j] = s;
        d[j][i] = s;
      }
    }
    return d;
  }

  static final class Random implements TripletMiner {
    @Override
    public List<Triplet> mine(double[][] embeddings, int[] labels, RandomGenerator random) {
      if (labels.length != embeddings.length) {
        throw new IllegalArgumentException(
            "labels: " + labels.length + " for " + embeddings.length + " embeddings");
      }
      int n = labels.length;
      List<Triplet> out = new ArrayList<>();
      for (int a = 0; a < n; a++) {
        List<Integer> negatives = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          if (labels[j] != labels[a]) {
            negatives.add(j);
          }
        }
        if (negatives.isEmpty()) {
          continue;
        }
        for (int p = 0; p < n; p++) {
          if (p != a && labels[p] == labels[a]) {
            out.add(new Triplet(a, p, negatives.get(random.nextInt(negatives.size()))));
          }
        }
      }
      return out;
    }

    @Override
    public String name() {
      return MinerStrategy.RANDOM.label();
    }
  }

  static final class SemiHard implements TripletMiner {
    private final double margin;

    SemiHard(double margin) {
      if (!(margin >= 0) || Double.isInfinite(margin)) {
        throw new IllegalArgumentException("margin must be finite and >= 0, was " + margin);
      }
      this.margin = margin;
    }

    @Override
    public List<Triplet> mine(double[][] embeddings, int[] labels, RandomGenerator random) {
      double[][] d = squaredDistances(embeddings, labels);
      int n = labels.length;
      List<Triplet> out = new ArrayList<>();
      List<Integer> band = new ArrayList<>();
      for (int a = 0; a < n; a++) {
        for (int p = 0; p < n; p++) {
          if (p == a || labels[p] != labels[a]) {
            continue;
          }
          double dap = d[a][p];
          band.clear();
          int nearestBeyond = -1;
          int farthest = -1;
          for (int j = 0; j < n; j++) {
            if (labels[j] == labels[a]) {
              continue;
            }
            double dan = d[a][j];
            if (dan > dap && dan < dap + margin) {
              band.add(j);
            }
            if (dan > dap && (nearestBeyond < 0 || dan < d[a][nearestBeyond])) {
              nearestBeyond = j;
            }
            if (farthest < 0 || dan > d[a][farthest]) {
              farthest = j;
            }
          }
          if (farthest < 0) {
            continue; // one identity only
          }
          int negative =
              !band.isEmpty()
                  ? band.get(random.nextInt(band.size()))
                  : nearestBeyond >= 0 ? nearestBeyond : farthest;
          out.add(new Triplet(a, p, negative));
        }
      }
      return out;
    }

    @Override
    public String name() {
      return MinerStrategy.SEMI_HARD.label();
    }
  }

  static final class BatchHard implements TripletMiner {
    @Override
    public List<Triplet> mine(double[][] embeddings, int[] labels, RandomGenerator random) {
      double[][] d = squaredDistances(embeddings, labels);
      int n = labels.length;
      List<Triplet> out = new ArrayList<>();
      for (int a = 0; a < n; a++) {
        int hardestPositive = -1;
        int hardestNegative = -1;
        for (int j = 0; j < n; j++) {
          if (j == a) {
            continue;
          }
          if (labels[j] == labels[a]) {
            if (hardestPositive < 0 || d[a][j] > d[a][hardestPositive]) {
              hardestPositive = j;
            }
          } else if (hardestNegative < 0 || d[a][j] < d[a][hardestNegative]) {
            hardestNegative = j;
          }
        }
        if (hardestPositive >= 0 && hardestNegative >= 0) {
          out.add(new Triplet(a, hardestPositive, hardestNegative));
        }
      }
      return out;
    }

    @Override
    public String name() {
      return MinerStrategy.BATCH_HARD.label();
    }
  }
}
