package dev.pictor.cli;

import dev.pictor.recognition.IdentificationEvaluator;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The {@code IMAGE...} arguments of a batch command, with folders expanded: a file stays as it is
 * (its content decides whether it is an image), a folder stands for the image files under it, at
 * any depth, sorted by path so every run sees the same order. Image files are the ones {@code
 * enroll --dir} takes ({@link IdentificationEvaluator#isImageName}: {@code .jpg}, {@code .jpeg},
 * {@code .png}, any case); hidden files and folders (names starting with {@code .}) and other files
 * are left out. Symbolic links are followed, a link back to a folder already on the way is not (no
 * loop). Stateless.
 */
final class ImageArguments {
  private ImageArguments() {}

  /**
   * The files to read, in order, and the folders that gave none or could not be read, each in one
   * line naming it (for {@link FailedInputs#report}).
   */
  record Expanded(List<Path> files, List<String> problems) {
    Expanded {
      files = List.copyOf(files);
      problems = List.copyOf(problems);
    }

    /** How many inputs there are: the files, and the folders that failed. */
    int inputs() {
      return files.size() + problems.size();
    }
  }

  /** Expands the folders among {@code arguments}, keeping the files and the order given. */
  static Expanded expand(List<Path> arguments) {
    List<Path> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path argument : arguments) {
      if (!Files.isDirectory(argument)) {
        files.add(argument);
        continue;
      }
      List<Path> found = new ArrayList<>();
      int problemsBefore = problems.size();
      try {
        Files.walkFileTree(
            argument,
            EnumSet.of(FileVisitOption.FOLLOW_LINKS),
            Integer.MAX_VALUE,
            new Collector(argument, found, problems));
      } catch (IOException e) {
        problems.add(argument + ": cannot list the folder: " + e.getMessage());
        continue;
      }
      if (found.isEmpty() && problems.size() == problemsBefore) {
        problems.add(argument + ": no image files (.jpg, .jpeg, .png) in the folder");
      }
      found.sort(null);
      files.addAll(found);
    }
    return new Expanded(files, problems);
  }

  /** Collects the image files of one folder tree. */
  private static final class Collector extends SimpleFileVisitor<Path> {
    private final Path root;
    private final List<Path> found;
    private final List<String> problems;

    Collector(Path root, List<Path> found, List<String> problems) {
      this.root = root;
      this.found = found;
      this.problems = problems;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
      boolean hidden = !dir.equals(root) && dir.getFileName().toString().startsWith(".");
      return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
      if (IdentificationEvaluator.isImageName(file)) {
        if (attributes.isRegularFile()) {
          found.add(file);
        } else if (attributes.isSymbolicLink()) {
          // Followed links arrive with their target's attributes: this one leads nowhere.
          problems.add(file + ": a symbolic link to a file that does not exist");
        }
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      if (!(e instanceof FileSystemLoopException)) {
        // An unreadable sub-folder or a broken link: reported, the rest is still read.
        problems.add(file + ": cannot be read: " + e.getMessage());
      }
      // A link back to a folder on the way: its images are listed once already.
      return FileVisitResult.CONTINUE;
    }
  }
}
