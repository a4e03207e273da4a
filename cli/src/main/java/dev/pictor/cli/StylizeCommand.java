package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.ExecutionDevice;
import dev.pictor.PictorException;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.ImageWriter;
import dev.pictor.image.opencv.Images;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.style.StyleResult;
import dev.pictor.style.fast.FastStyleCard;
import dev.pictor.style.fast.FastStyleOptions;
import dev.pictor.style.fast.FastStyleTransfer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code pictor stylize}: renders a photo in the style of a trained network ({@code --model}) or of
 * any painting ({@code --style}, {@link GatysStylize}), or lists the trained styles ({@code
 * --list}).
 *
 * <p>How the style is chosen is one exclusive group of options ({@link Method}): each method is one
 * option in that group.
 *
 * <p>One instance per run; not thread-safe. Opens one {@link FastStyleTransfer} (or {@link
 * dev.pictor.style.gatys.GatysStyleTransfer}) and closes it.
 */
@Command(
    name = "stylize",
    description = {
      "Renders a photo in the style of a painting, by one of two methods: a trained feed-forward"
          + " network (--model STYLE, seconds) or optimisation towards any painting (--style"
          + " PAINTING, Gatys et al., minutes).",
      "",
      "  --model STYLE     one pass of a network trained on one painting (Johnson et al.; the"
          + " ml5 / Engstrom networks: udnie, rain_princess, scream, wave; see --list): about a"
          + " second per 512x512 pixels on a CPU; large photos are processed in overlapping"
          + " tiles (--tile). --strength blends the result with the photo.",
      "  --style PAINTING  gradient descent on the image itself, so that its VGG-19 features keep"
          + " the photo's content and take the Gram matrices (the style) of the painting; any"
          + " painting works, at minutes per image (--iterations, --scales, docs/GATYS.md).",
      "The weights of both are packaged (pictor-style-models) and checked against their sha256;"
          + " a model directory (--model-dir, -Dpictor.model.dir, $PICTOR_MODEL_DIR or"
          + " ~/.cache/pictor/models: fast-style-ml5/<style>/, vgg19-tfjs/) is searched first.",
      "",
      "  pictor stylize --list",
      "  pictor stylize --model udnie --content photo.jpg --out painted.png --size 1024",
      "  pictor stylize --style starry_night.jpg --content photo.jpg --out painted.png --size 256"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage error, or the content photo cannot be read or the output cannot be written",
      "3:the style's weights are missing or corrupt, the device cannot be used, or a run failed"
    })
final class StylizeCommand implements Callable<Integer> {

  /** How the style is given: exactly one of these. */
  static final class Method {
    @Option(
        names = "--model",
        paramLabel = "STYLE",
        description = {
          "A trained style network: udnie, rain_princess, scream or wave (see --list)."
        })
    String model;

    @Option(
        names = "--list",
        description = {"List the trained styles, their sources and licenses, and exit."})
    boolean list;

    @Option(
        names = "--style",
        paramLabel = "PAINTING",
        description = {
          "A style painting (any photo file): optimise the photo towards its style with VGG-19"
              + " (Gatys et al.; minutes per image, see --iterations and docs/GATYS.md)."
        })
    Path style;
  }

  @Spec private CommandSpec spec;

  @Mixin private GatysStylize gatys;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Method method;

  @Option(names = "--content", paramLabel = "FILE", description = "The photo to stylise.")
  private Path content;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the result: a .png (lossless) or .jpg file.")
  private Path out;

  @Option(
      names = "--size",
      paramLabel = "N",
      description = {
        "Shrink the photo first so its longer side is at most N pixels (default: keep its size)."
            + " The brush strokes have a fixed size in pixels, so smaller output looks more"
            + " painted."
      })
  private Integer size;

  @Option(
      names = "--strength",
      paramLabel = "A",
      defaultValue = "1",
      description = {
        "With --model: how much of the style to apply, 0..1: A * stylised + (1 - A) * photo"
            + " (default:"
            + " ${DEFAULT-VALUE})."
      })
  private double strength;

