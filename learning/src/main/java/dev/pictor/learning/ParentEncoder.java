package dev.pictor.learning;

import dev.pictor.ModelException;
import dev.pictor.learning.internal.EncoderGraphs;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelKind;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.VerifiedModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An encoder to fine-tune: its card, its verified ONNX file, and the split of its graph into the
 * trunk (up to the pooled features) and the final fully-connected layer (the head's starting
 * point). Works for encoders whose graph ends in one {@code MatMul} (the stock {@code
 * face-resnet128}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ParentEncoder {
  private final ModelCard card;
  private final EncoderGraphs.Parsed parsed;

  private ParentEncoder(ModelCard card, EncoderGraphs.Parsed parsed) {
    this.card = card;
    this.parsed = parsed;
  }

  /**
   * Resolves encoder {@code id} through the standard model store ({@link ModelStore#standard}).
   *
   * @param modelDirectory searched after the class path and before the default directories
   * @throws ModelException if the model is missing, corrupt, not an encoder, or its graph does not
   *     end in a fully-connected layer
   */
  public static ParentEncoder resolve(String id, Optional<Path> modelDirectory)
      throws ModelException {
    return of(ModelStore.standard(modelDirectory).resolve(id));
  }

  /**
   * The parent of a verified model.
   *
   * @throws ModelException if it is not an encoder or its graph does not end in a MatMul
   */
  public static ParentEncoder of(VerifiedModel model) throws ModelException {
    model.requireKind(ModelKind.ENCODER);
    ModelCard card = model.card();
    EncoderGraphs.Parsed parsed = EncoderGraphs.parse(model.onnx(), model.location());
    if (parsed.out() != card.encoder().embeddingSize()) {
      throw new ModelException(
          model.location()
              + ": final layer has "
              + parsed.out()
              + " outputs, the card says "
              + card.encoder().embeddingSize());
    }
    return new ParentEncoder(card, parsed);
  }

  /** The parent's card. */
  public ModelCard card() {
    return card;
  }

  /** Width of the pooled features (256 for face-resnet128). */
  public int featureSize() {
    return parsed.in();
  }

  /** Width of the embedding (128 for face-resnet128). */
  public int embeddingSize() {
    return parsed.out();
  }

  /** The final fully-connected weights, {@code [featureSize, embeddingSize]} row-major. */
  public float[] fcWeights() throws ModelException {
    return EncoderGraphs.fcWeights(parsed);
  }

  /** The trunk graph: the parent up to the pooled features, output {@code [N, featureSize]}. */
  byte[] trunk() {
    return EncoderGraphs.trunk(
        parsed, Map.of("pictor.trunk.of", card.id(), "pictor.trunk.of.sha256", card.fileSha256()));
  }

  /** The trunk followed by {@code head} and L2 normalisation. */
  byte[] withHead(EmbeddingHead head, Map<String, String> metadata) {
    return EncoderGraphs.fineTuned(parsed, head.fcWeights(), head.projectionWeights(), metadata);
  }
}
