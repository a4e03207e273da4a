package dev.pictor.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any work is done, that an output file named on the command line can be written: a
 * run of minutes should not end with "cannot write". Stateless.
 */
final class WritableOutput {
  private WritableOutput() {}

  /**
   * Checks that {@code file} can be created or replaced.
   *
   * @param option the option that named it, for the message (e.g. {@code --out})
   * @throws InputException naming the option and the file if it is a folder, or if it or its folder
   *     cannot be written
   */
  static void check(String option, Path file) throws InputException {
    Path target = file.toAbsolutePath();
    Path folder = target.getParent();
    if (Files.isDirectory(target)) {
      throw new InputException("cannot write " + option + " " + file + ": it is a folder");
    }
    if (folder != null && !Files.isDirectory(folder)) {
      throw new InputException(
          "cannot write " + option + " " + file + ": folder " + folder + " does not exist");
    }
    if (Files.exists(target) ? !Files.isWritable(target) : !Files.isWritable(folder)) {
      throw new InputException(
          "cannot write "
              + option
              + " "
              + file
              + ": "
              + (Files.exists(target) ? "the file" : "folder " + folder)
              + " is not writable (check its permissions)");
    }
  }
}