  @Option(
      names = "--tile",
      paramLabel = "N",
      defaultValue = "" + FastStyleOptions.DEFAULT_TILE_SIZE,
      description = {
        "With --model: process photos with a side larger than N pixels in overlapping N x N"
            + " tiles, to bound"
            + " memory (default: ${DEFAULT-VALUE}; a multiple of 4 from 64 to 8192)."
      })
  private int tile;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "cpu",
      converter = DeviceConverter.class,
      description = "cpu (default), cuda or cuda:N.")
  private ExecutionDevice device;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description = "Threads per run on the CPU (default: one per core).")
  private int threads;

  @Option(
      names = "--json",
      description = {
        "Print one JSON object instead of text. --model: {\"method\":\"feed-forward\","
            + "\"out\":..,\"width\":..,\"height\":..,\"style\":..,\"strength\":..,"
            + "\"tiles\":..,\"seconds\":..}; --style: {\"method\":\"gatys\",\"out\":..,"
            + "\"width\":..,\"height\":..,\"outcome\":..,\"steps\":..,\"initial\":{\"J\":..,"
            + "\"J_content\":..,\"J_style\":..},\"final\":{..},\"secondsPerStep\":..}; --list:"
            + " {\"styles\":[{\"style\":..,\"painting\":..,\"id\":..,\"version\":..,"
            + "\"weights\":..,\"license\":..,\"source\":..}]}."
      })
  private boolean json;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description = {
        "Look for the style weights in DIR first, then in -Dpictor.model.dir, $PICTOR_MODEL_DIR"
            + " and ~/.cache/pictor/models."
      })
  private Path modelDirectory;

  @Override
  public Integer call() throws PictorException, InputException {
    if (method.list) {
      return list();
    }
    if (content == null || out == null) {
      throw new ParameterException(
          spec.commandLine(), "--model needs --content FILE and --out FILE");
    }
    try {
      ExecutionDevice.checkThreads("--threads", threads);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    refuseOptionsOfTheOtherMethod();
    WritableOutput.check("--out", out);
    if (method.style != null) {
      return gatys.run(
          spec, method.style, content, out, size, device, threads, modelDirectory, json);
    }
    List<String> styles = FastStyleTransfer.styles();
    if (!styles.contains(method.model)) {
      throw new ParameterException(
          spec.commandLine(),
          "unknown style '" + method.model + "': choose one of " + String.join(", ", styles));
    }
    FastStyleOptions options = options(method.model);
    Path target = out.toAbsolutePath();
    String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".png") && !name.endsWith(".jpg") && !name.endsWith(".jpeg")) {
      throw new ParameterException(
          spec.commandLine(), "--out must end in .png, .jpg or .jpeg, was " + out);
    }
    RgbImage photo = Images.read(content);
    StyleResult result;
    try (FastStyleTransfer transfer = FastStyleTransfer.open(options);
        StyleProgressBar progress =
            new StyleProgressBar(Progress.of(spec), "stylizing tiles", false)) {
      result = transfer.stylize(photo, progress);
    }
    ImageWriter.write(result.image(), out);
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      ObjectNode node = Json.object();
      node.put("method", "feed-forward");
      node.put("out", out.toString());
      node.put("width", result.image().width());
      node.put("height", result.image().height());
      node.put("style", method.model);
      node.put("strength", strength);
      node.put("tiles", result.steps());
      node.put("seconds", result.elapsed().toMillis() / 1000.0);
      Json.print(stdout, node);
      return PictorCli.OK;
    }
    stdout.printf(
        Locale.ROOT,
        "%s: %dx%d, style %s, strength %s, %d tile%s, %.2f s%n",
        out,
        result.image().width(),
        result.image().height(),
        method.model,
        strength,
        result.steps(),
        result.steps() == 1 ? "" : "s",
        result.elapsed().toMillis() / 1000.0);
    stdout.flush();
    return PictorCli.OK;
  }

  /**
   * Options of one method are refused with the other, rather than silently ignored: {@code --alpha
   * NaN} with {@code --model} would otherwise look accepted.
   */
  private void refuseOptionsOfTheOtherMethod() {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<String> given = new ArrayList<>();
    if (method.model != null) {
      for (OptionSpec option : spec.mixins().get("gatys").options()) {
        if (parsed.hasMatchedOption(option)) {
          given.add(option.longestName());
        }
      }
      if (!given.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            String.join(", ", given) + " only apply to --style (Gatys), not to --model");
      }
    } else {
      for (String name : List.of("--strength", "--tile")) {
        if (parsed.hasMatchedOption(name)) {
          given.add(name);
        }
      }
      if (!given.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            String.join(", ", given) + " only apply to --model, not to --style");
      }
    }
  }

  private FastStyleOptions options(String style) {
    try {
      return FastStyleOptions.builder(style)
          .device(device)
          .intraOpThreads(threads)
          .maxSide(size == null ? 0 : size)
          .strength(strength)
          .tileSize(tile)
          .tileOverlap(Math.min(FastStyleOptions.DEFAULT_TILE_OVERLAP, tile / 4))
          .modelDirectory(modelDirectory)
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "bad option: " + e.getMessage(), e);
    }
  }

  private static boolean packaged(FastStyleCard card) {
    String manifest = ModelStore.RESOURCE_ROOT + card.directory() + "/manifest.json";
    return StylizeCommand.class.getClassLoader().getResource(manifest) != null;
  }

  private int list() throws PictorException {
    List<Path> dirs = ModelStore.standard(Optional.ofNullable(modelDirectory)).directories();
    PrintWriter stdout = spec.commandLine().getOut();
    ObjectNode root = Json.object();
    ArrayNode list = root.putArray("styles");
    for (FastStyleCard card : FastStyleTransfer.cards()) {
      Optional<Path> found =
          dirs.stream()
              .map(d -> d.resolve(card.directory()))
              .filter(d -> Files.isRegularFile(d.resolve("manifest.json")))
              .findFirst();
      // A folder in a model directory, else the packaged weights, else none.
      String weights =
          found.map(p -> p.toAbsolutePath().toString()).orElse(packaged(card) ? "packaged" : null);
      if (json) {
        list.addObject()
            .put("style", card.style())
            .put("painting", card.title())
            .put("id", card.id())
            .put("version", card.version())
            .put("weights", weights)
            .put("license", card.license())
            .put("source", card.url());
        continue;
      }
      stdout.println(card.style());
      stdout.printf(Locale.ROOT, "  painting  %s%n", card.title());
      stdout.printf(Locale.ROOT, "  model     %s (version %s)%n", card.id(), card.version());
      stdout.printf(
          Locale.ROOT,
          "  weights   %s%n",
          weights == null
              ? "not found in the model directories; get them from " + card.url()
              : weights.equals("packaged")
                  ? "packaged (dev.pictor:pictor-style-models, checked when used)"
                  : weights + " (checked when used)");
      stdout.printf(Locale.ROOT, "  license   %s%n", card.license());
      stdout.printf(Locale.ROOT, "  source    %s%n", card.url());
    }
    if (json) {
      Json.print(stdout, root);
    }
    stdout.flush();
    return PictorCli.OK;
  }
}
