package dev.pictor.models.style;

import java.util.List;

/**
 * What this artifact carries, by the names {@code pictor-style} uses: the weights of the four
 * trained feed-forward styles and of VGG-19 blocks 1-3. Stateless.
 */
public final class StyleModels {
  /** Id of the VGG-19 card (blocks 1-3, the loss network of Gatys style transfer). */
  public static final String VGG19 = "vgg19-tfjs";

  private StyleModels() {}

  /** The names of the packaged feed-forward styles. */
  public static List<String> styles() {
    return List.of("udnie", "rain_princess", "scream", "wave");
  }
}
