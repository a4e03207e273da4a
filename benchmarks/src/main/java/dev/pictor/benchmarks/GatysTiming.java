package dev.pictor.benchmarks;

import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.style.StyleResult;
import dev.pictor.style.gatys.GatysOptions;
import dev.pictor.style.gatys.GatysStyleTransfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A benchmark program (not JMH) for Gatys style transfer: seconds per optimisation step (one
 * forward + backward pass of the cost graph and an Adam update) at the given sizes, then the peak
 * resident memory of a short run at a large size. Same network, costs and optimiser as {@code
 * tools/reference/gatys_torch.py}, which prints the PyTorch numbers to put beside these.
 *
 * <p>Arguments: {@code [threads] [steps] [peakSize] [sizes...]} (defaults: 2, 10, 1024, 256 512).
 * Content {@code tubingen.jpg}, style {@code starry_night.jpg}, default options otherwise.
 */
public final class GatysTiming {
  private GatysTiming() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int peakSize = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    int[] sizes = {256, 512};
    if (args.length > 3) {
      sizes = java.util.Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray();
    }
    Path shared = Path.of(System.getProperty("pictor.shared.dir", "../shared"));
    RgbImage content = Images.read(shared.resolve("data/style/content/tubingen.jpg"));
    RgbImage style = Images.read(shared.resolve("data/style/style/starry_night.jpg"));
    for (int size : sizes) {
      StyleResult r = run(content, style, size, steps, threads, shared);
      double perStep =
          (r.last().elapsed().toNanos() - r.initial().elapsed().toNanos()) / 1e9 / r.steps();
      System.out.printf(
          Locale.ROOT,
          "pictor %dx%d, %d threads: %.3f s/step mean over %d steps (setup + first evaluation"
              + " %.2f s), final J %.4g%n",
          r.image().width(),
          r.image().height(),
          threads,
          perStep,
          r.steps(),
          r.initial().elapsed().toNanos() / 1e9,
          r.last().totalCost());
    }
    if (peakSize > 0) {
      StyleResult r = run(content, style, peakSize, 2, threads, shared);
      System.out.printf(
          Locale.ROOT,
          "pictor %dx%d: peak RSS %s, %.2f s/step%n",
          r.image().width(),
          r.image().height(),
          peakRss(),
          (r.last().elapsed().toNanos() - r.initial().elapsed().toNanos()) / 1e9 / r.steps());
    }
  }

  private static StyleResult run(
      RgbImage content, RgbImage style, int size, int steps, int threads, Path shared)
      throws Exception {
    GatysOptions options =
        GatysOptions.builder()
            .size(size)
            .iterations(steps)
            .intraOpThreads(threads)
            .modelDirectory(shared.resolve("models"))
            .build();
    try (GatysStyleTransfer gatys = GatysStyleTransfer.open(style, options)) {
      return gatys.stylize(content, null);
    }
  }

  /** VmHWM from /proc (Linux), or "unknown". */
  private static String peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return (kb / 1024) + " MiB";
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }
}
