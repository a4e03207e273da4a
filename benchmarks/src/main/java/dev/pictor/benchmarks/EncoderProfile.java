package dev.pictor.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.VerifiedModel;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Times one packaged encoder's ONNX Runtime session alone (no packing, no normalisation) with the
 * session options Pictor uses ({@code SessionFactory}: all graph optimisations, {@code threads}
 * intra-op threads, spinning off) or variations of them, and optionally writes ONNX Runtime's
 * per-operator profile and the optimised graph. A measuring tool, not a benchmark with error bars:
 * it prints the median and quartiles of {@code runs} timed runs after {@code runs / 4} warm-up
 * runs, and the process's CPU time per run (all threads), which depends less on other processes
 * than the wall time does when those take cores away.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.pictor.benchmarks.EncoderProfile \
 *   MODEL_ID BATCH THREADS RUNS [opt=all|extended|basic|none] [spin=0|1] [profile=PREFIX]
 *   [optimized=FILE] [file=ONNX] [config=KEY:VALUE]...
 * </pre>
 *
 * <p>{@code file=} runs another ONNX file (e.g. a variant of the model's graph) with the model's
 * input size; {@code config=} adds an ONNX Runtime session configuration entry (e.g. {@code
 * config=session.dynamic_block_base:4}).
 */
public final class EncoderProfile {
  private EncoderProfile() {}

  /** CPU time of the whole process (all threads, ONNX Runtime's native ones included). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: EncoderProfile MODEL_ID BATCH THREADS RUNS [opt=all|extended|basic|none]"
              + " [spin=0|1] [profile=PREFIX] [optimized=FILE] [file=ONNX] [config=KEY:VALUE]...");
      System.exit(2);
    }
    String id = args[0];
    int batch = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    OrtSession.SessionOptions.OptLevel level = OrtSession.SessionOptions.OptLevel.ALL_OPT;
    String spin = "0";
    String profile = null;
    String optimized = null;
    String file = null;
    Map<String, String> config = new LinkedHashMap<>();
    for (int i = 4; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      switch (kv[0]) {
        case "opt" ->
            level =
                switch (kv[1]) {
                  case "all" -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
                  case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                  case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                  case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                  default -> throw new IllegalArgumentException("opt=" + kv[1]);
                };
        case "spin" -> spin = kv[1];
        case "profile" -> profile = kv[1];
        case "optimized" -> optimized = kv[1];
        case "file" -> file = kv[1];
        case "config" -> {
          String[] entry = kv[1].split(":", 2);
          config.put(entry[0], entry[1]);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    VerifiedModel model = ModelStore.standard(Optional.empty()).resolve(id);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(level);
      options.setIntraOpNumThreads(threads);
      options.addConfigEntry("session.intra_op.allow_spinning", spin);
      for (Map.Entry<String, String> e : config.entrySet()) {
        options.addConfigEntry(e.getKey(), e.getValue());
      }
      if (optimized != null) {
        options.setOptimizedModelFilePath(optimized);
      }
      if (profile != null) {
        options.enableProfiling(profile);
      }
      byte[] onnx = file == null ? model.onnx() : java.nio.file.Files.readAllBytes(Path.of(file));
      try (OrtSession session = env.createSession(onnx, options)) {
        String input = session.getInputNames().iterator().next();
        int h = model.card().input().height();
        int w = model.card().input().width();
        float[] data = new float[batch * 3 * h * w];
        Random random = new Random(1);
        for (int i = 0; i < data.length; i++) {
          data[i] = random.nextFloat() * 2 - 1;
        }
        long[] shape = {batch, 3, h, w};
        long[] nanos = new long[runs];
        long cpu0 = 0;
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape)) {
          for (int i = 0; i < runs / 4; i++) {
            session.run(Map.of(input, tensor)).close();
          }
          cpu0 = processCpuNanos();
          for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            session.run(Map.of(input, tensor)).close();
            nanos[i] = System.nanoTime() - t0;
          }
        }
        double cpuMs = (processCpuNanos() - cpu0) / 1e6 / runs;
        if (profile != null) {
          System.out.println("profile: " + session.endProfiling());
        }
        Arrays.sort(nanos);
        double median = nanos[runs / 2] / 1e6;
        System.out.printf(
            "%s batch %d threads %d opt %s spin %s: median %.3f ms per run (q1 %.3f, q3 %.3f),"
                + " %.1f faces/s; process CPU %.3f ms per run = %.3f ms per face%n",
            id,
            batch,
            threads,
            level,
            spin,
            median,
            nanos[runs / 4] / 1e6,
            nanos[3 * runs / 4] / 1e6,
            batch * 1000 / median,
            cpuMs,
            cpuMs / batch);
      }
    }
  }
}
