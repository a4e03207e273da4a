package dev.pictor.onnx.store;

import dev.pictor.ModelException;
import dev.pictor.model.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a model id to its card and a verified copy of its file.
 *
 * <p>Search order, for the card ({@code <id>.card.json}) and then for the file the card names: each
 * model directory in order (an explicit one, the {@value #DIRECTORY_PROPERTY} system property, the
 * {@value #DIRECTORY_ENV} environment variable, {@code ~/.cache/pictor/models}), then the class
 * path under {@value #RESOURCE_ROOT} (the {@code pictor-models} and {@code pictor-style-models}
 * jars). A model directory thus overrides a packaged model and extends the packaged set; with no
 * directory at all the packaged models are used. The first file found is checked against the card's
 * sha256; a mismatch is an error, not a reason to look further.
 *
 * <p>Immutable and thread-safe: the directories are fixed at construction.
 */
public final class ModelStore {
  /** Class-path folder of packaged models. */
  public static final String RESOURCE_ROOT = "dev/pictor/models/";

  /** System property naming a model directory. */
  public static final String DIRECTORY_PROPERTY = "pictor.model.dir";

  /** Environment variable naming a model directory. */
  public static final String DIRECTORY_ENV = "PICTOR_MODEL_DIR";

  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

  private final ClassLoader classLoader;
  private final List<Path> directories;

  /**
   * @param classLoader where packaged models are looked up
   * @param directories model directories, searched in order before the class path
   */
  public ModelStore(ClassLoader classLoader, List<Path> directories) {
    this.classLoader = classLoader;
    this.directories = List.copyOf(directories);
  }

  /**
   * The standard store: {@code extra} if present, then the property, the environment variable (each
   * unless unset or blank) and the user cache, as they are now, then the class path.
   */
  public static ModelStore standard(Optional<Path> extra) {
    List<Path> dirs = new ArrayList<>();
    extra.ifPresent(dirs::add);
    Optional.ofNullable(System.getProperty(DIRECTORY_PROPERTY))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .ifPresent(dirs::add);
    Optional.ofNullable(System.getenv(DIRECTORY_ENV))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .ifPresent(dirs::add);
    dirs.add(Path.of(System.getProperty("user.home"), ".cache", "pictor", "models"));
    return new ModelStore(ModelStore.class.getClassLoader(), dirs);
  }

  /** The directories searched before the class path, in order. */
  public List<Path> directories() {
    return directories;
  }

  /** The card of model {@code id}. */
  public ModelCard card(String id) throws ModelException {
    String name = id + ModelCards.SUFFIX;
    Found found = find(name);
    if (found == null) {
      throw new ModelException(
          "Unknown model '"
              + id
              + "': no card "
              + name
              + " in "
              + String.join(", ", places(name))
              + ". Packaged models come with the artifact dev.pictor:pictor-models.");
    }
    try (InputStream in = found.open()) {
      ModelCard card = ModelCards.read(in, found.location);
      if (!card.id().equals(id)) {
        throw new ModelException(
            "model card " + found.location + " has id '" + card.id() + "', expected '" + id + "'");
      }
      return card;
    } catch (IOException e) {
      throw new ModelException("cannot read model card " + found.location, e);
    }
  }

  /** The card of model {@code id} and its file, verified against the card's sha256. */
  public VerifiedModel resolve(String id) throws ModelException {
    ModelCard card = card(id);
    Found found = find(card.file());
    if (found == null) {
      throw ModelException.missing(
          id, card.file(), places(card.file()), card.fileSha256(), card.url());
    }
    byte[] bytes;
    try (InputStream in = found.open()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ModelException("cannot read model file " + found.location, e);
    }
    String actual = Sha256.of(bytes);
    if (!actual.equals(card.fileSha256())) {
      throw ModelException.corrupt(
          id, card.file(), found.location, card.fileSha256(), actual, card.url());
    }
    LOG.debug("model {} resolved to {} (sha256 ok)", id, found.location);
    return new VerifiedModel(card, bytes, found.location);
  }

  private Found find(String relative) {
    for (Path dir : directories) {
      Path file = dir.resolve(relative);
      if (Files.isRegularFile(file)) {
        return new Found(file.toAbsolutePath().toString(), file, relative);
      }
    }
    if (classLoader.getResource(RESOURCE_ROOT + relative) != null) {
      return new Found("classpath:" + RESOURCE_ROOT + relative, null, relative);
    }
    return null;
  }

  private List<String> places(String relative) {
    List<String> places = new ArrayList<>();
    directories.forEach(d -> places.add(d.resolve(relative).toAbsolutePath().toString()));
    places.add("classpath:" + RESOURCE_ROOT + relative);
    return places;
  }

  private final class Found {
    final String location;
    final Path file;
    final String relative;

    Found(String location, Path file, String relative) {
      this.location = location;
      this.file = file;
      this.relative = relative;
    }

    InputStream open() throws IOException {
      if (file != null) {
        return Files.newInputStream(file);
      }
      InputStream in = classLoader.getResourceAsStream(RESOURCE_ROOT + relative);
      if (in == null) {
        throw new IOException("resource vanished: " + location);
      }
      return in;
    }
  }
}
