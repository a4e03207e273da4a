package dev.pictor.cli;

import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.FusionPreset;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --gallery GALLERY} option: the SQLite file or the PostgreSQL URL that holds the
 * enrolled people (see {@link Galleries}), and how the commands open it.
 *
 * <p>A picocli mixin: one instance per parsed command line, not thread-safe. The galleries it opens
 * belong to the caller, who closes them.
 */
final class GalleryOption {

  @Option(
      names = "--gallery",
      paramLabel = "GALLERY",
      required = true,
      description = {
        "The gallery: a SQLite file, or a PostgreSQL database with pgvector"
            + " (postgresql://USER@HOST:PORT/DB?gallery=NAME or jdbc:postgresql://...; the"
            + " password from the URL, PGPASSWORD or the file named by PICTOR_PG_PASSWORD_FILE)."
            + " It holds names and face embeddings (biometric data: keep it private), records the"
            + " model that made its embeddings and is only used with that model."
      })
  private String location;

  /** The gallery as printed: the file, or the URL with any password masked. */
  String label() {
    return Galleries.label(location);
  }

  /**
   * Opens an existing gallery, whatever model made it; the caller closes it.
   *
   * @throws GalleryException if it is missing or not a usable Pictor gallery
   * @throws InputException if a URL is malformed
   */
  Gallery openExisting() throws GalleryException, InputException {
    try {
      return Galleries.openExisting(location);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    }
  }

  /**
   * Opens an existing gallery for reading only (a read-only file or folder is fine); the caller
   * closes it.
   *
   * @throws GalleryException if it is missing or not a usable Pictor gallery
   * @throws InputException if a URL is malformed
   */
  Gallery openForReading() throws GalleryException, InputException {
    try {
      return Galleries.openForReading(location);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    }
  }

  /**
   * Opens the gallery for the encoder of {@code card}, creating it (stamped with the card's model
   * id, embedding size and, in PostgreSQL, metric) if it does not exist; the caller closes it.
   *
   * @throws GalleryException if it cannot be created, is not a usable Pictor gallery, or was made
   *     by another model
   * @throws InputException if a URL is malformed
   */
  Gallery openOrCreate(ModelCard card) throws GalleryException, InputException {
    try {
      return Galleries.openOrCreate(
          location, card.id(), card.encoder().embeddingSize(), card.encoder().metric());
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    }
  }

  /**
   * Where the second gallery of a fusion ({@code --accuracy best}) lives: beside the SQLite file
   * GALLERY, with the second model's id before its extension ({@code people.db} -> {@code
   * people.mobilefacenet512.db}). Each gallery holds one model's embeddings; GALLERY holds the
   * first model's.
   *
   * @throws InputException if GALLERY is a PostgreSQL URL (a fusion uses SQLite files)
   */
  String secondLocation(FusionPreset preset) throws InputException {
    if (Galleries.isPostgres(location)) {
      throw new InputException(
          "--accuracy best keeps one SQLite gallery file per encoder: give a file, not a"
              + " PostgreSQL URL");
    }
    Path file = Path.of(location);
    String name = String.valueOf(file.getFileName());
    int dot = name.lastIndexOf('.');
    String second =
        dot > 0
            ? name.substring(0, dot) + "." + preset.secondModelId() + name.substring(dot)
            : name + "." + preset.secondModelId();
    return file.resolveSibling(second).toString();
  }

  /**
   * Opens the second gallery of a fusion ({@link #secondLocation}), creating it for the second
   * encoder if it does not exist; the caller closes it.
   *
   * @throws GalleryException if it cannot be created or opened, or was made by another model
   * @throws InputException if GALLERY is a PostgreSQL URL
   */
  Gallery openOrCreateSecond(FusionPreset preset) throws GalleryException, InputException {
    return Galleries.openOrCreate(
        secondLocation(preset), preset.secondModelId(), preset.secondSize(), preset.secondMetric());
  }

  /**
   * Opens the existing second gallery of a fusion for reading; the caller closes it.
   *
   * @throws GalleryException if it is missing or not a usable Pictor gallery
   * @throws InputException if GALLERY is a PostgreSQL URL, or the gallery holds another model's
   *     embeddings
   */
  Gallery openSecondForReading(FusionPreset preset) throws GalleryException, InputException {
    String second = secondLocation(preset);
    Gallery gallery = Galleries.openForReading(second);
    if (!gallery.modelId().equals(preset.secondModelId())) {
      String held = gallery.modelId();
      gallery.close();
      throw new InputException(
          "gallery "
              + second
              + " holds embeddings of model '"
              + held
              + "', not '"
              + preset.secondModelId()
              + "' as --accuracy best needs");
    }
    return gallery;
  }

  /**
   * Checks that {@code gallery} holds embeddings of the encoder of {@code card}.
   *
   * @throws InputException if it holds embeddings of another model
   */
  void requireModel(Gallery gallery, ModelCard card) throws InputException {
    if (!gallery.modelId().equals(card.id())) {
      throw new InputException(
          "gallery "
              + label()
              + " holds embeddings of model '"
              + gallery.modelId()
              + "', but faces are encoded with '"
              + card.id()
              + "'; embeddings of different models cannot be compared");
    }
  }
}
