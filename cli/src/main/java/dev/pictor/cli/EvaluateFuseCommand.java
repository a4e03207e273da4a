package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.recognition.PairedComparison;
import dev.pictor.recognition.ScoreFusion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pictor evaluate fuse}: cross-validated score-level fusion of two encoders ({@link
 * ScoreFusion}) from the outcomes files of two {@code pictor evaluate lfw} runs on the same pairs
 * and folds; nothing is re-encoded.
 *
 * <p>One instance per run; not thread-safe; opens nothing.
 */
@Command(
    name = "fuse",
    description = {
      "Fuses two encoders at the score level, from the --outcomes files of two pictor evaluate lfw"
          + " runs on the same pairs in the same folds (for example face-resnet128 and"
          + " mobilefacenet512 on pairsDevTrain.txt,pairsDevTest.txt): the fused distance is the"
          + " distance of the concatenated unit embeddings [sqrt(w) e1, sqrt(1-w) e2]. For each"
          + " fold, w (0 to 1 in steps of 0.05) and the threshold are chosen on the other folds,"
          + " and the fold is tested with them. Prints the accuracy (mean +- sample std over the"
          + " folds), each fold's weight, the weight and threshold fitted on all pairs, and each"
          + " run's paired comparison with the fusion (exact McNemar, bootstrap interval).",
      "With --json: accuracy, std, foldAccuracies, foldWeights, foldThresholds, weight,"
          + " threshold, pairs, folds, models and comparisons."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the fusion was evaluated",
      "2:usage error, or outcomes files that cannot be read or are not on the same pairs and folds"
    })
final class EvaluateFuseCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--outcomes",
      paramLabel = "JSON",
      required = true,
      split = ",",
      description = "The outcomes files of the two runs to fuse (give the option twice).")
  private List<Path> outcomes;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  @Override
  public Integer call() throws InputException {
    if (outcomes.size() != 2) {
      throw new ParameterException(
          spec.commandLine(), "give exactly two --outcomes files, had " + outcomes.size());
    }
    List<LfwOutcomes.Scores> runs = LfwOutcomes.scoresOfTwo(outcomes);
    LfwOutcomes.Scores a = runs.get(0);
    LfwOutcomes.Scores b = runs.get(1);
    ScoreFusion.Result fused;
    try {
      fused =
          ScoreFusion.crossValidate(
              a.distance(), a.metric(), b.distance(), b.metric(), a.same(), a.fold(), a.folds());
    } catch (IllegalArgumentException e) {
      throw new InputException("cannot fuse " + outcomes + ": " + e.getMessage(), e);
    }
    PairedComparison overA = PairedComparison.of(fused.correct(), a.correct(), a.group());
    PairedComparison overB = PairedComparison.of(fused.correct(), b.correct(), a.group());
    if (json) {
      ObjectNode root = Json.object();
      root.put("accuracy", fused.accuracy());
      root.put("std", fused.std());
      ArrayNode accuracies = root.putArray("foldAccuracies");
      fused.foldAccuracies().forEach(accuracies::add);
      ArrayNode weights = root.putArray("foldWeights");
      fused.foldWeights().forEach(weights::add);
      ArrayNode thresholds = root.putArray("foldThresholds");
      fused.foldThresholds().forEach(thresholds::add);
      root.put("weight", fused.weight());
      root.put("threshold", fused.threshold());
      root.put("pairs", a.pairs().size());
      root.put("folds", a.folds());
      ArrayNode models = root.putArray("models");
      models.add(a.pipeline().path("model").asText());
      models.add(b.pipeline().path("model").asText());
      ArrayNode comparisons = root.putArray("comparisons");
      for (PairedComparison c : List.of(overA, overB)) {
        ObjectNode node = comparisons.addObject();
        node.put("fusedAccuracy", c.firstAccuracy());
        node.put("otherAccuracy", c.secondAccuracy());
        node.put("onlyFusedRight", c.onlyFirstRight());
        node.put("onlyOtherRight", c.onlySecondRight());
        node.put("mcNemarP", c.mcNemarP());
        node.put("differenceLow", c.differenceLow());
        node.put("differenceHigh", c.differenceHigh());
      }
      Json.print(spec.commandLine().getOut(), root);
      return PictorCli.OK;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "fusion     %s (w) + %s (1 - w), %d pairs, %d folds%n",
        a.pipeline().path("model").asText(),
        b.pipeline().path("model").asText(),
        a.pairs().size(),
        a.folds());
    out.printf(
        Locale.ROOT,
        "accuracy   %.2f%% +- %.2f%% (mean and sample std over %d folds)%n",
        100 * fused.accuracy(),
        100 * fused.std(),
        a.folds());
    out.printf(Locale.ROOT, "fold w     %s%n", fused.foldWeights());
    out.printf(
        Locale.ROOT,
        "all pairs  w = %.2f, threshold %.4f (Euclidean distance of the fused unit embeddings)%n",
        fused.weight(),
        fused.threshold());
    for (int k = 0; k < 2; k++) {
      PairedComparison c = k == 0 ? overA : overB;
      out.printf(
          Locale.ROOT,
          "vs %-7s %s: %.2f%% vs %.2f%%, %d pairs only the fusion got right, %d only that run;"
              + " McNemar p = %.4f, difference 95%% interval [%+.2f, %+.2f] points%n",
          k == 0 ? "first" : "second",
          outcomes.get(k),
          100 * c.firstAccuracy(),
          100 * c.secondAccuracy(),
          c.onlyFirstRight(),
          c.onlySecondRight(),
          c.mcNemarP(),
          100 * c.differenceLow(),
          100 * c.differenceHigh());
    }
    out.flush();
    return PictorCli.OK;
  }
}
