package dev.pictor;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where and how models run, shared by every options type: the device, the threads per run and an
 * extra model directory. Immutable and thread-safe; start from {@link #defaults()}.
 *
 * <pre>{@code
 * RuntimeSettings gpu = RuntimeSettings.defaults().withDevice(ExecutionDevice.cuda(0));
 * FaceAnalyzer analyzer = Pictor.faceAnalyzer(AnalyzerOptions.defaults().withRuntime(gpu));
 * }</pre>
 *
 * @param device where to run (default the CPU)
 * @param intraOpThreads threads per run; 0 lets the runtime choose (one per core), at most {@link
 *     ExecutionDevice#MAX_THREADS}
 * @param modelDirectory a model directory searched before the standard ones and the packaged
 *     models, if present
 */
public record RuntimeSettings(
    ExecutionDevice device, int intraOpThreads, Optional<Path> modelDirectory) {

  public RuntimeSettings {
    if (device == null) {
      throw new IllegalArgumentException("device must not be null");
    }
    ExecutionDevice.checkThreads("intraOpThreads", intraOpThreads);
    if (modelDirectory == null) {
      throw new IllegalArgumentException("modelDirectory must not be null (use Optional.empty())");
    }
  }

  /** The CPU, threads chosen by the runtime, no extra model directory. */
  public static RuntimeSettings defaults() {
    return new RuntimeSettings(ExecutionDevice.cpu(), 0, Optional.empty());
  }

  /** These settings on another device. */
  public RuntimeSettings withDevice(ExecutionDevice other) {
    return new RuntimeSettings(other, intraOpThreads, modelDirectory);
  }

  /** These settings with another number of threads per run (0: the runtime's choice). */
  public RuntimeSettings withIntraOpThreads(int threads) {
    return new RuntimeSettings(device, threads, modelDirectory);
  }

  /** These settings with a model directory searched first; null for none. */
  public RuntimeSettings withModelDirectory(Path directory) {
    return new RuntimeSettings(device, intraOpThreads, Optional.ofNullable(directory));
  }
}
