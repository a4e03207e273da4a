package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.ModelException;
import dev.pictor.model.DetectorSection;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.style.fast.FastStyleCard;
import dev.pictor.style.fast.FastStyleTransfer;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pictor models}: the models packaged with the program, each with the fields that mean
 * something for its kind.
 *
 * <p>One instance per run; not thread-safe. Loads no network, so it opens nothing to close.
 */
@Command(
    name = "models",
    description = {
      "Lists the packaged models by kind, each with what matters for it, its license and the"
          + " source of its weights:",
      "  encoder       input size, embedding size, distance metric, default threshold and how it"
          + " was chosen (embed, compare, verify, enroll, identify)",
      "  detector      input size, default minimum face score and how it was chosen",
      "  landmarker    input size (the 68-point alignment)",
      "  loss network  input size (stylize --style PAINTING, Gatys et al.)",
      "  style         the painting and the network (stylize --model STYLE)",
      "With --json, one object: {\"models\":[{\"id\":..,\"kind\":\"encoder\"|\"detector\"|"
          + "\"landmarker\"|\"style\"|\"loss-network\",\"version\":..,...}]} with the same fields."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage error", "3:a model card cannot be read"})
final class ModelsCommand implements Callable<Integer> {

  /** What a packaged model is for; the order of the listing. */
  enum Kind {
    ENCODER("encoder"),
    DETECTOR("detector"),
    LANDMARKER("landmarker"),
    LOSS_NETWORK("loss-network"),
    STYLE("style");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The kind of the model of {@code card}, as its card says. */
    static Kind of(ModelCard card) {
      return switch (card.kind()) {
        case ENCODER -> ENCODER;
        case DETECTOR -> DETECTOR;
        case LANDMARKER -> LANDMARKER;
        case FEATURES -> LOSS_NETWORK;
      };
    }
  }

  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  @Override
  public Integer call() throws ModelException {
    List<ModelCard> cards =
        PackagedModels.cards().stream()
            .sorted(Comparator.comparing(Kind::of).thenComparing(ModelCard::id))
            .toList();
    if (cards.isEmpty()) {
      throw new ModelException(
          "no packaged models found; the artifact dev.pictor:pictor-models is missing from the"
              + " class path");
    }
    List<FastStyleCard> styles = FastStyleTransfer.cards();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      printJson(out, cards, styles);
    } else {
      printText(out, cards, styles);
    }
    return PictorCli.OK;
  }

  private static void printText(
      PrintWriter out, List<ModelCard> cards, List<FastStyleCard> styles) {
    for (ModelCard card : cards) {
      printCard(out, card, Kind.of(card));
    }
    for (FastStyleCard style : styles) {
      out.println(style.style() + " (version " + style.version() + ")");
      out.printf(Locale.ROOT, "  kind       style (stylize --model %s)%n", style.style());
      out.printf(Locale.ROOT, "  painting   %s%n", style.title());
      out.printf(Locale.ROOT, "  network    %s%n", style.architecture());
      out.printf(Locale.ROOT, "  license    %s%n", style.license());
      out.printf(Locale.ROOT, "  source     %s%n", style.url());
    }
    out.flush();
  }

  private static void printCard(PrintWriter out, ModelCard card, Kind kind) {
    out.println(card.id() + " (version " + card.version() + ")");
    out.printf(Locale.ROOT, "  kind       %s%n", describe(kind));
    out.printf(
        Locale.ROOT,
        "  input      %dx%d %s%n",
        card.input().width(),
        card.input().height(),
        card.input().channelOrder());
    if (card.section() instanceof EncoderSection e) {
      out.printf(Locale.ROOT, "  embedding  %d values%n", e.embeddingSize());
      out.printf(Locale.ROOT, "  metric     %s%n", e.metric());
      out.printf(Locale.ROOT, "  threshold  %s (%s)%n", e.threshold(), e.thresholdSource());
    } else if (card.section() instanceof DetectorSection d) {
      out.printf(Locale.ROOT, "  score      %s (%s)%n", d.minScore(), d.minScoreSource());
    }
    out.printf(Locale.ROOT, "  license    %s%n", card.license());
    out.printf(Locale.ROOT, "  source     %s%n", card.weightsSource());
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case ENCODER -> "encoder (embed, compare, verify, enroll, identify)";
      case DETECTOR -> "detector";
      case LANDMARKER -> "landmarker (the 68-point alignment)";
      case LOSS_NETWORK -> "loss network (stylize --style, Gatys et al.)";
      default -> kind.label;
    };
  }

  private static void printJson(
      PrintWriter out, List<ModelCard> cards, List<FastStyleCard> styles) {
    ObjectNode root = Json.object();
    ArrayNode models = root.putArray("models");
    for (ModelCard card : cards) {
      Kind kind = Kind.of(card);
      ObjectNode node = models.addObject();
      node.put("id", card.id());
      node.put("kind", kind.label);
      node.put("version", card.version());
      ObjectNode input = node.putObject("input");
      input.put("width", card.input().width());
      input.put("height", card.input().height());
      input.put("channels", card.input().channelOrder().name());
      if (card.section() instanceof EncoderSection e) {
        node.put("embeddingSize", e.embeddingSize());
        node.put("metric", e.metric().name());
        node.put("threshold", e.threshold());
        node.put("thresholdSource", e.thresholdSource());
      } else if (card.section() instanceof DetectorSection d) {
        node.put("scoreThreshold", d.minScore());
        node.put("scoreThresholdSource", d.minScoreSource());
      }
      node.put("license", card.license());
      node.put("source", card.weightsSource());
      node.put("sha256", card.fileSha256());
    }
    for (FastStyleCard style : styles) {
      ObjectNode node = models.addObject();
      node.put("id", style.id());
      node.put("kind", Kind.STYLE.label);
      node.put("version", style.version());
      node.put("style", style.style());
      node.put("painting", style.title());
      node.put("network", style.architecture());
      node.put("license", style.license());
      node.put("source", style.url());
    }
    Json.print(out, root);
  }
}
