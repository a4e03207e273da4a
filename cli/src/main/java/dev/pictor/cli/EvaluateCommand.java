package dev.pictor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pictor evaluate}: the group of commands that measure accuracy on labelled data ({@code
 * lfw}, {@code identify}).
 *
 * <p>One instance per run; not thread-safe; opens nothing itself.
 */
@Command(
    name = "evaluate",
    description = {
      "Measures accuracy on labelled images: LFW verification (lfw) or open-set identification"
          + " over a folder of people (identify), score-level fusion of two LFW runs (fuse), paired comparison of two LFW runs (compare). Nothing is written to disk except an optional"
          + " ROC plot: embeddings are kept in memory only."
    },
    subcommands = {
      EvaluateLfwCommand.class,
      EvaluateIdentifyCommand.class,
      EvaluateFuseCommand.class,
      EvaluateCompareCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the evaluation ran",
      "2:usage error, or input that cannot be used",
      "3:the model or device cannot be used, or a run failed"
    })
final class EvaluateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** {@code pictor evaluate} without a subcommand is a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing subcommand: choose lfw, identify, fuse or compare.");
  }
}
