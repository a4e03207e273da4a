package dev.pictor.face;

import dev.pictor.ExecutionDevice;
import dev.pictor.RuntimeOptionsBuilder;
import dev.pictor.RuntimeSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to open a {@link FaceEncoder}: which model, on which device, with how many threads.
 * Immutable; build with {@link #builder()}.
 *
 * @param modelId id of the model card to load (default {@value #DEFAULT_MODEL_ID})
 * @param device where to run (default the CPU)
 * @param intraOpThreads CPU threads per call, T; 0 lets the runtime choose (one per core). A batch
 *     of at least T faces runs as T one-thread runs at once (faster than one run split across T
 *     threads), a smaller one as one run on T threads
 * @param maxBatchSize the largest batch sent to the network in one run
 * @param modelDirectory a model directory searched before the default ones, if present
 */
public record EncoderOptions(
    String modelId,
    ExecutionDevice device,
    int intraOpThreads,
    int maxBatchSize,
    Optional<Path> modelDirectory) {

  /** The stock encoder: face-api.js's dlib-style ResNet, 150x150 RGB in, 128-d out. */
  public static final String DEFAULT_MODEL_ID = "face-resnet128";

  public EncoderOptions {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    if (device == null) {
      throw new IllegalArgumentException("device must not be null");
    }
    ExecutionDevice.checkThreads("intraOpThreads", intraOpThreads);
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, was " + maxBatchSize);
    }
    if (modelDirectory == null) {
      throw new IllegalArgumentException("modelDirectory must not be null (use Optional.empty())");
    }
  }

  /** The stock model on the CPU. */
  public static EncoderOptions defaults() {
    return builder().build();
  }

  /** The device, threads and model directory of these options. */
  public RuntimeSettings runtime() {
    return new RuntimeSettings(device, intraOpThreads, modelDirectory);
  }

  /** These options with another device, thread count and model directory. */
  public EncoderOptions withRuntime(RuntimeSettings settings) {
    return new EncoderOptions(
        modelId,
        settings.device(),
        settings.intraOpThreads(),
        maxBatchSize,
        settings.modelDirectory());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link EncoderOptions}; not thread-safe. */
  public static final class Builder extends RuntimeOptionsBuilder<Builder> {
    private String modelId = DEFAULT_MODEL_ID;
    private int maxBatchSize = 32;

    private Builder() {}

    public Builder modelId(String modelId) {
      this.modelId = modelId;
      return this;
    }

    public Builder maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid value
     */
    public EncoderOptions build() {
      return new EncoderOptions(
          modelId, device(), intraOpThreads(), maxBatchSize, modelDirectory());
    }
  }
}
