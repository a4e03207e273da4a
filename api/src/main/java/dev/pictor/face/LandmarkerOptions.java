package dev.pictor.face;

import dev.pictor.ExecutionDevice;
import dev.pictor.RuntimeOptionsBuilder;
import dev.pictor.RuntimeSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to open a {@link FaceLandmarker}. Immutable; build with {@link #builder()}.
 *
 * <p>The landmark network was trained on boxes of another detector than Pictor's; {@code boxScale}
 * and {@code boxShiftDown} turn a detector box into the crop it expects. The defaults (1.2 and
 * 0.05) were chosen for YuNet boxes on LFW View 1 DevTrain images (docs/ACCURACY.md).
 *
 * @param modelId id of the model card to load (default {@value #DEFAULT_MODEL_ID})
 * @param device where to run (default the CPU)
 * @param intraOpThreads threads per run; 0 lets the runtime choose (one per core)
 * @param maxBatchSize the largest batch sent to the network in one run
 * @param modelDirectory a model directory searched before the default ones, if present
 * @param boxScale factor applied to the box's size about its centre, in (0, 4]
 * @param boxShiftDown downward shift of the box's centre, as a fraction of its height, in [-1, 1]
 */
public record LandmarkerOptions(
    String modelId,
    ExecutionDevice device,
    int intraOpThreads,
    int maxBatchSize,
    Optional<Path> modelDirectory,
    double boxScale,
    double boxShiftDown) {

  /** face-api.js's 68-point landmark network. */
  public static final String DEFAULT_MODEL_ID = "face-landmark68";

  public LandmarkerOptions {
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
    if (!(boxScale > 0 && boxScale <= 4)) {
      throw new IllegalArgumentException("boxScale must be in (0, 4], was " + boxScale);
    }
    if (!(boxShiftDown >= -1 && boxShiftDown <= 1)) {
      throw new IllegalArgumentException("boxShiftDown must be in [-1, 1], was " + boxShiftDown);
    }
  }

  /** The stock model on the CPU. */
  public static LandmarkerOptions defaults() {
    return builder().build();
  }

  /** The device, threads and model directory of these options. */
  public RuntimeSettings runtime() {
    return new RuntimeSettings(device, intraOpThreads, modelDirectory);
  }

  /** These options with another device, thread count and model directory. */
  public LandmarkerOptions withRuntime(RuntimeSettings settings) {
    return new LandmarkerOptions(
        modelId,
        settings.device(),
        settings.intraOpThreads(),
        maxBatchSize,
        settings.modelDirectory(),
        boxScale,
        boxShiftDown);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The crop the network gets for a detector box: scaled and shifted as these options say. */
  public Box cropFor(Box face) {
    double cx = face.x() + face.width() / 2.0;
    double cy = face.y() + face.height() / 2.0 + boxShiftDown * face.height();
    double w = face.width() * boxScale;
    double h = face.height() * boxScale;
    return new Box((float) (cx - w / 2), (float) (cy - h / 2), (float) w, (float) h);
  }

  /** Builder for {@link LandmarkerOptions}; not thread-safe. */
  public static final class Builder extends RuntimeOptionsBuilder<Builder> {
    private String modelId = DEFAULT_MODEL_ID;
    private int maxBatchSize = 32;
    private double boxScale = 1.2;
    private double boxShiftDown = 0.05;

    private Builder() {}

    public Builder modelId(String modelId) {
      this.modelId = modelId;
      return this;
    }

    public Builder maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    public Builder boxScale(double scale) {
      this.boxScale = scale;
      return this;
    }

    public Builder boxShiftDown(double shift) {
      this.boxShiftDown = shift;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid value
     */
    public LandmarkerOptions build() {
      return new LandmarkerOptions(
          modelId,
          device(),
          intraOpThreads(),
          maxBatchSize,
          modelDirectory(),
          boxScale,
          boxShiftDown);
    }
  }
}
