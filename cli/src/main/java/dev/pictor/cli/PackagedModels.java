package dev.pictor.cli;

import dev.pictor.ModelException;
import dev.pictor.model.ModelCard;
import dev.pictor.onnx.store.ModelCards;
import dev.pictor.onnx.store.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the model cards packaged on the class path (the {@code pictor-models} jar, or its classes
 * folder in a build): every {@code <id>.card.json} under {@value ModelStore#RESOURCE_ROOT}.
 *
 * <p>Pictor's API has no way to list models yet, so this reads the class path itself; it then loads
 * each card through the backend's {@link ModelStore}, which validates it. Stateless and
 * thread-safe.
 */
final class PackagedModels {
  private PackagedModels() {}

  /**
   * The packaged cards, sorted by id.
   *
   * @throws ModelException if the class path cannot be listed or a card is invalid
   */
  static List<ModelCard> cards() throws ModelException {
    ClassLoader loader = ModelStore.class.getClassLoader();
    SortedSet<String> ids = new TreeSet<>();
    try {
      for (URL root : Collections.list(loader.getResources(ModelStore.RESOURCE_ROOT))) {
        for (String name : namesIn(root)) {
          if (name.endsWith(ModelCards.SUFFIX)) {
            ids.add(name.substring(0, name.length() - ModelCards.SUFFIX.length()));
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ModelException(
          "cannot list the packaged models under " + ModelStore.RESOURCE_ROOT + ": " + e, e);
    }
    ModelStore store = ModelStore.standard(Optional.empty());
    List<ModelCard> cards = new ArrayList<>(ids.size());
    for (String id : ids) {
      cards.add(store.card(id));
    }
    return cards;
  }

  /** The names of the files directly in the class-path folder {@code root}. */
  private static List<String> namesIn(URL root) throws IOException {
    switch (root.getProtocol()) {
      case "file":
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
          return files.map(file -> file.getFileName().toString()).toList();
        } catch (URISyntaxException e) {
          throw new IOException("unexpected class-path URL " + root, e);
        }
      case "jar":
        URLConnection connection = root.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
          throw new IOException("unexpected connection " + connection + " for " + root);
        }
        // Not cached: this JarFile is ours to close.
        jarConnection.setUseCaches(false);
        String prefix = jarConnection.getEntryName();
        try (JarFile jar = jarConnection.getJarFile()) {
          return jar.stream()
              .map(entry -> entry.getName())
              .filter(name -> name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0)
              .map(name -> name.substring(prefix.length()))
              .filter(name -> !name.isEmpty())
              .toList();
        }
      default:
        throw new IOException("cannot list class-path folder " + root);
    }
  }
}
