package dev.pictor.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.recognition.PairedComparison;
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
 * {@code pictor evaluate compare}: the paired comparison of two {@code pictor evaluate lfw} runs
 * from their outcomes files, as {@code --compare} prints it, without encoding anything again.
 *
 * <p>One instance per run; not thread-safe; opens nothing.
 */
@Command(
    name = "compare",
    description = {
      "Compares two pictor evaluate lfw runs pair by pair from their --outcomes files (same pairs,"
          + " same folds): accuracy of each, the pairs only one of them got right, the exact"
          + " McNemar p-value (two-sided) and a 95%% bootstrap interval of the accuracy difference"
          + " (first minus second), resampling the groups of linked people. Nothing is"
          + " re-encoded.",
      "With --json: accuracy, otherAccuracy, bothRight, onlyThisRight, onlyOtherRight, bothWrong,"
          + " difference, mcNemarP, differenceLow, differenceHigh, bootstrapSamples, pairs and"
          + " the two pipelines (pipeline, otherPipeline)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the runs were compared",
      "2:usage error, or outcomes files that cannot be read or are not on the same pairs and folds"
    })
final class EvaluateCompareCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--outcomes",
      paramLabel = "JSON",
      required = true,
      split = ",",
      description =
          "The outcomes files of the two runs, first then second (give the option twice).")
  private List<Path> outcomes;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  @Override
  public Integer call() throws InputException {
    if (outcomes.size() != 2) {
      throw new ParameterException(
          spec.commandLine(), "give exactly two --outcomes files, had " + outcomes.size());
    }
    LfwOutcomes.Scores a = LfwOutcomes.scores(LfwOutcomes.load(outcomes.get(0)));
    LfwOutcomes.Scores b = LfwOutcomes.scores(LfwOutcomes.load(outcomes.get(1)));
    if (!a.pairs().equals(b.pairs()) || a.folds() != b.folds()) {
      throw new InputException(
          outcomes.get(0)
              + " and "
              + outcomes.get(1)
              + " are not on the same pairs in the same folds: run both with the same --pairs"
              + " and --folds");
    }
    PairedComparison c = PairedComparison.of(a.correct(), b.correct(), a.group());
    if (json) {
      ObjectNode root = Json.object();
      root.put("pairs", c.pairs());
      root.put("accuracy", c.firstAccuracy());
      root.put("otherAccuracy", c.secondAccuracy());
      root.put("bothRight", c.bothRight());
      root.put("onlyThisRight", c.onlyFirstRight());
      root.put("onlyOtherRight", c.onlySecondRight());
      root.put("bothWrong", c.bothWrong());
      root.put("difference", c.difference());
      root.put("mcNemarP", c.mcNemarP());
      root.put("differenceLow", c.differenceLow());
      root.put("differenceHigh", c.differenceHigh());
      root.put("bootstrapSamples", c.bootstrapSamples());
      root.set("pipeline", a.pipeline());
      root.set("otherPipeline", b.pipeline());
      Json.print(spec.commandLine().getOut(), root);
      return PictorCli.OK;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "first      %s (%s)%nsecond     %s (%s)%n",
        outcomes.get(0),
        describe(a),
        outcomes.get(1),
        describe(b));
    out.printf(
        Locale.ROOT,
        "accuracy   %.2f%% vs %.2f%% on the same %d pairs (pooled over the folds)%n",
        100 * c.firstAccuracy(),
        100 * c.secondAccuracy(),
        c.pairs());
    out.printf(
        Locale.ROOT,
        "           %d pairs only the first got right, %d only the second; exact McNemar p ="
            + " %.4f%n",
        c.onlyFirstRight(),
        c.onlySecondRight(),
        c.mcNemarP());
    out.printf(
        Locale.ROOT,
        "           difference %+.2f points, 95%% bootstrap interval [%+.2f, %+.2f] (%d"
            + " resamples of the groups of linked people)%n",
        100 * c.difference(),
        100 * c.differenceLow(),
        100 * c.differenceHigh(),
        c.bootstrapSamples());
    out.flush();
    return PictorCli.OK;
  }

  private static String describe(LfwOutcomes.Scores run) {
    return String.format(
        Locale.ROOT,
        "%s, %s alignment, flip %s",
        run.pipeline().path("model").asText("?"),
        run.pipeline().path("alignment").asText("no"),
        run.pipeline().path("flip").asBoolean() ? "on" : "off");
  }
}
