package dev.pictor.learning;

import dev.pictor.optimize.Adam;
import dev.pictor.recognition.Calibration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes an {@link EmbeddingHead} with the triplet loss: mini-batches of P people x K images
 * (plus a few single-image people as extra negatives), triplets mined in each batch on the current
 * embeddings, the mean loss over the mined triplets minimised by Adam with exact gradients, and
 * early stopping on people held out from training.
 *
 * <p>Two held-out measures are taken after every epoch: the triplet loss over <em>all</em> valid
 * triplets of the held-out images ({@link #allTriplets}), deterministic, independent of any mining
 * and comparable before and after training; and the verification AUC over all held-out image pairs
 * ({@link #pairAuc}). Early stopping follows one of them ({@link TrainingOptions#stopOnAuc()}): the
 * head of the best epoch by that measure is returned, epoch 0 (the starting head) included.
 *
 * <p>Beware: the triplet loss can be lowered by spreading all embeddings apart on the sphere, which
 * satisfies margins without separating the hard pairs better; on LFW View 1, training the final
 * fully-connected layer kept lowering the held-out triplet loss while the verification accuracy of
 * unseen people fell, and the held-out AUC never beat the starting head (see {@code
 * docs/LEARNING.md}).
 *
 * <p>Everything random (the held-out split, the batches, the mining) comes from {@link
 * TrainingOptions#seed()}: the same data and options give the same head. Stateless and thread-safe;
 * each {@link #train} call works on its own copies.
 */
public final class TripletTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(TripletTrainer.class);

  private final TrainingOptions options;

  public TripletTrainer(TrainingOptions options) {
    this.options = options;
  }

  /**
   * One epoch's numbers.
   *
   * @param epoch 1-based; 0 for the measurement before training
   * @param trainLoss mean loss over the mined training triplets of the epoch (0 for epoch 0)
   * @param trainViolationFraction fraction of those triplets with a positive loss
   * @param heldOut the held-out triplet measure after the epoch
   * @param heldOutAuc area under the ROC of all held-out image pairs (same person vs not, by
   *     Euclidean distance) after the epoch
   */
  public record EpochStats(
      int epoch,
      double trainLoss,
      double trainViolationFraction,
      TripletLoss.Value heldOut,
      double heldOutAuc) {}

  /**
   * The outcome of a training run.
   *
   * @param head the head of the best epoch
   * @param curve epoch 0 (before training) and each trained epoch, in order
   * @param bestEpoch the epoch whose head is returned (0 if training never improved on the start)
   * @param trainPeople the people trained on, sorted
   * @param heldOutPeople the people held out, sorted
   * @param trainImages number of images trained on
   * @param heldOutImages number of held-out images
   */
  public record Result(
      EmbeddingHead head,
      List<EpochStats> curve,
      int bestEpoch,
      List<String> trainPeople,
      List<String> heldOutPeople,
      int trainImages,
      int heldOutImages) {
    public Result {
      curve = List.copyOf(curve);
      trainPeople = List.copyOf(trainPeople);
      heldOutPeople = List.copyOf(heldOutPeople);
    }

    /** The held-out measure before training. */
    public TripletLoss.Value heldOutBefore() {
      return curve.get(0).heldOut();
    }

    /** The held-out measure of the returned head. */
    public TripletLoss.Value heldOutAfter() {
      return curve.get(bestEpoch).heldOut();
    }
  }

  /**
   * Trains a copy of {@code start} on {@code data}.
   *
   * @param data labelled features; people with at least two images form triplets, people with one
   *     image serve as negatives
   * @param start the initial head (left unchanged)
   * @param onEpoch told each epoch's numbers as they come (epoch 0 first)
   * @throws IllegalArgumentException if the features do not fit the head, or there are too few
   *     people with two images to hold some out and train on the rest
   */
  public Result train(FeatureSet data, EmbeddingHead start, Consumer<EpochStats> onEpoch) {
    if (data.dim() != start.inputSize()) {
      throw new IllegalArgumentException(
          "features have " + data.dim() + " values, the head takes " + start.inputSize());
    }
    Map<String, List<Integer>> byPerson = new LinkedHashMap<>();
    for (int i = 0; i < data.size(); i++) {
      byPerson.computeIfAbsent(data.person(i), p -> new ArrayList<>()).add(i);
    }
    List<String> multi = new ArrayList<>();
    List<String> single = new ArrayList<>();
    byPerson.forEach((p, rows) -> (rows.size() >= 2 ? multi : single).add(p));
    Collections.sort(multi);
    Collections.sort(single);
    Random splitRandom = new Random(options.seed());
    Collections.shuffle(multi, splitRandom);
    Collections.shuffle(single, splitRandom);
    int heldMulti = (int) Math.round(multi.size() * options.heldOutFraction());
    int heldSingle = (int) Math.round(single.size() * options.heldOutFraction());
    if (heldMulti < 2 || multi.size() - heldMulti < 2) {
      throw new IllegalArgumentException(
          "need at least 2 people with two or more images on each side of the held-out split, have "
              + multi.size()
              + " such people in all");
    }
    List<String> heldOut = new ArrayList<>(multi.subList(0, heldMulti));
    heldOut.addAll(single.subList(0, heldSingle));
    List<String> trainMulti = new ArrayList<>(multi.subList(heldMulti, multi.size()));
    List<String> trainSingle = new ArrayList<>(single.subList(heldSingle, single.size()));
    Collections.sort(trainMulti);
    Collections.sort(trainSingle);

    double[][] features = toDouble(data);
    Map<String, Integer> labelOf = new HashMap<>();
    byPerson.keySet().forEach(p -> labelOf.put(p, labelOf.size()));
    int[] labels = new int[data.size()];
    for (int i = 0; i < data.size(); i++) {
      labels[i] = labelOf.get(data.person(i));
    }
    List<Integer> heldRows = new ArrayList<>();
    heldOut.forEach(p -> heldRows.addAll(byPerson.get(p)));
    double[][] heldFeatures = heldRows.stream().map(r -> features[r]).toArray(double[][]::new);
    int[] heldLabels = heldRows.stream().mapToInt(r -> labels[r]).toArray();
    List<Integer> singleRows = new ArrayList<>();
    trainSingle.forEach(p -> singleRows.addAll(byPerson.get(p)));
    int trainImages = singleRows.size();
    for (String p : trainMulti) {
      trainImages += byPerson.get(p).size();
    }

    TripletLoss loss = new TripletLoss(options.margin());
    TripletMiner miner = options.miner().miner(options.margin());
    EmbeddingHead head = start.copy();
    Adam adam = new Adam(head.parameterCount(), options.learningRate());
    SplittableRandom random = new SplittableRandom(options.seed());

    List<EpochStats> curve = new ArrayList<>();
    double[][] heldBefore = head.forward(heldFeatures).embeddings();
    curve.add(
        new EpochStats(
            0, 0, 0, allTriplets(loss, heldBefore, heldLabels), pairAuc(heldBefore, heldLabels)));
    onEpoch.accept(curve.get(0));
    EmbeddingHead best = head.copy();
    double bestScore = score(curve.get(0));
    int bestEpoch = 0;
    int sinceBest = 0;
    for (int epoch = 1; epoch <= options.maxEpochs(); epoch++) {
      List<String> order = new ArrayList<>(trainMulti);
      shuffle(order, random);
      double epochLoss = 0;
      int epochTriplets = 0;
      int epochViolations = 0;
      for (int from = 0; from + 2 <= order.size(); from += options.peoplePerBatch()) {
        List<Integer> rows = new ArrayList<>();
        for (String p :
            order.subList(from, Math.min(order.size(), from + options.peoplePerBatch()))) {
          List<Integer> own = new ArrayList<>(byPerson.get(p));
          shuffle(own, random);
          rows.addAll(own.subList(0, Math.min(own.size(), options.imagesPerPerson())));
        }
        for (int k = 0; k < options.extraNegatives() && !singleRows.isEmpty(); k++) {
          int r = singleRows.get(random.nextInt(singleRows.size()));
          if (!rows.contains(r)) {
            rows.add(r);
          }
        }
        double[][] batch = rows.stream().map(r -> features[r]).toArray(double[][]::new);
        int[] batchLabels = rows.stream().mapToInt(r -> labels[r]).toArray();
        EmbeddingHead.Pass pass = head.forward(batch);
        List<Triplet> triplets = miner.mine(pass.embeddings(), batchLabels, random);
        if (triplets.isEmpty()) {
          continue;
        }
        double[][] grad = new double[batch.length][head.outputSize()];
        TripletLoss.Value value = loss.lossAndGradient(pass.embeddings(), triplets, grad);
        epochLoss += value.total();
        epochTriplets += value.triplets();
        epochViolations += value.violations();
        if (value.violations() == 0) {
          continue;
        }
        double scale = 1.0 / triplets.size(); // minimise the mean loss of the batch
        for (double[] row : grad) {
          for (int k = 0; k < row.length; k++) {
            row[k] *= scale;
          }
        }
        adam.step(head.parameters(), head.backward(pass, grad, options.trainFc()));
      }
      double[][] heldEmbeddings = head.forward(heldFeatures).embeddings();
      TripletLoss.Value held = allTriplets(loss, heldEmbeddings, heldLabels);
      EpochStats stats =
          new EpochStats(
              epoch,
              epochTriplets == 0 ? 0 : epochLoss / epochTriplets,
              epochTriplets == 0 ? 0 : epochViolations / (double) epochTriplets,
              held,
              pairAuc(heldEmbeddings, heldLabels));
      curve.add(stats);
      onEpoch.accept(stats);
      LOG.debug(
          "epoch {}: train {} held-out {} ({} violations)",
          epoch,
          stats.trainLoss(),
          held.mean(),
          held.violations());
      double score = score(stats);
      if (score < bestScore) {
        bestScore = score;
        best = head.copy();
        bestEpoch = epoch;
        sinceBest = 0;
      } else if (++sinceBest >= options.patience()) {
        break;
      }
    }
    List<String> heldSorted = new ArrayList<>(heldOut);
    Collections.sort(heldSorted);
    List<String> trainPeople = new ArrayList<>(trainMulti);
    trainPeople.addAll(trainSingle);
    Collections.sort(trainPeople);
    return new Result(
        best, curve, bestEpoch, trainPeople, heldSorted, trainImages, heldRows.size());
  }

  /** What early stopping minimises. */
  private double score(EpochStats stats) {
    return options.stopOnAuc() ? -stats.heldOutAuc() : stats.heldOut().mean();
  }

  /**
   * The area under the ROC of every pair of rows (same label or not), scored by Euclidean distance.
   */
  public static double pairAuc(double[][] embeddings, int[] labels) {
    double[][] d = Miners.squaredDistances(embeddings, labels);
    int n = labels.length;
    double[] distances = new double[n * (n - 1) / 2];
    boolean[] same = new boolean[distances.length];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        distances[k] = Math.sqrt(d[i][j]);
        same[k++] = labels[i] == labels[j];
      }
    }
    return Calibration.of(distances, same).auc();
  }

  /**
   * The triplet loss over every valid triplet (anchor, positive of the anchor's identity other than
   * the anchor, negative of another identity) of a labelled set of embeddings.
   *
   * @throws IllegalArgumentException if the label count differs from the row count
   */
  public static TripletLoss.Value allTriplets(
      TripletLoss loss, double[][] embeddings, int[] labels) {
    double[][] d = Miners.squaredDistances(embeddings, labels);
    int n = labels.length;
    double total = 0;
    long count = 0;
    long violations = 0;
    for (int a = 0; a < n; a++) {
      for (int p = 0; p < n; p++) {
        if (p == a || labels[p] != labels[a]) {
          continue;
        }
        for (int j = 0; j < n; j++) {
          if (labels[j] == labels[a]) {
            continue;
          }
          double l = loss.of(d[a][p], d[a][j]);
          count++;
          if (l > 0) {
            total += l;
            violations++;
          }
        }
      }
    }
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many triplets to count: " + count);
    }
    return new TripletLoss.Value(total, (int) count, (int) violations);
  }

  static double[][] toDouble(FeatureSet data) {
    double[][] out = new double[data.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] row = data.row(i);
      out[i] = new double[row.length];
      for (int k = 0; k < row.length; k++) {
        out[i][k] = row[k];
      }
    }
    return out;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      Collections.swap(list, i, random.nextInt(i + 1));
    }
  }
}
