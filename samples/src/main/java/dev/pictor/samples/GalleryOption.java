package dev.pictor.samples;

import dev.pictor.face.GalleryException;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.SqliteGallery;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --gallery FILE} option: the SQLite file that holds the enrolled people, and how the
 * commands open it.
 *
 * <p>A picocli mixin: one instance per parsed command line, not thread-safe. The galleries it opens
 * belong to the caller, who closes them.
 */
final class GalleryOption {

  @Option(
      names = "--gallery",
      paramLabel = "FILE",
      required = true,
      description = {
        "The gallery: a SQLite file holding names and face embeddings (biometric data: keep it"
            + " private). It records the model that made its embeddings and is only used with"
            + " that model."
      })
  private Path file;

  /** The gallery file as given. */
  Path file() {
    return file;
  }

  /**
   * Opens an existing gallery, whatever model made it; the caller closes it.
   *
   * @throws GalleryException if the file is missing or not a usable Pictor gallery
   */
  SqliteGallery openExisting() throws GalleryException {
    return SqliteGallery.openExisting(file);
  }

  /**
   * Opens the gallery for the encoder of {@code card}, creating it (stamped with the card's model
   * id and embedding size) if the file does not exist; the caller closes it.
   *
   * @throws GalleryException if it cannot be created, is not a usable Pictor gallery, or was made
   *     by another model
   */
  SqliteGallery openOrCreate(ModelCard card) throws GalleryException {
    return SqliteGallery.open(file, card.id(), card.embeddingSize());
  }

  /**
   * Checks that {@code gallery} holds embeddings of the encoder of {@code card}.
   *
   * @throws InputException if it holds embeddings of another model
   */
  void requireModel(SqliteGallery gallery, ModelCard card) throws InputException {
    if (!gallery.modelId().equals(card.id())) {
      throw new InputException(
          "gallery "
              + file
              + " holds embeddings of model '"
              + gallery.modelId()
              + "', but faces are encoded with '"
              + card.id()
              + "'; embeddings of different models cannot be compared");
    }
  }
}
