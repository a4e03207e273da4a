package dev.pictor.forge;

import java.util.ArrayList;
import java.util.List;

/**
 * The convolution layers of VGG-19 (Simonyan and Zisserman) and their names: {@code conv<b>_<i>}
 * (the paper's, the i-th convolution of block b) and the Keras/TF.js prefix {@code
 * block<b>_conv<i>} that published weights use. Stateless.
 */
public final class VggLayers {
  /** Convolutions per block of VGG-19. */
  private static final int[] BLOCK_CONVS = {2, 2, 4, 4, 4};

  private VggLayers() {}

  /** Number of blocks (5). */
  public static int blocks() {
    return BLOCK_CONVS.length;
  }

  /** Convolutions in block {@code block} (0-based). */
  public static int convs(int block) {
    return BLOCK_CONVS[block];
  }

  /** The layer names {@code conv1_1} ... {@code conv5_4}, in network order. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (int b = 0; b < BLOCK_CONVS.length; b++) {
      for (int i = 1; i <= BLOCK_CONVS[b]; i++) {
        names.add("conv" + (b + 1) + "_" + i);
      }
    }
    return names;
  }

  /**
   * The TF.js/Keras name prefix of a layer, e.g. {@code block3_conv2} for {@code conv3_2}.
   *
   * @throws IllegalArgumentException for an unknown layer
   */
  public static String kerasName(String layer) {
    check(layer);
    return "block" + layer.charAt(4) + "_conv" + layer.substring(6);
  }

  /**
   * Checks that {@code layer} is a VGG-19 convolution layer name.
   *
   * @throws IllegalArgumentException naming the layer and the known ones otherwise
   */
  public static void check(String layer) {
    if (layer == null || !names().contains(layer)) {
      throw new IllegalArgumentException("unknown VGG-19 layer '" + layer + "'; known: " + names());
    }
  }
}
