package dev.pictor;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What every options builder takes for the runtime, with the same setters in each: the device, the
 * number of CPU threads and a model directory (see {@link RuntimeSettings}). The builders of {@code
 * EncoderOptions}, {@code DetectorOptions}, {@code LandmarkerOptions}, {@code FastStyleOptions} and
 * {@code GatysOptions} extend it; the options they build check the values. Not thread-safe.
 *
 * @param <B> the concrete builder, which every setter returns
 */
public abstract class RuntimeOptionsBuilder<B extends RuntimeOptionsBuilder<B>> {
  private ExecutionDevice device = ExecutionDevice.cpu();
  private int intraOpThreads;
  private Path modelDirectory;

  /** For the builders of options; the device starts as the CPU, threads as 0, no directory. */
  protected RuntimeOptionsBuilder() {}

  /** Sets the device, threads and model directory at once. */
  public final B runtime(RuntimeSettings settings) {
    this.device = settings.device();
    this.intraOpThreads = settings.intraOpThreads();
    this.modelDirectory = settings.modelDirectory().orElse(null);
    return self();
  }

  /** Where to run (default the CPU). */
  public final B device(ExecutionDevice device) {
    this.device = device;
    return self();
  }

  /** CPU threads per call; 0 (the default) lets the runtime choose, one per core. */
  public final B intraOpThreads(int threads) {
    this.intraOpThreads = threads;
    return self();
  }

  /** A model directory searched before the default ones; {@code null} (the default) for none. */
  public final B modelDirectory(Path directory) {
    this.modelDirectory = directory;
    return self();
  }

  /** The device set so far (not checked yet). */
  protected final ExecutionDevice device() {
    return device;
  }

  /** The thread count set so far (not checked yet). */
  protected final int intraOpThreads() {
    return intraOpThreads;
  }

  /** The model directory set so far, if any. */
  protected final Optional<Path> modelDirectory() {
    return Optional.ofNullable(modelDirectory);
  }

  /** This builder, as its own type. */
  protected abstract B self();
}
