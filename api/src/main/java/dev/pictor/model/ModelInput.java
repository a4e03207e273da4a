package dev.pictor.model;

import java.util.List;

/**
 * How to feed a network: input size and pixel normalisation. Network input is {@code (pixel -
 * mean[c]) / std[c]} for pixels in 0..255 in {@link #channelOrder()}, laid out NCHW. Immutable.
 *
 * @param width network input width in pixels
 * @param height network input height in pixels
 * @param channelOrder the colour channel order the network takes
 * @param mean per-channel mean subtracted from 0..255 pixel values, in channel order
 * @param std per-channel divisor applied after the mean, in channel order
 */
public record ModelInput(
    int width, int height, ChannelOrder channelOrder, List<Float> mean, List<Float> std) {

  public ModelInput {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "input size must be positive, was " + width + "x" + height);
    }
    if (channelOrder == null) {
      throw new IllegalArgumentException("input channelOrder must be RGB or BGR");
    }
    mean = List.copyOf(mean == null ? List.of() : mean);
    std = List.copyOf(std == null ? List.of() : std);
    if (mean.size() != 3 || std.size() != 3) {
      throw new IllegalArgumentException("input mean and std need 3 values each");
    }
    if (mean.stream().anyMatch(m -> !Float.isFinite(m))) {
      throw new IllegalArgumentException("input mean values must be finite");
    }
    if (std.stream().anyMatch(s -> !(s > 0) || !Float.isFinite(s))) {
      throw new IllegalArgumentException("input std values must be positive");
    }
  }

  /** Whether the network wants RGB (else BGR) channel order. */
  public boolean wantsRgb() {
    return channelOrder == ChannelOrder.RGB;
  }

  /** Number of pixels in one input plane. */
  public int pixels() {
    return width * height;
  }
}
