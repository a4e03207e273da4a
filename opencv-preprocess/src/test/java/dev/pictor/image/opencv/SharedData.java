package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Real images from the read-only shared folder beside the checkout. */
final class SharedData {
  private SharedData() {}

  /**
   * {@code <shared>/data}, where {@code <shared>} is the system property {@code pictor.shared.dir}.
   */
  static Path dataDir() {
    Path dir = Path.of(System.getProperty("pictor.shared.dir", "../../shared")).resolve("data");
    assertThat(dir).as("shared data folder (set -Dpictor.shared.dir)").isDirectory();
    return dir;
  }

  /** A 150x150 greyscale PNG face crop. */
  static Path amy1() {
    return dataDir().resolve("faces-tv/people/amy/amy1.png");
  }

  /** A 1024x768 colour JPEG photo. */
  static Path tubingen() {
    return dataDir().resolve("style/content/tubingen.jpg");
  }
}
