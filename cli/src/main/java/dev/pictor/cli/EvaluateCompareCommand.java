package dev.pictor.cli;

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
    List<LfwOutcomes.Scores> runs = LfwOutcomes.scoresOfTwo(outcomes);
    LfwOutcomes.Scores a = runs.get(0);
    LfwOutcomes.Scores b = runs.get(1);
    PairedComparison c = PairedComparison.of(a.correct(), b.correct(), a.group());
    if (json) {
      ObjectNode root = Json.object();
      PairedComparisonReport.put(root, c);
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
    PairedComparisonReport.printTests(out, c, "the first", "the second");
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
