package dev.pictor.learning;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pictor.face.FaceEmbedding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Verification posed as binary classification (DeepFace, Taigman et al. 2014): the probability that
 * two faces show the same person is
 *
 * <pre>
 *   y = sigmoid(sum_k w_k * x_k + b)
 *   x_k = |f1_k - f2_k|                          ({@link Feature#ABS_DIFF})
 *   x_k = (f1_k - f2_k)^2 / (f1_k + f2_k)        ({@link Feature#CHI_SQUARE}, non-negative features only)
 * </pre>
 *
 * trained by L2-regularised logistic regression ({@link #train}) on labelled pairs, minimising
 * {@code mean log-loss + lambda/2 * ||w||^2} (the bias is not regularised) with Newton's method and
 * a backtracking line search: a convex problem solved to convergence, so no learning rate and no
 * randomness.
 *
 * <p>A classifier belongs to one encoder: it is persisted with that encoder's model id ({@link
 * #write}, JSON) and refuses embeddings of another model. Immutable and thread-safe.
 */
public final class PairClassifier {
  /** Value of the {@code format} field of the JSON file. */
  public static final String FORMAT = "pictor-pair-classifier";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** How a pair of vectors becomes the classifier's input. */
  public enum Feature {
    /** {@code |f1_k - f2_k|}. */
    ABS_DIFF,
    /**
     * {@code (f1_k - f2_k)^2 / (f1_k + f2_k)}, 0 where both are 0; only for non-negative vectors
     * (e.g. pooled ReLU features; L2-normalised embeddings have negative entries).
     */
    CHI_SQUARE;

    /** The classifier input of a pair. */
    public double[] of(float[] a, float[] b) {
      if (a.length != b.length) {
        throw new IllegalArgumentException(
            "vectors differ in length: " + a.length + " vs " + b.length);
      }
      double[] x = new double[a.length];
      for (int k = 0; k < a.length; k++) {
        double d = (double) a[k] - b[k];
        if (this == ABS_DIFF) {
          x[k] = Math.abs(d);
        } else {
          if (a[k] < 0 || b[k] < 0) {
            throw new IllegalArgumentException(
                "the chi-square feature needs non-negative vectors; component "
                    + k
                    + " is negative");
          }
          double s = (double) a[k] + b[k];
          x[k] = s == 0 ? 0 : d * d / s;
        }
      }
      return x;
    }
  }

  /**
   * One labelled pair for training.
   *
   * @param first the first face
   * @param second the second face
   * @param same whether they show the same person
   */
  public record LabelledPair(FaceEmbedding first, FaceEmbedding second, boolean same) {}

  /** The persisted form. */
  record Stored(
      String format,
      int version,
      String encoderModelId,
      Feature feature,
      double lambda,
      double bias,
      double[] weights,
      String trainedOn,
      int trainPairs,
      double trainLogLoss) {}

  private final String encoderModelId;
  private final Feature feature;
  private final double lambda;
  private final double bias;
  private final double[] weights;
  private final String trainedOn;
  private final int trainPairs;
  private final double trainLogLoss;

  private PairClassifier(Stored s) {
    if (s.encoderModelId() == null || s.encoderModelId().isBlank()) {
      throw new IllegalArgumentException("pair classifier lacks its encoder model id");
    }
    if (s.feature() == null || s.weights() == null || s.weights().length == 0) {
      throw new IllegalArgumentException("pair classifier lacks its feature or weights");
    }
    for (double w : s.weights()) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException("pair classifier has a non-finite weight");
      }
    }
    if (!Double.isFinite(s.bias())) {
      throw new IllegalArgumentException("pair classifier has a non-finite bias");
    }
    this.encoderModelId = s.encoderModelId();
    this.feature = s.feature();
    this.lambda = s.lambda();
    this.bias = s.bias();
    this.weights = s.weights().clone();
    this.trainedOn = s.trainedOn() == null ? "" : s.trainedOn();
    this.trainPairs = s.trainPairs();
    this.trainLogLoss = s.trainLogLoss();
  }

  /**
   * A classifier with given parameters.
   *
   * @throws IllegalArgumentException if the model id is blank or a parameter is not finite
   */
  public static PairClassifier of(
      String encoderModelId, Feature feature, double[] weights, double bias) {
    return new PairClassifier(
        new Stored(FORMAT, 1, encoderModelId, feature, 0, bias, weights, "", 0, Double.NaN));
  }

  /** Id of the encoder whose embeddings this classifier takes. */
  public String encoderModelId() {
    return encoderModelId;
  }

  /** The input feature. */
  public Feature feature() {
    return feature;
  }

  /** The L2 regularisation strength it was trained with. */
  public double lambda() {
    return lambda;
  }

  /** A copy of the weights. */
  public double[] weights() {
    return weights.clone();
  }

  /** The bias. */
  public double bias() {
    return bias;
  }

  /** What it was trained on, in words; empty if unknown. */
  public String trainedOn() {
    return trainedOn;
  }

  /** The probability that two vectors (of this classifier's encoder) show the same person. */
  public double probability(float[] a, float[] b) {
    double[] x = feature.of(a, b);
    if (x.length != weights.length) {
      throw new IllegalArgumentException(
          "vectors have " + x.length + " values, the classifier takes " + weights.length);
    }
    return sigmoid(logit(weights, bias, x));
  }

  /**
   * The probability that two faces show the same person.
   *
   * @throws IllegalArgumentException if an embedding comes from another model
   */
  public double probability(FaceEmbedding a, FaceEmbedding b) {
    check(a);
    check(b);
    return probability(a.values(), b.values());
  }

  private void check(FaceEmbedding e) {
    if (!e.modelId().equals(encoderModelId)) {
      throw new IllegalArgumentException(
          "pair classifier for model '"
              + encoderModelId
              + "' cannot take an embedding of model '"
              + e.modelId()
              + "'");
    }
  }

  /**
   * Trains a classifier.
   *
   * @param pairs labelled pairs, all embeddings of one model, both labels present
   * @param feature the input feature
   * @param lambda L2 strength, {@code > 0}
   * @param trainedOn what the pairs are, in words (persisted)
   * @param onIteration told the 1-based Newton iteration number after each one
   * @throws IllegalArgumentException on no pairs, a single label, mixed models or bad lambda
   */
  public static PairClassifier train(
      List<LabelledPair> pairs,
      Feature feature,
      double lambda,
      String trainedOn,
      IntConsumer onIteration) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs to train on");
    }
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be positive, was " + lambda);
    }
    String model = pairs.get(0).first().modelId();
    int n = pairs.size();
    double[][] x = new double[n][];
    double[] y = new double[n];
    int positives = 0;
    for (int i = 0; i < n; i++) {
      LabelledPair p = pairs.get(i);
      if (!p.first().modelId().equals(model) || !p.second().modelId().equals(model)) {
        throw new IllegalArgumentException(
            "pair " + i + " mixes models; all pairs must come from model '" + model + "'");
      }
      x[i] = feature.of(p.first().values(), p.second().values());
      y[i] = p.same() ? 1 : 0;
      positives += p.same() ? 1 : 0;
    }
    if (positives == 0 || positives == n) {
      throw new IllegalArgumentException("training pairs need both same and different pairs");
    }
    int d = x[0].length;
    double[] w = new double[d];
    double[] b = {0};
    double objective = objective(x, y, w, b[0], lambda);
    for (int iter = 1; iter <= 100; iter++) {
      // Gradient and Hessian of mean log-loss + lambda/2 |w|^2; parameter d is the bias.
      double[] g = new double[d + 1];
      double[][] h = new double[d + 1][d + 1];
      for (int i = 0; i < n; i++) {
        double p = sigmoid(logit(w, b[0], x[i]));
        double r = (p - y[i]) / n;
        double s = p * (1 - p) / n;
        double[] xi = x[i];
        for (int j = 0; j < d; j++) {
          g[j] += r * xi[j];
          double sxj = s * xi[j];
          for (int k = j; k < d; k++) {
            h[j][k] += sxj * xi[k];
          }
          h[j][d] += sxj;
        }
        g[d] += r;
        h[d][d] += s;
      }
      for (int j = 0; j < d; j++) {
        g[j] += lambda * w[j];
        h[j][j] += lambda;
        for (int k = 0; k < j; k++) {
          h[j][k] = h[k][j];
        }
        h[d][j] = h[j][d];
      }
      h[d][d] += 1e-12;
      double[] step = Cholesky.solve(h, g);
      double t = 1;
      double[] nw = new double[d];
      double nb = 0;
      double next = Double.POSITIVE_INFINITY;
      for (int halvings = 0; halvings < 40; halvings++, t /= 2) {
        for (int j = 0; j < d; j++) {
          nw[j] = w[j] - t * step[j];
        }
        nb = b[0] - t * step[d];
        next = objective(x, y, nw, nb, lambda);
        if (next <= objective) {
          break;
        }
      }
      double change = 0;
      for (double s : step) {
        change = Math.max(change, Math.abs(t * s));
      }
      if (next <= objective) {
        w = nw.clone();
        b[0] = nb;
        objective = next;
      }
      onIteration.accept(iter);
      if (change < 1e-10 || !(next <= objective)) {
        break;
      }
    }
    double logLoss = objective;
    for (double v : w) {
      logLoss -= lambda / 2 * v * v;
    }
    return new PairClassifier(
        new Stored(FORMAT, 1, model, feature, lambda, b[0], w, trainedOn, n, logLoss));
  }

  /** Mean log-loss on the training pairs (without the penalty), NaN if not trained here. */
  public double trainLogLoss() {
    return trainLogLoss;
  }

  /**
   * Writes the classifier as JSON to {@code file} (via a temporary file and a rename).
   *
   * @throws IOException if it cannot be written
   */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      JSON.writeValue(
          tmp.toFile(),
          new Stored(
              FORMAT,
              1,
              encoderModelId,
              feature,
              lambda,
              bias,
              weights,
              trainedOn,
              trainPairs,
              trainLogLoss));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a classifier written by {@link #write}.
   *
   * @throws IOException naming the file if it cannot be read or is not a pair classifier
   */
  public static PairClassifier read(Path file) throws IOException {
    Stored s;
    try {
      s = JSON.readValue(file.toFile(), Stored.class);
    } catch (IOException e) {
      throw new IOException("cannot read pair classifier " + file + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(s.format()) || s.version() != 1) {
      throw new IOException(
          file + " is not a " + FORMAT + " version 1 file (format " + s.format() + ")");
    }
    try {
      return new PairClassifier(s);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static double objective(double[][] x, double[] y, double[] w, double b, double lambda) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = logit(w, b, x[i]);
      // log(1 + e^z) - y z, computed stably
      sum += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
    }
    double penalty = 0;
    for (double v : w) {
      penalty += v * v;
    }
    return sum / x.length + lambda / 2 * penalty;
  }

  private static double logit(double[] w, double b, double[] x) {
    double z = b;
    for (int k = 0; k < w.length; k++) {
      z += w[k] * x[k];
    }
    return z;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "PairClassifier[model=%s, feature=%s, lambda=%g, size=%d]",
        encoderModelId,
        feature,
        lambda,
        weights.length);
  }

  /** Cholesky solve of a symmetric positive definite system. */
  static final class Cholesky {
    private Cholesky() {}

    static double[] solve(double[][] a, double[] b) {
      int n = b.length;
      double[][] l = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          double s = a[i][j];
          for (int k = 0; k < j; k++) {
            s -= l[i][k] * l[j][k];
          }
          if (i == j) {
            if (!(s > 0)) {
              throw new IllegalStateException("Hessian is not positive definite");
            }
            l[i][i] = Math.sqrt(s);
          } else {
            l[i][j] = s / l[j][j];
          }
        }
      }
      double[] z = Arrays.copyOf(b, n);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < i; k++) {
          z[i] -= l[i][k] * z[k];
        }
        z[i] /= l[i][i];
      }
      for (int i = n - 1; i >= 0; i--) {
        for (int k = i + 1; k < n; k++) {
          z[i] -= l[k][i] * z[k];
        }
        z[i] /= l[i][i];
      }
      return z;
    }
  }
}
