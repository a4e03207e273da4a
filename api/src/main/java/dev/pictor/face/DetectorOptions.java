package dev.pictor.face;

import dev.pictor.ExecutionDevice;
import dev.pictor.RuntimeOptionsBuilder;
import dev.pictor.RuntimeSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to open and run a {@link FaceDetector}. Immutable; build with {@link #builder()}.
 *
 * @param modelId id of the detector's model card (default {@value #DEFAULT_MODEL_ID})
 * @param device where to run
 * @param intraOpThreads threads per run; 0 lets the runtime choose
 * @param scoreThreshold minimum face score in 0..1
 * @param nmsIouThreshold boxes overlapping a better one by more than this IoU are dropped
 * @param minFaceSize minimum box side in original-image pixels
 * @param maxInputSide photos whose longer side exceeds this are scaled down to it before detection
 *     (faces much smaller than {@code 10 * longerSide / maxInputSide} pixels may then be missed)
 * @param maxFaces the most faces returned for one image, best scores first (default {@value
 *     #DEFAULT_MAX_FACES}, at most {@value #MAX_FACES}): a bound on the work done for one photo,
 *     whatever the score threshold
 * @param modelDirectory a model directory searched before the default ones, if present
 */
public record DetectorOptions(
    String modelId,
    ExecutionDevice device,
    int intraOpThreads,
    float scoreThreshold,
    float nmsIouThreshold,
    float minFaceSize,
    int maxInputSide,
    int maxFaces,
    Optional<Path> modelDirectory) {

  /** YuNet-s with dynamic input size. */
  public static final String DEFAULT_MODEL_ID = "yunet-s";

  /** The most faces returned for one image unless told otherwise. */
  public static final int DEFAULT_MAX_FACES = 100;

  /** The largest {@code maxFaces} accepted. */
  public static final int MAX_FACES = 10_000;

  public DetectorOptions {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    if (device == null) {
      throw new IllegalArgumentException("device must not be null");
    }
    ExecutionDevice.checkThreads("intraOpThreads", intraOpThreads);
    if (!(scoreThreshold >= 0f && scoreThreshold <= 1f)) {
      throw new IllegalArgumentException(
          "scoreThreshold must be within 0..1, was " + scoreThreshold);
    }
    if (!(nmsIouThreshold > 0f && nmsIouThreshold <= 1f)) {
      throw new IllegalArgumentException(
          "nmsIouThreshold must be within (0, 1], was " + nmsIouThreshold);
    }
    if (!(minFaceSize >= 0f) || !Float.isFinite(minFaceSize)) {
      throw new IllegalArgumentException("minFaceSize must be >= 0, was " + minFaceSize);
    }
    if (maxInputSide < 32) {
      throw new IllegalArgumentException("maxInputSide must be >= 32, was " + maxInputSide);
    }
    if (maxFaces < 1 || maxFaces > MAX_FACES) {
      throw new IllegalArgumentException(
          "maxFaces must be within 1.." + MAX_FACES + ", was " + maxFaces);
    }
    if (modelDirectory == null) {
      throw new IllegalArgumentException("modelDirectory must not be null (use Optional.empty())");
    }
  }

  /** YuNet-s on the CPU with the default thresholds. */
  public static DetectorOptions defaults() {
    return builder().build();
  }

  /** The device, threads and model directory of these options. */
  public RuntimeSettings runtime() {
    return new RuntimeSettings(device, intraOpThreads, modelDirectory);
  }

  /** These options with another device, thread count and model directory. */
  public DetectorOptions withRuntime(RuntimeSettings settings) {
    return new DetectorOptions(
        modelId,
        settings.device(),
        settings.intraOpThreads(),
        scoreThreshold,
        nmsIouThreshold,
        minFaceSize,
        maxInputSide,
        maxFaces,
        settings.modelDirectory());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link DetectorOptions}; not thread-safe. */
  public static final class Builder extends RuntimeOptionsBuilder<Builder> {
    private String modelId = DEFAULT_MODEL_ID;
    private float scoreThreshold = 0.7f;
    private float nmsIouThreshold = 0.3f;
    private float minFaceSize = 0f;
    private int maxInputSide = 1024;
    private int maxFaces = DEFAULT_MAX_FACES;

    private Builder() {}

    public Builder modelId(String modelId) {
      this.modelId = modelId;
      return this;
    }

    public Builder scoreThreshold(float threshold) {
      this.scoreThreshold = threshold;
      return this;
    }

    public Builder nmsIouThreshold(float threshold) {
      this.nmsIouThreshold = threshold;
      return this;
    }

    public Builder minFaceSize(float pixels) {
      this.minFaceSize = pixels;
      return this;
    }

    public Builder maxInputSide(int pixels) {
      this.maxInputSide = pixels;
      return this;
    }

    public Builder maxFaces(int faces) {
      this.maxFaces = faces;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid value
     */
    public DetectorOptions build() {
      return new DetectorOptions(
          modelId,
          device(),
          intraOpThreads(),
          scoreThreshold,
          nmsIouThreshold,
          minFaceSize,
          maxInputSide,
          maxFaces,
          modelDirectory());
    }
  }
}
