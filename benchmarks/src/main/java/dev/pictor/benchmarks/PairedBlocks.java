package dev.pictor.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Paired throughput measurement of two ways to encode faces: short timed blocks of A and B
 * alternate (who goes first alternates too), so both see the same machine, and each pair gives one
 * ratio B/A. On a host whose clock and neighbours drift by 10-20% within a minute (see
 * docs/PERFORMANCE.md, "Caveats"), two runs measured a minute apart carry that drift; the median of
 * paired ratios does not. Reports medians, the median ratio with its distribution-free 95% interval
 * (order statistics of the ratios) and in how many pairs B was faster.
 */
final class PairedBlocks {

  /** One call that encodes {@code faces} faces. */
  @FunctionalInterface
  interface Block {
    void encode() throws Exception;
  }

  private final int pairs;
  private final double seconds;

  PairedBlocks(int pairs, double seconds) {
    if (pairs < 6 || !(seconds > 0)) {
      throw new IllegalArgumentException("need at least 6 pairs and a positive block length");
    }
    this.pairs = pairs;
    this.seconds = seconds;
  }

  /**
   * From a program's arguments: pairs per comparison (default 40), seconds per block (1). Prints
   * the machine's load, which the report should state.
   */
  static PairedBlocks fromArguments(String[] args) {
    PairedBlocks paired =
        new PairedBlocks(
            args.length > 0 ? Integer.parseInt(args[0]) : 40,
            args.length > 1 ? Double.parseDouble(args[1]) : 1.0);
    System.out.println("load at the start: " + load());
    return paired;
  }

  /** Measures A and B ({@code faces} faces per call) and prints one line named {@code label}. */
  void compare(String label, String nameA, Block a, String nameB, Block b, int faces)
      throws Exception {
    facesPerSecond(a, faces, Math.min(3, 3 * seconds)); // warm-up
    facesPerSecond(b, faces, Math.min(3, 3 * seconds));
    double[] first = new double[pairs];
    double[] second = new double[pairs];
    for (int p = 0; p < pairs; p++) {
      if (p % 2 == 0) {
        first[p] = facesPerSecond(a, faces, seconds);
        second[p] = facesPerSecond(b, faces, seconds);
      } else {
        second[p] = facesPerSecond(b, faces, seconds);
        first[p] = facesPerSecond(a, faces, seconds);
      }
    }
    double[] ratio = new double[pairs];
    int wins = 0;
    for (int i = 0; i < pairs; i++) {
      ratio[i] = second[i] / first[i];
      wins += ratio[i] > 1 ? 1 : 0;
    }
    Arrays.sort(ratio);
    int k = lowerRank(pairs); // the 95% interval of the median is [ratio[k-1], ratio[n-k]]
    System.out.printf(
        "%s, %d pairs of %.1f s: %s %.1f faces/s, %s %.1f faces/s (medians); %s/%s median %.3f,"
            + " 95%% interval %.3f-%.3f; %s faster in %d/%d%n",
        label,
        pairs,
        seconds,
        nameA,
        median(first),
        nameB,
        median(second),
        nameB,
        nameA,
        median(ratio),
        ratio[k - 1],
        ratio[pairs - k],
        nameB,
        wins,
        pairs);
  }

  private static double facesPerSecond(Block block, int faces, double seconds) throws Exception {
    Thread.sleep(50); // lets the other side's idle threads go to sleep first (not timed)
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long done = 0;
    long now;
    do {
      block.encode();
      done += faces;
      now = System.nanoTime();
    } while (now < end);
    return done / ((now - start) / 1e9);
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** The largest k with P(Binomial(n, 1/2) < k) <= 2.5%: the interval's lower order statistic. */
  static int lowerRank(int n) {
    double cumulative = 0;
    double term = Math.pow(0.5, n); // P(X = 0)
    int k = 0;
    while (cumulative + term <= 0.025) {
      cumulative += term;
      term = term * (n - k) / (k + 1);
      k++;
    }
    return Math.max(k, 1);
  }

  /** The 1-, 5- and 15-minute load, for the report. */
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
