package dev.pictor.onnx.store;

import dev.pictor.model.ModelCard;

/**
 * A model whose file content matched its card's sha256.
 *
 * @param card the model card
 * @param onnx the model file's bytes (shared, not copied: models are large)
 * @param location where the file was found, for messages
 */
public record VerifiedModel(ModelCard card, byte[] onnx, String location) {}
