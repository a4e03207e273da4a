package dev.pictor.benchmarks;

import dev.pictor.face.FaceImage;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.ImageWriter;
import dev.pictor.image.opencv.Images;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleProgress;
import dev.pictor.style.StyleResult;
import dev.pictor.style.fast.FastStyleOptions;
import dev.pictor.style.fast.FastStyleTransfer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A benchmark program (not JMH, one run): stylises a 4000x3000 photo ({@code tubingen.jpg}
 * enlarged) with the default tiling and reports the wall time, the peak Java heap and the peak
 * resident set of the process (heap plus ONNX Runtime's and OpenCV's native memory), to check that
 * a large photo fits in a 2 GB heap plus native budget. Run it with {@code -Xmx2g}.
 *
 * <p>Arguments: {@code [style] [threads] [out.jpg]} (defaults: udnie, 2, no output file).
 */
public final class FastStyleLargePhoto {
  private FastStyleLargePhoto() {}

  public static void main(String[] args) throws Exception {
    String style = args.length > 0 ? args[0] : "udnie";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path shared = Path.of(System.getProperty("pictor.shared.dir", "../shared"));
    RgbImage photo = Images.read(shared.resolve("data/style/content/tubingen.jpg"));
    FaceImage big = Images.toFaceImage(photo, 4000, 3000);
    float[] floats = big.rgb();
    byte[] bytes = new byte[floats.length];
    for (int i = 0; i < floats.length; i++) {
      bytes[i] = (byte) Math.round(floats[i]);
    }
    floats = null;
    big = null;
    RgbImage content = new RgbImage(4000, 3000, bytes);
    bytes = null;
    System.gc();
    System.out.printf(
        Locale.ROOT,
        "max heap %d MB, %d processors, style %s, %d threads%n",
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors(),
        style,
        threads);
    try (FastStyleTransfer transfer =
        FastStyleTransfer.open(
            FastStyleOptions.builder(style)
                .intraOpThreads(threads)
                .modelDirectory(shared.resolve("models"))
                .build())) {
      StyleResult result =
          transfer.stylize(
              content,
              new StyleMonitor() {
                @Override
                public void onProgress(StyleProgress p) {
                  System.out.printf(
                      Locale.ROOT,
                      "tile %d/%d at %.1f s, resident %d MB%n",
                      p.step(),
                      p.totalSteps(),
                      p.elapsed().toMillis() / 1000.0,
                      residentMb("VmRSS"));
                }
              });
      System.out.printf(
          Locale.ROOT,
          "%dx%d in %d tiles: %.1f s; peak heap %d MB; peak resident set %d MB%n",
          result.image().width(),
          result.image().height(),
          result.steps(),
          result.elapsed().toMillis() / 1000.0,
          peakHeapMb(),
          residentMb("VmHWM"));
      if (args.length > 2) {
        ImageWriter.write(result.image(), Path.of(args[2]));
      }
    }
  }

  private static long peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }

  /** A memory line of /proc/self/status in MB (-1 where there is none, e.g. not on Linux). */
  private static long residentMb(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
