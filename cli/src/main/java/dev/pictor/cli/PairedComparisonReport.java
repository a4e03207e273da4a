package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.recognition.PairedComparison;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * How {@code evaluate lfw --compare} and {@code evaluate compare} print a paired comparison: the
 * same JSON fields and the same two lines of text (the discordant pairs with McNemar's p, and the
 * bootstrap interval of the difference). Stateless.
 */
final class PairedComparisonReport {
  private PairedComparisonReport() {}

  /** Puts the comparison's counts, accuracies, p-value and interval into {@code node}. */
  static void put(ObjectNode node, PairedComparison c) {
    node.put("pairs", c.pairs());
    node.put("accuracy", c.firstAccuracy());
    node.put("otherAccuracy", c.secondAccuracy());
    node.put("bothRight", c.bothRight());
    node.put("onlyThisRight", c.onlyFirstRight());
    node.put("onlyOtherRight", c.onlySecondRight());
    node.put("bothWrong", c.bothWrong());
    node.put("difference", c.difference());
    node.put("mcNemarP", c.mcNemarP());
    node.put("differenceLow", c.differenceLow());
    node.put("differenceHigh", c.differenceHigh());
    node.put("bootstrapSamples", c.bootstrapSamples());
  }

  /**
   * Prints the discordant pairs with McNemar's p and the bootstrap interval, indented under a first
   * line the caller printed; {@code first} and {@code second} name the two runs ("the first", "this
   * run").
   */
  static void printTests(PrintWriter out, PairedComparison c, String first, String second) {
    out.printf(
        Locale.ROOT,
        "           %d pairs only %s got right, %d only %s; exact McNemar p = %.4f%n",
        c.onlyFirstRight(),
        first,
        c.onlySecondRight(),
        second,
        c.mcNemarP());
    out.printf(
        Locale.ROOT,
        "           difference %+.2f points, 95%% bootstrap interval [%+.2f, %+.2f] (%d"
            + " resamples of the groups of linked people)%n",
        100 * c.difference(),
        100 * c.differenceLow(),
        100 * c.differenceHigh(),
        c.bootstrapSamples());
  }
}
