package dev.pictor.cli;

import dev.pictor.recognition.LfwPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the {@code train} commands share: reading an LFW pairs file as training or test data, with
 * errors that name the file. Stateless.
 */
final class TrainData {
  private TrainData() {}

  /**
   * The pairs of {@code file}.
   *
   * @throws InputException naming the file if it cannot be read or parsed
   */
  static LfwPairs pairs(Path file) throws InputException {
    try {
      return LfwPairs.read(file);
    } catch (IOException e) {
      throw new InputException("cannot use pairs file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The distinct images of the pairs, sorted. */
  static List<String> images(LfwPairs pairs) {
    TreeSet<String> images = new TreeSet<>();
    for (LfwPairs.Pair p : pairs.pairs()) {
      images.add(p.firstImage());
      images.add(p.secondImage());
    }
    return new ArrayList<>(images);
  }

  /**
   * Checks that {@code dir} is a folder.
   *
   * @throws InputException naming it otherwise
   */
  static Path imageRoot(Path dir) throws InputException {
    if (!Files.isDirectory(dir)) {
      throw new InputException("--images " + dir + " is not a folder");
    }
    return dir;
  }
}
