package dev.pictor.samples;

import dev.pictor.ModelException;
import dev.pictor.model.ModelCard;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pictor models}: the model cards packaged with the program.
 *
 * <p>One instance per run; not thread-safe. Loads no network, so it opens nothing to close.
 */
@Command(
    name = "models",
    description = {
      "Lists the packaged models: id, input size, distance metric, default threshold and where"
          + " it comes from, license and the source of the weights."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage error", "3:a model card cannot be read"})
final class ModelsCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws ModelException {
    List<ModelCard> cards = PackagedModels.cards();
    if (cards.isEmpty()) {
      throw new ModelException(
          "no packaged models found; the artifact dev.pictor:pictor-models is missing from the"
              + " class path");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (ModelCard card : cards) {
      out.println(card.id() + " (version " + card.version() + ")");
      out.printf(
          Locale.ROOT,
          "  input      %dx%d %s%n",
          card.inputWidth(),
          card.inputHeight(),
          card.channelOrder());
      out.printf(Locale.ROOT, "  embedding  %d values%n", card.embeddingSize());
      out.printf(Locale.ROOT, "  metric     %s%n", card.metric());
      out.printf(
          Locale.ROOT, "  threshold  %s (%s)%n", card.defaultThreshold(), card.thresholdSource());
      out.printf(Locale.ROOT, "  license    %s%n", card.license());
      out.printf(Locale.ROOT, "  source     %s%n", card.weightsSource());
    }
    out.flush();
    return PictorCli.OK;
  }
}
