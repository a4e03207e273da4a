package dev.pictor;

/**
 * Where a network runs: the CPU, or a CUDA GPU with a policy for when that GPU cannot be used.
 *
 * <p>{@link Policy#PREFER} falls back to the CPU and logs a WARN; {@link Policy#REQUIRE} fails with
 * {@link BackendUnavailableException} naming what is missing. Immutable and thread-safe.
 *
 * @param kind CPU or CUDA
 * @param deviceId CUDA device ordinal (0 for the CPU)
 * @param policy what to do when the device is unavailable (irrelevant for the CPU)
 */
public record ExecutionDevice(Kind kind, int deviceId, Policy policy) {

  /** The kind of processor. */
  public enum Kind {
    CPU,
    CUDA
  }

  /** What to do when the requested device cannot be used. */
  public enum Policy {
    /** Fall back to the CPU, with a WARN in the log. */
    PREFER,
    /** Fail with {@link BackendUnavailableException}. */
    REQUIRE
  }

  public ExecutionDevice {
    if (kind == null || policy == null) {
      throw new IllegalArgumentException("kind and policy must not be null");
    }
    if (deviceId < 0) {
      throw new IllegalArgumentException("deviceId must be >= 0, was " + deviceId);
    }
    if (kind == Kind.CPU && deviceId != 0) {
      throw new IllegalArgumentException("the CPU has device id 0, was " + deviceId);
    }
  }

  /**
   * The most threads per run that any Pictor options type accepts ({@code intraOpThreads}): more is
   * refused with an {@link IllegalArgumentException} rather than starting that many native threads.
   */
  public static final int MAX_THREADS = 256;

  /**
   * Checks a threads-per-run option: 0 (the runtime's default, one per core) to {@link
   * #MAX_THREADS}.
   *
   * @return {@code threads}
   * @throws IllegalArgumentException naming the option and the value otherwise
   */
  public static int checkThreads(String name, int threads) {
    if (threads < 0 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          name + " must be within 0.." + MAX_THREADS + " (0: one per core), was " + threads);
    }
    return threads;
  }

  /** The CPU. */
  public static ExecutionDevice cpu() {
    return new ExecutionDevice(Kind.CPU, 0, Policy.REQUIRE);
  }

  /** CUDA device {@code id}, falling back to the CPU (with a WARN) when it cannot be used. */
  public static ExecutionDevice cuda(int id) {
    return new ExecutionDevice(Kind.CUDA, id, Policy.PREFER);
  }

  /** CUDA device {@code id}; fails when it cannot be used. */
  public static ExecutionDevice requireCuda(int id) {
    return new ExecutionDevice(Kind.CUDA, id, Policy.REQUIRE);
  }

  @Override
  public String toString() {
    return kind == Kind.CPU ? "cpu" : "cuda:" + deviceId + " (" + policy + ")";
  }
}
