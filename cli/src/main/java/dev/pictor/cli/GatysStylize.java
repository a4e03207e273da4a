package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.ExecutionDevice;
import dev.pictor.ImageException;
import dev.pictor.PictorException;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.ImageWriter;
import dev.pictor.image.opencv.Images;
import dev.pictor.style.StyleProgress;
import dev.pictor.style.StyleResult;
import dev.pictor.style.gatys.GatysOptions;
import dev.pictor.style.gatys.GatysStyleTransfer;
import dev.pictor.style.gatys.VggLayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options and the run of {@code pictor stylize --style PAINTING}: neural style transfer by
 * optimisation (Gatys et al., {@link GatysStyleTransfer}). A picocli mixin, so the {@code stylize}
 * command only adds {@code --style} and calls {@link #run}.
 *
 * <p>One instance per run; not thread-safe. Opens one {@link GatysStyleTransfer} and closes it.
 */
final class GatysStylize {
  @Option(
      names = "--iterations",
      paramLabel = "N",
      defaultValue = "300",
      description = "With --style: optimisation steps per scale (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--alpha",
      paramLabel = "A",
      description = "With --style: weight of the content cost (default 10).")
  Double alpha;

  @Option(
      names = "--beta",
      paramLabel = "B",
      description = "With --style: weight of the style cost (default: see docs/GATYS.md).")
  Double beta;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "With --style: seed of the initial noise (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--optimizer",
      paramLabel = "NAME",
      defaultValue = "ADAM",
      description = "With --style: ADAM (default) or LBFGS.")
  GatysOptions.Optimizer optimizer;

  @Option(
      names = "--scales",
      paramLabel = "N,N",
      split = ",",
      description = {
        "With --style: optimise coarse to fine at these long sides, e.g. 256,512 (the last is the"
            + " output size; overrides --size)."
      })
  List<Integer> scales;

  @Option(
      names = "--preserve-colors",
      description = "With --style: transfer the style on luminance only, keep the photo's colours.")
  boolean preserveColors;

  @Option(
      names = "--snapshots",
      paramLabel = "DIR",
      description = "With --style: write the image every --snapshot-every steps to DIR.")
  Path snapshots;

  @Option(
      names = "--snapshot-every",
      paramLabel = "N",
      defaultValue = "50",
      description = "With --snapshots: steps between snapshots (default: ${DEFAULT-VALUE}).")
  int snapshotEvery;

  @Option(
      names = "--time-limit",
      paramLabel = "SECONDS",
      description = "With --style: stop after this many seconds with the best image so far.")
  Double timeLimit;

  @Option(
      names = "--vgg-onnx",
      paramLabel = "FILE",
      description = {
        "With --style: a full VGG-19 ONNX file (torchvision export) instead of the bundled blocks"
            + " 1-3 weights, for layers of blocks 4-5 (see docs/GATYS.md)."
      })
  Path vggOnnx;

  @Option(
      names = "--content-layer",
      paramLabel = "LAYER",
      description = "With --style: the content layer, e.g. conv3_2 (default) or conv4_2.")
  String contentLayer;

  @Option(
      names = "--style-layers",
      paramLabel = "L,L",
      split = ",",
      description =
          "With --style: style layers with equal weights (default conv1_1,conv2_1,conv3_1).")
  List<String> styleLayers;

  /** Default long side of the output when neither --size nor --scales is given. */
  static final int DEFAULT_SIZE = 256;

  /**
   * Stylises {@code content} in the style of the painting {@code style} and writes {@code out};
   * with {@code json}, prints the outcome as one JSON object.
   *
   * @return the exit code
   */
  int run(
      CommandSpec spec,
      Path style,
      Path content,
      Path out,
      Integer size,
      ExecutionDevice device,
      int threads,
      Path modelDirectory,
      boolean json)
      throws PictorException {
    GatysOptions options = options(spec, size, device, threads, modelDirectory);
    if (snapshots != null) {
      try {
        Files.createDirectories(snapshots);
      } catch (IOException e) {
        throw new ImageException("cannot create snapshot folder " + snapshots, e);
      }
    }
    RgbImage painting = Images.read(style);
    RgbImage photo = Images.read(content);
    StyleResult result;
    try (GatysStyleTransfer gatys = GatysStyleTransfer.open(painting, options);
        StyleProgressBar progress = new StyleProgressBar(Progress.of(spec), "stylizing", true)) {
      result = gatys.stylize(photo, progress);
    }
    ImageWriter.write(result.image(), out);
    PrintWriter stdout = spec.commandLine().getOut();
    // optimisation time only: from the first evaluation (after loading) to the last
    double perStep =
        (result.last().elapsed().toNanos() - result.initial().elapsed().toNanos())
            / 1e9
            / Math.max(1, result.steps());
    if (json) {
      ObjectNode node = Json.object();
      node.put("method", "gatys");
      node.put("out", out.toString());
      node.put("width", result.image().width());
      node.put("height", result.image().height());
      node.put("outcome", result.outcome().name());
      node.put("steps", result.steps());
      node.set("initial", costs(result.initial()));
      node.set("final", costs(result.last()));
      node.put("secondsPerStep", perStep);
      Json.print(stdout, node);
    } else {
      stdout.printf(
          Locale.ROOT,
          "%s: %dx%d, %d steps (%s), J %.4g -> %.4g, J_style %.4g -> %.4g, %.3f s/step%n",
          out,
          result.image().width(),
          result.image().height(),
          result.steps(),
          result.outcome().name().toLowerCase(Locale.ROOT),
          result.initial().totalCost(),
          result.last().totalCost(),
          result.initial().styleCost(),
          result.last().styleCost(),
          perStep);
      stdout.flush();
    }
    return PictorCli.OK;
  }

  private GatysOptions options(
      CommandSpec spec, Integer size, ExecutionDevice device, int threads, Path modelDirectory) {
    try {
      GatysOptions.Builder b =
          GatysOptions.builder()
              .iterations(iterations)
              .seed(seed)
              .optimizer(optimizer)
              .preserveColors(preserveColors)
              .device(device)
              .intraOpThreads(threads)
              .modelDirectory(modelDirectory)
              .vggOnnx(vggOnnx);
      if (contentLayer != null) {
        b.contentLayer(VggLayer.of(contentLayer));
      }
      if (styleLayers != null && !styleLayers.isEmpty()) {
        b.styleLayers(styleLayers.stream().map(VggLayer::of).toArray(VggLayer[]::new));
      }
      if (scales != null && !scales.isEmpty()) {
        b.sizes(scales);
      } else {
        b.size(size == null ? DEFAULT_SIZE : size);
      }
      if (alpha != null) {
        b.alpha(alpha);
      }
      if (beta != null) {
        b.beta(beta);
      }
      if (snapshots != null) {
        b.snapshotDirectory(snapshots).snapshotEvery(snapshotEvery);
      }
      if (timeLimit != null) {
        b.timeBudget(Duration.ofMillis(Math.round(timeLimit * 1000)));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "bad option: " + e.getMessage(), e);
    }
  }

  private static ObjectNode costs(StyleProgress p) {
    ObjectNode node = Json.object();
    node.put("step", p.step());
    node.put("J", p.totalCost());
    node.put("J_content", p.contentCost());
    node.put("J_style", p.styleCost());
    node.put("seconds", p.elapsed().toMillis() / 1000.0);
    return node;
  }
}
