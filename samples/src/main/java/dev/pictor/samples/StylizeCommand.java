package dev.pictor.samples;

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
 * {@code pictor stylize}: renders a photo in the style of a trained network ({@code --model}), or
 * lists the trained styles ({@code --list}).
 *
 * <p>How the style is chosen is one exclusive group of options ({@link Method}), so another method
 * (for example optimising towards a style painting) is one more option in that group.
 *
 * <p>One instance per run; not thread-safe. Opens one {@link FastStyleTransfer} and closes it.
 */
@Command(
    name = "stylize",
    description = {
      "Renders a photo in the style of a painting with a trained feed-forward network (Johnson et"
          + " al.; the ml5 / Engstrom networks), in about a second per 512x512 pixels on a CPU.",
      "The network weights are read from --model-dir, -Dpictor.model.dir, $PICTOR_MODEL_DIR or"
          + " ~/.cache/pictor/models (folder fast-style-ml5/<style>/), checked against their"
          + " sha256 and converted to ONNX in memory. Large photos are processed in overlapping"
          + " tiles.",
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
      return gatys.run(spec, method.style, content, out, size, device, threads, modelDirectory);
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
    for (FastStyleCard card : FastStyleTransfer.cards()) {
      Optional<Path> found =
          dirs.stream()
              .map(d -> d.resolve(card.directory()))
              .filter(d -> Files.isRegularFile(d.resolve("manifest.json")))
              .findFirst();
      stdout.println(card.style());
      stdout.printf(Locale.ROOT, "  painting  %s%n", card.title());
      stdout.printf(Locale.ROOT, "  model     %s (version %s)%n", card.id(), card.version());
      stdout.printf(
          Locale.ROOT,
          "  weights   %s%n",
          found
              .map(p -> p.toAbsolutePath() + " (checked when used)")
              .orElse(
                  packaged(card)
                      ? "packaged (dev.pictor:pictor-style-models, checked when used)"
                      : "not found in the model directories; get them from " + card.url()));
      stdout.printf(Locale.ROOT, "  license   %s%n", card.license());
      stdout.printf(Locale.ROOT, "  source    %s%n", card.url());
    }
    stdout.flush();
    return PictorCli.OK;
  }
}
