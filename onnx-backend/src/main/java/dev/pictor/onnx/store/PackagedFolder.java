package dev.pictor.onnx.store;

import dev.pictor.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of model files packaged as class-path resources under {@value ModelStore#RESOURCE_ROOT}
 * (for example the style weights of {@code pictor-style-models}), copied into a temporary folder
 * for readers that take a {@link Path}. Works the same whether the resources sit in a jar, a nested
 * jar or a build folder. The copy is unverified: readers check each file's sha256 as they do for a
 * model directory.
 *
 * <p>{@link #close()} deletes the copy; it is idempotent. Not thread-safe: one reader at a time.
 */
public final class PackagedFolder implements AutoCloseable {
  private final Path path;
  private final String location;
  private boolean closed;

  private PackagedFolder(Path path, String location) {
    this.path = path;
    this.location = location;
  }

  /**
   * Copies the named files of a packaged folder.
   *
   * @param loader where to look for the resources
   * @param folder the folder below {@value ModelStore#RESOURCE_ROOT}, for example {@code
   *     fast-style-ml5/udnie}
   * @param names file names in the folder; the first one decides whether the folder is packaged at
   *     all, the others are copied when present (readers report the missing ones)
   * @return empty if the first file is not on the class path
   * @throws ModelException if the resources cannot be copied
   */
  public static Optional<PackagedFolder> copy(
      ClassLoader loader, String folder, Collection<String> names) throws ModelException {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no file names given for packaged folder " + folder);
    }
    String root = ModelStore.RESOURCE_ROOT + folder + "/";
    if (loader.getResource(root + names.iterator().next()) == null) {
      return Optional.empty();
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("pictor-model-");
      for (String name : names) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
          throw new IllegalArgumentException("not a plain file name: " + name);
        }
        try (InputStream in = loader.getResourceAsStream(root + name)) {
          if (in != null) {
            Files.copy(in, dir.resolve(name));
          }
        }
      }
      return Optional.of(new PackagedFolder(dir, "classpath:" + root));
    } catch (IOException | RuntimeException e) {
      delete(dir);
      throw new ModelException(
          "cannot copy the packaged model files classpath:" + root + " to a temporary folder", e);
    }
  }

  /** The temporary folder holding the copies. */
  public Path path() {
    return path;
  }

  /** Where the files came from, for messages: {@code classpath:dev/pictor/models/<folder>/}. */
  public String location() {
    return location;
  }

  /** Deletes the copy. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      delete(path);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(PackagedFolder::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      // A temporary folder left behind is not worth failing a model load for.
    }
  }

  private static void deleteOne(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
