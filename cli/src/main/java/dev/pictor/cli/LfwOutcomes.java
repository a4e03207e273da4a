package dev.pictor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.face.DistanceMetric;
import dev.pictor.recognition.LfwProtocol;
import dev.pictor.recognition.PairedComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The per-pair outcomes file of {@code pictor evaluate lfw --outcomes FILE}, and the paired
 * comparison of a run with such a file ({@code --compare FILE}).
 *
 * <p>The file is one JSON object: {@code format} ({@value #FORMAT}), {@code accuracy}, {@code std},
 * {@code folds}, {@code protocol}, {@code pipeline} (the run's detector, alignment, model and
 * flip), and {@code pairs}: one object per test pair, in order, with {@code file} (the pairs file's
 * name), {@code line}, {@code first}, {@code second}, {@code same}, {@code fold}, {@code group},
 * {@code distance} (null without faces) and {@code correct}. It holds distances, never embeddings.
 *
 * <p>Stateless; safe to use from several threads.
 */
final class LfwOutcomes {
  static final String FORMAT = "pictor-lfw-outcomes/1";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LfwOutcomes() {}

  /** A baseline read from an outcomes file: its correctness per pair and its pipeline. */
  record Baseline(Path file, boolean[] correct, JsonNode pipeline, double accuracy) {}

  /** An outcomes file read but not yet matched to a run. */
  record Loaded(Path file, JsonNode root) {}

  /**
   * Writes the outcomes of {@code result} to {@code file}.
   *
   * @throws InputException if the file cannot be written
   */
  static void write(
      Path file, LfwProtocol.Result result, String protocol, int folds, ObjectNode pipeline)
      throws InputException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("accuracy", result.accuracy());
    root.put("std", result.std());
    root.put("folds", folds);
    root.put("protocol", protocol);
    root.put("metric", result.metric().name());
    root.set("pipeline", pipeline);
    ArrayNode pairs = root.putArray("pairs");
    for (LfwProtocol.Outcome o : result.outcomes()) {
      ObjectNode pair = pairs.addObject();
      pair.put("file", String.valueOf(o.source().getFileName()));
      pair.put("line", o.pair().line());
      pair.put("first", o.pair().firstImage());
      pair.put("second", o.pair().secondImage());
      pair.put("same", o.pair().same());
      pair.put("fold", o.fold());
      pair.put("group", o.group());
      if (Double.isNaN(o.distance())) {
        pair.putNull("distance");
      } else {
        pair.put("distance", o.distance());
      }
      pair.put("correct", o.correct());
    }
    try {
      MAPPER.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new InputException("cannot write the outcomes to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the outcomes file of an earlier run.
   *
   * @throws InputException if the file cannot be read or is not an outcomes file
   */
  static Loaded load(Path file) throws InputException {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new InputException("cannot read --compare " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new InputException(
          "--compare "
              + file
              + " is not an outcomes file ("
              + FORMAT
              + "); write one with pictor evaluate lfw --outcomes FILE");
    }
    return new Loaded(file, root);
  }

  /**
   * Checks that a loaded outcomes file is on the same pairs, in the same order and folds, as {@code
   * outcomes}.
   *
   * @throws InputException if it holds other pairs or folds (the message names the file and the
   *     first differing pair)
   */
  static Baseline match(Loaded loaded, List<LfwProtocol.Outcome> outcomes) throws InputException {
    Path file = loaded.file();
    JsonNode root = loaded.root();
    JsonNode pairs = root.path("pairs");
    if (!pairs.isArray() || pairs.size() != outcomes.size()) {
      throw new InputException(
          "--compare "
              + file
              + " has "
              + pairs.size()
              + " pairs, this run "
              + outcomes.size()
              + ": give the same --pairs files in the same order, with the same --folds");
    }
    boolean[] correct = new boolean[outcomes.size()];
    for (int k = 0; k < correct.length; k++) {
      JsonNode pair = pairs.get(k);
      LfwProtocol.Outcome o = outcomes.get(k);
      boolean same =
          pair.path("file").asText().equals(String.valueOf(o.source().getFileName()))
              && pair.path("line").asInt() == o.pair().line()
              && pair.path("first").asText().equals(o.pair().firstImage())
              && pair.path("second").asText().equals(o.pair().secondImage())
              && pair.path("same").asBoolean() == o.pair().same()
              && pair.path("fold").asInt(-1) == o.fold();
      if (!same || !pair.path("correct").isBoolean()) {
        throw new InputException(
            "--compare "
                + file
                + " differs from this run at pair "
                + (k + 1)
                + " ("
                + o
                + "): give the same --pairs files in the same order, with the same --folds");
      }
      correct[k] = pair.path("correct").asBoolean();
    }
    return new Baseline(file, correct, root.path("pipeline"), root.path("accuracy").asDouble());
  }

  /**
   * The per-pair scores of a loaded outcomes file, for fusion.
   *
   * @param file where they were read from
   * @param pairs the pairs' identities ({@code file:line:fold}), in order
   * @param distance each pair's distance, NaN where it had none
   * @param same each pair's label
   * @param fold each pair's fold
   * @param group each pair's group of linked people
   * @param correct whether the run answered each pair right
   * @param folds number of folds
   * @param metric the distance metric
   * @param pipeline the run's pipeline
   */
  record Scores(
      Path file,
      List<String> pairs,
      double[] distance,
      boolean[] same,
      int[] fold,
      int[] group,
      boolean[] correct,
      int folds,
      DistanceMetric metric,
      JsonNode pipeline) {}

  /**
   * The scores of a loaded outcomes file.
   *
   * @throws InputException if a field is missing or has the wrong type (the message names the file
   *     and the pair)
   */
  static Scores scores(Loaded loaded) throws InputException {
    JsonNode root = loaded.root();
    JsonNode pairs = root.path("pairs");
    DistanceMetric metric;
    try {
      metric = DistanceMetric.valueOf(root.path("metric").asText());
    } catch (IllegalArgumentException e) {
      throw new InputException(
          loaded.file() + " has no valid metric (EUCLIDEAN, SQUARED_EUCLIDEAN or COSINE)", e);
    }
    int n = pairs.size();
    if (!pairs.isArray() || n == 0 || root.path("folds").asInt() < 2) {
      throw new InputException(
          loaded.file() + " holds no cross-validated pairs (needs folds >= 2 and a pairs array)");
    }
    List<String> ids = new java.util.ArrayList<>(n);
    double[] distance = new double[n];
    boolean[] same = new boolean[n];
    int[] fold = new int[n];
    int[] group = new int[n];
    boolean[] correct = new boolean[n];
    for (int k = 0; k < n; k++) {
      JsonNode pair = pairs.get(k);
      JsonNode d = pair.path("distance");
      if (!(d.isNumber() || d.isNull())
          || !pair.path("same").isBoolean()
          || !pair.path("correct").isBoolean()
          || !pair.path("fold").isInt()
          || !pair.path("group").isInt()) {
        throw new InputException(loaded.file() + ": pair " + (k + 1) + " is incomplete");
      }
      ids.add(
          pair.path("file").asText()
              + ":"
              + pair.path("line").asInt()
              + ":"
              + pair.path("fold").asInt());
      distance[k] = d.isNull() ? Double.NaN : d.asDouble();
      same[k] = pair.path("same").asBoolean();
      fold[k] = pair.path("fold").asInt();
      group[k] = pair.path("group").asInt();
      correct[k] = pair.path("correct").asBoolean();
    }
    return new Scores(
        loaded.file(),
        ids,
        distance,
        same,
        fold,
        group,
        correct,
        root.path("folds").asInt(),
        metric,
        root.path("pipeline"));
  }

  /**
   * The scores of two outcomes files, checked to be on the same pairs in the same folds (what
   * {@code evaluate compare} and {@code evaluate fuse} need).
   *
   * @throws InputException if a file cannot be read or the two runs do not match
   */
  static List<Scores> scoresOfTwo(List<Path> files) throws InputException {
    Scores a = scores(load(files.get(0)));
    Scores b = scores(load(files.get(1)));
    if (!a.pairs().equals(b.pairs()) || a.folds() != b.folds()) {
      throw new InputException(
          files.get(0)
              + " and "
              + files.get(1)
              + " are not on the same pairs in the same folds: run both with the same --pairs"
              + " and --folds");
    }
    return List.of(a, b);
  }

  /** This run (first) against the baseline (second), bootstrapped over this run's groups. */
  static PairedComparison compare(List<LfwProtocol.Outcome> outcomes, Baseline baseline) {
    boolean[] mine = new boolean[outcomes.size()];
    int[] groups = new int[outcomes.size()];
    for (int k = 0; k < mine.length; k++) {
      mine[k] = outcomes.get(k).correct();
      groups[k] = outcomes.get(k).group();
    }
    return PairedComparison.of(mine, baseline.correct(), groups);
  }
}
