package dev.pictor.style.gatys;

import java.util.Arrays;
import java.util.Locale;

/**
 * A convolution layer of VGG-19, in network order: its cost uses the layer's ReLU output. {@link
 * #label()} is the paper's name ({@code conv3_2}: the second convolution of block 3), which the CLI
 * takes and the weight readers use ({@code dev.pictor.forge.VggLayers}, whose list this enum
 * matches; {@code VggLayerTest} keeps the two equal).
 */
public enum VggLayer {
  CONV1_1,
  CONV1_2,
  CONV2_1,
  CONV2_2,
  CONV3_1,
  CONV3_2,
  CONV3_3,
  CONV3_4,
  CONV4_1,
  CONV4_2,
  CONV4_3,
  CONV4_4,
  CONV5_1,
  CONV5_2,
  CONV5_3,
  CONV5_4;

  /** The paper's name, e.g. {@code conv3_2}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The block, 1..5. */
  public int block() {
    return name().charAt(4) - '0';
  }

  /**
   * The layer named {@code label} ({@code conv3_2}; case does not matter).
   *
   * @throws IllegalArgumentException naming the label and the known ones if there is none
   */
  public static VggLayer of(String label) {
    for (VggLayer layer : values()) {
      if (layer.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
        return layer;
      }
    }
    throw new IllegalArgumentException(
        "unknown VGG-19 layer '"
            + label
            + "'; known: "
            + Arrays.stream(values()).map(VggLayer::label).toList());
  }

  @Override
  public String toString() {
    return label();
  }
}
