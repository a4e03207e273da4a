package dev.pictor.onnx.support;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import dev.pictor.BackendUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's ONNX Runtime environment, obtained the one safe way: every Pictor class that needs
 * an {@link OrtEnvironment} takes it from {@link #environment()}.
 *
 * <p>Before the environment is created, the ONNX Runtime version on the class path is checked:
 * releases from 1.29 on start a telemetry client inside environment creation that writes a device
 * id under {@code ~/.cache/Microsoft}, uploads usage events and crashes the JVM when the command
 * line is long (more than about 4 KB). Only the environment variable {@value #OPT_OUT_VARIABLE}=1,
 * set before the JVM starts, stops it; without it such a version is refused with a {@link
 * BackendUnavailableException} instead of crashing. Once created, the environment's own telemetry
 * switch (used by ONNX Runtime's Windows builds) is turned off.
 *
 * <p><b>Threads.</b> By default every session has its own intra-op thread pool ({@link
 * SessionFactory}). With the system property {@value #SHARED_THREADS_PROPERTY} set to a thread
 * count N when ONNX Runtime is first used, the environment is created with one global pool of N
 * spinning threads and every session opened by {@link SessionFactory} runs on it ({@code
 * disablePerSessionThreads}): the detector, landmarker and encoder of a pipeline hand the same warm
 * threads to each other instead of waking cold ones or fighting another session's idle spinners.
 * ONNX Runtime allows one environment per process and fixes its pools when it creates it, so this
 * is a process-wide choice made by whoever starts the JVM, read once; if ONNX Runtime was already
 * started by other code, or the value is not a thread count, sessions keep their own pools and a
 * WARN says why.
 *
 * <p>Thread-safe and free of mutable state: the environment is made by a holder class's
 * initialiser, which the JVM runs once; the environment itself is never closed (it lives as long as
 * the process, as ONNX Runtime intends).
 */
public final class OrtRuntime {
  /** The environment variable that turns off the telemetry of ONNX Runtime 1.29 and later. */
  public static final String OPT_OUT_VARIABLE = "ORT_DISABLE_TELEMETRY";

  /** System property: the size of one global ONNX Runtime thread pool shared by all sessions. */
  public static final String SHARED_THREADS_PROPERTY = "pictor.onnx.sharedThreads";

  private static final Logger LOG = LoggerFactory.getLogger(OrtRuntime.class);

  private OrtRuntime() {}

  /**
   * Whether sessions run on ONNX Runtime's global thread pool (see the class comment).
   *
   * @throws BackendUnavailableException as {@link #environment()}
   */
  public static boolean sharedThreadPool() {
    Holder.check();
    return Holder.SHARED;
  }

  /**
   * The value of {@value #SHARED_THREADS_PROPERTY}: 0 when absent or blank.
   *
   * @throws IllegalArgumentException naming the property if it is not a positive integer
   */
  static int sharedThreads(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "system property "
            + SHARED_THREADS_PROPERTY
            + " must be a thread count >= 1, was '"
            + value
            + "'");
  }

  /**
   * The shared ONNX Runtime environment, telemetry off.
   *
   * @throws BackendUnavailableException if the ONNX Runtime on the class path would send telemetry
   *     (and may crash the JVM) when its environment is created
   */
  public static OrtEnvironment environment() {
    Holder.check();
    return Holder.ENVIRONMENT;
  }

  /**
   * Why an ONNX Runtime version cannot be used safely, or null if it can.
   *
   * @param version the runtime's version, such as {@code 1.28.0}; null when unknown (a repackaged
   *     jar without its manifest), which is taken as safe
   * @param optOut the value of {@value #OPT_OUT_VARIABLE}, null when unset
   */
  static String problem(String version, String optOut) {
    if (version == null || "1".equals(optOut)) {
      return null;
    }
    String[] parts = version.split("[.\\-]");
    int major;
    int minor;
    try {
      major = Integer.parseInt(parts[0]);
      minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    } catch (NumberFormatException e) {
      return null;
    }
    if (major == 1 && minor < 29 || major < 1) {
      return null;
    }
    return "ONNX Runtime "
        + version
        + " is on the class path: from 1.29 on, creating its environment starts a telemetry"
        + " client that writes a device id under ~/.cache/Microsoft, sends usage events and crashes"
        + " the JVM when the command line is longer than about 4 KB. Depend on"
        + " com.microsoft.onnxruntime:onnxruntime (or onnxruntime_gpu) 1.28.0, the version"
        + " pictor-onnx is tested with, or set "
        + OPT_OUT_VARIABLE
        + "=1 in the environment before the JVM starts";
  }

  private static final class Holder {
    /** Null when the runtime's version is safe to use, else why not. */
    static final String PROBLEM =
        problem(
            OrtEnvironment.class.getPackage().getImplementationVersion(),
            System.getenv(OPT_OUT_VARIABLE));

    private static final Created CREATED = create();

    static final OrtEnvironment ENVIRONMENT = CREATED == null ? null : CREATED.environment();

    /** Whether ENVIRONMENT was created with the global thread pool. */
    static final boolean SHARED = CREATED != null && CREATED.shared();

    static void check() {
      if (PROBLEM != null) {
        throw new BackendUnavailableException(PROBLEM);
      }
    }

    /** The environment and whether it has the global thread pool. */
    private record Created(OrtEnvironment environment, boolean shared) {}

    private static Created create() {
      if (PROBLEM != null) {
        return null;
      }
      int threads = 0;
      try {
        threads = sharedThreads(System.getProperty(SHARED_THREADS_PROPERTY));
      } catch (IllegalArgumentException e) {
        LOG.warn("{}; every session keeps its own threads", e.getMessage());
      }
      OrtEnvironment env = threads > 0 ? withGlobalPool(threads) : null;
      boolean shared = env != null;
      if (env == null) {
        env = OrtEnvironment.getEnvironment();
      }
      try {
        env.setTelemetry(false);
      } catch (OrtException e) {
        LOG.warn("ONNX Runtime refused to switch its telemetry off: {}", e.getMessage());
      }
      LOG.debug("ONNX Runtime {} environment created, telemetry off", env.getVersion());
      deleteExtractedLibraries();
      return new Created(env, shared);
    }

    /** The environment with one global pool of spinning threads, or null if it cannot be. */
    private static OrtEnvironment withGlobalPool(int threads) {
      try (OrtEnvironment.ThreadingOptions options = new OrtEnvironment.ThreadingOptions()) {
        options.setGlobalIntraOpNumThreads(threads);
        options.setGlobalInterOpNumThreads(1);
        options.setGlobalSpinControl(true);
        OrtEnvironment env =
            OrtEnvironment.getEnvironment(
                OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, OrtEnvironment.DEFAULT_NAME, options);
        LOG.debug("ONNX Runtime: one global pool of {} threads for every session", threads);
        return env;
      } catch (OrtException | IllegalStateException e) {
        LOG.warn(
            "{}={}: ONNX Runtime's environment could not be created with a global thread pool"
                + " ({}); every session keeps its own threads",
            SHARED_THREADS_PROPERTY,
            threads,
            e.getMessage());
        return null;
      }
    }
  }

  /**
   * Deletes the copies of ONNX Runtime's two native libraries that its loader extracted to a fresh
   * {@code onnxruntime-java*} folder in {@code java.io.tmpdir}. They are loaded (mapped) already,
   * so on Linux the files can go at once; ONNX Runtime itself only marks them for deletion at exit,
   * after the folder, so it leaves the folder behind (and 24 MB of libraries after a {@code kill
   * -9}). The folder stays for provider libraries extracted later (CUDA) and is removed at exit
   * once empty. The files are found through {@code /proc/self/maps}, so only this process's copies
   * are touched; elsewhere this does nothing.
   */
  static void deleteExtractedLibraries() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return;
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    Set<Path> copies = new TreeSet<>();
    try (Stream<String> lines = Files.lines(maps)) {
      lines
          .map(line -> line.indexOf('/') < 0 ? "" : line.substring(line.indexOf('/')))
          .filter(name -> name.endsWith(".so"))
          .map(Path::of)
          .filter(file -> isExtractedCopy(file, tmp))
          .forEach(copies::add);
    } catch (IOException | UncheckedIOException | InvalidPathException e) {
      LOG.debug("cannot read {}: {}", maps, e.toString());
      return;
    }
    for (Path copy : copies) {
      try {
        Files.deleteIfExists(copy);
        LOG.debug("deleted ONNX Runtime's extracted copy {}", copy);
      } catch (IOException e) {
        LOG.debug("cannot delete {} now (ONNX Runtime deletes it at exit): {}", copy, e.toString());
      }
    }
  }

  private static boolean isExtractedCopy(Path file, Path tmp) {
    Path folder = file.getParent();
    String name = file.getFileName().toString();
    return folder != null
        && tmp.equals(folder.getParent())
        && folder.getFileName().toString().startsWith("onnxruntime-java")
        && (name.equals(System.mapLibraryName("onnxruntime"))
            || name.equals(System.mapLibraryName("onnxruntime4j_jni")));
  }
}
