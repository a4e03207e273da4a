package dev.pictor.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.style.fast.FastStyleOptions;
import dev.pictor.style.fast.FastStyleTransfer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A benchmark program (not JMH) that reports, per stylisation of a square photo, the wall time and
 * the CPU time of the whole process. On a shared machine the wall time depends on the other load;
 * the CPU time divided by the threads is about what the wall time would be on idle cores.
 *
 * <p>Arguments: {@code [threads] [runs] [sizes...]} (defaults: 2, 5, 512 1024). Style udnie; the
 * photo is {@code tubingen.jpg} resized to each size.
 */
public final class FastStyleTiming {
  private FastStyleTiming() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int[] sizes =
        args.length > 2
            ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {512, 1024};
    Path shared = Path.of(System.getProperty("pictor.shared.dir", "../shared"));
    RgbImage photo = Images.read(shared.resolve("data/style/content/tubingen.jpg"));
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (FastStyleTransfer transfer =
        FastStyleTransfer.open(
            FastStyleOptions.builder("udnie")
                .intraOpThreads(threads)
                .modelDirectory(shared.resolve("models"))
                .build())) {
      for (int size : sizes) {
        RgbImage content = FastStyleBenchmark.square(photo, size);
        transfer.stylize(content); // warm-up
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int r = 0; r < runs; r++) {
          long cpu0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          transfer.stylize(content);
          wall[r] = (System.nanoTime() - t0) / 1e9;
          cpu[r] = (os.getProcessCpuTime() - cpu0) / 1e9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(
            Locale.ROOT,
            "%dx%d, %d threads, %d runs: wall median %.2f s (min %.2f), process CPU median %.2f s"
                + " (CPU / threads %.2f s); system load %.1f%n",
            size,
            size,
            threads,
            runs,
            wall[runs / 2],
            wall[0],
            cpu[runs / 2],
            cpu[runs / 2] / threads,
            os.getSystemLoadAverage());
      }
    }
  }
}
