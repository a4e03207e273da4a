package dev.pictor.style.fast;

import dev.pictor.ExecutionDevice;
import dev.pictor.RuntimeOptionsBuilder;
import dev.pictor.RuntimeSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to open a {@link FastStyleTransfer}: which style, on which device, at what size and strength,
 * and how large images are cut into tiles. Immutable; build with {@link #builder(String)}.
 *
 * @param style style name, one of {@link FastStyleTransfer#styles()} (for example {@code udnie})
 * @param device where to run (default the CPU)
 * @param intraOpThreads threads per run; 0 lets the runtime choose (one per core)
 * @param maxSide if positive, content whose longer side is larger is first shrunk (pixel-area
 *     averaging) so that its longer side is {@code maxSide}, and the result has that size; 0 (the
 *     default) keeps the content's size. The networks paint brush strokes of a fixed size in
 *     pixels, so a smaller image looks more stylised
 * @param strength how much of the stylised image is kept, from 0 (the content unchanged) to 1 (the
 *     network's output, the default); in between, {@code strength * stylised + (1 - strength) *
 *     content}, per pixel
 * @param tileSize content with a side larger than this is processed in overlapping tiles of at most
 *     {@code tileSize x tileSize} pixels (default {@value #DEFAULT_TILE_SIZE}), which bounds native
 *     memory; a multiple of 4 from {@value #MIN_TILE_SIZE} to {@value #MAX_TILE_SIZE}
 * @param tileOverlap the least number of pixels two neighbouring tiles share (default {@value
 *     #DEFAULT_TILE_OVERLAP}); the shared band is cross-faded linearly so that no seam shows; at
 *     least 0 and at most half the tile size
 * @param modelDirectory a model directory searched before the default ones, if present
 */
public record FastStyleOptions(
    String style,
    ExecutionDevice device,
    int intraOpThreads,
    int maxSide,
    double strength,
    int tileSize,
    int tileOverlap,
    Optional<Path> modelDirectory) {

  /** Default tile side: about 0.5 GB of native activations per tile. */
  public static final int DEFAULT_TILE_SIZE = 1024;

  /** Smallest tile side accepted. */
  public static final int MIN_TILE_SIZE = 64;

  /** Largest tile side accepted (one tile's input is then 768 MB of floats). */
  public static final int MAX_TILE_SIZE = 8192;

  /** Default overlap of neighbouring tiles. */
  public static final int DEFAULT_TILE_OVERLAP = 128;

  public FastStyleOptions {
    if (style == null || style.isBlank()) {
      throw new IllegalArgumentException("style must not be blank");
    }
    if (device == null) {
      throw new IllegalArgumentException("device must not be null");
    }
    ExecutionDevice.checkThreads("intraOpThreads", intraOpThreads);
    if (maxSide < 0) {
      throw new IllegalArgumentException("maxSide must be >= 0 (0: no limit), was " + maxSide);
    }
    if (!(strength >= 0 && strength <= 1)) {
      throw new IllegalArgumentException("strength must be in [0, 1], was " + strength);
    }
    if (tileSize < MIN_TILE_SIZE || tileSize > MAX_TILE_SIZE || tileSize % 4 != 0) {
      throw new IllegalArgumentException(
          "tileSize must be a multiple of 4 from "
              + MIN_TILE_SIZE
              + " to "
              + MAX_TILE_SIZE
              + ", was "
              + tileSize);
    }
    if (tileOverlap < 0 || tileOverlap > tileSize / 2) {
      throw new IllegalArgumentException(
          "tileOverlap must be in [0, tileSize / 2 = " + tileSize / 2 + "], was " + tileOverlap);
    }
    if (modelDirectory == null) {
      throw new IllegalArgumentException("modelDirectory must not be null (use Optional.empty())");
    }
  }

  /** Style {@code style} on the CPU with the defaults. */
  public static FastStyleOptions of(String style) {
    return builder(style).build();
  }

  /** A builder for style {@code style} with the defaults. */
  public static Builder builder(String style) {
    return new Builder(style);
  }

  /** The device, threads and model directory of these options. */
  public RuntimeSettings runtime() {
    return new RuntimeSettings(device, intraOpThreads, modelDirectory);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder(style);
    b.runtime(runtime());
    b.maxSide = maxSide;
    b.strength = strength;
    b.tileSize = tileSize;
    b.tileOverlap = tileOverlap;
    return b;
  }

  /**
   * Builder for {@link FastStyleOptions}; not thread-safe. Values are checked in {@link #build}.
   */
  public static final class Builder extends RuntimeOptionsBuilder<Builder> {
    private String style;
    private int maxSide = 0;
    private double strength = 1.0;
    private int tileSize = DEFAULT_TILE_SIZE;
    private int tileOverlap = DEFAULT_TILE_OVERLAP;

    private Builder(String style) {
      this.style = style;
    }

    public Builder style(String style) {
      this.style = style;
      return this;
    }

    public Builder maxSide(int maxSide) {
      this.maxSide = maxSide;
      return this;
    }

    public Builder strength(double strength) {
      this.strength = strength;
      return this;
    }

    public Builder tileSize(int tileSize) {
      this.tileSize = tileSize;
      return this;
    }

    public Builder tileOverlap(int tileOverlap) {
      this.tileOverlap = tileOverlap;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first bad value
     */
    public FastStyleOptions build() {
      return new FastStyleOptions(
          style,
          device(),
          intraOpThreads(),
          maxSide,
          strength,
          tileSize,
          tileOverlap,
          modelDirectory());
    }
  }
}
