package dev.pictor.onnx.store;

import dev.pictor.ModelException;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelKind;

/**
 * A model whose file content matched its card's sha256.
 *
 * @param card the model card
 * @param onnx the model file's bytes (shared, not copied: models are large)
 * @param location where the file was found, for messages
 */
public record VerifiedModel(ModelCard card, byte[] onnx, String location) {

  /**
   * Checks that this is a model of {@code kind} before a session is opened for it.
   *
   * @throws ModelException naming the model, its kind and the kind wanted, if they differ
   */
  public void requireKind(ModelKind kind) throws ModelException {
    if (card.kind() != kind) {
      throw new ModelException(
          "model "
              + card.id()
              + " at "
              + location
              + " is not a "
              + kind.jsonName()
              + ": its card says kind '"
              + card.kind().jsonName()
              + "'");
    }
  }
}
