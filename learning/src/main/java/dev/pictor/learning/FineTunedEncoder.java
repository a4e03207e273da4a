package dev.pictor.learning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.onnx.store.ModelCards;
import dev.pictor.onnx.store.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a fine-tuned encoder as a model directory that {@link dev.pictor.onnx.store.ModelStore}
 * (and so {@code Pictor.faceEncoder} with {@code EncoderOptions.modelDirectory}) can load:
 *
 * <ul>
 *   <li>{@code <id>.onnx}: the parent's trunk, the trained head and L2 normalisation, same input as
 *       the parent;
 *   <li>{@code <id>.card.json}: a card with the new id, the parent's input size, channel order,
 *       mean, std and alignment and shape templates, the new threshold, and the parent named in
 *       {@code weightsSource};
 *   <li>{@code <id>.training.json}: provenance that the card has no fields for: parent id and
 *       sha256, training data, options, the loss curve and the held-out numbers.
 * </ul>
 *
 * <p>Stateless.
 */
public final class FineTunedEncoder {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Suffix of the provenance file. */
  public static final String TRAINING_SUFFIX = ".training.json";

  private FineTunedEncoder() {}

  /**
   * What the card and the provenance file say about the training.
   *
   * @param id the new model id
   * @param trainingData what the head was trained on, in words (e.g. the pairs file and counts)
   * @param threshold the new default Euclidean threshold
   * @param thresholdSource how it was obtained
   * @param options the training options
   * @param result the training run
   * @param extra further entries for the provenance file (e.g. evaluation numbers), may be empty
   */
  public record Provenance(
      String id,
      String trainingData,
      double threshold,
      String thresholdSource,
      TrainingOptions options,
      TripletTrainer.Result result,
      Map<String, Object> extra) {
    public Provenance {
      if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
        throw new IllegalArgumentException(
            "model id must be lowercase letters, digits, '.', '_' or '-', was '" + id + "'");
      }
      if (!(threshold > 0) || Double.isInfinite(threshold)) {
        throw new IllegalArgumentException("threshold must be positive, was " + threshold);
      }
      extra = Map.copyOf(extra);
    }
  }

  /**
   * Writes the three files into {@code directory} (created if needed) and returns the card.
   *
   * @throws IOException if a file cannot be written
   */
  public static ModelCard export(
      ParentEncoder parent, EmbeddingHead head, Provenance p, Path directory) throws IOException {
    ModelCard base = parent.card();
    if (p.id().equals(base.id())) {
      throw new IllegalArgumentException(
          "the fine-tuned model needs an id other than its parent's");
    }
    Files.createDirectories(directory);
    byte[] onnx =
        parent.withHead(
            head,
            Map.of(
                "pictor.model.id", p.id(),
                "pictor.parent.id", base.id(),
                "pictor.parent.sha256", base.fileSha256(),
                "pictor.training", p.trainingData()));
    String file = p.id() + ".onnx";
    Files.write(directory.resolve(file), onnx);
    ModelCard card =
        new ModelCard(
            p.id(),
            "1.0.0",
            file,
            Sha256.of(onnx),
            "produced by pictor train triplet from " + base.id() + " (" + base.url() + ")",
            base.input(),
            new EncoderSection(
                head.outputSize(),
                base.encoder().metric(),
                p.threshold(),
                p.thresholdSource(),
                base.encoder().alignmentTemplate(),
                base.encoder().shapeTemplate()),
            "fine-tuned from "
                + base.id()
                + " (sha256 "
                + base.fileSha256()
                + "): "
                + (p.options().trainFc()
                    ? "final fully-connected layer and a new projection"
                    : "a new projection on the unchanged final fully-connected layer")
                + " trained with the triplet loss on "
                + p.trainingData()
                + "; loss curve in "
                + p.id()
                + TRAINING_SUFFIX,
            base.weightsSha256(),
            base.license() + "; fine-tuned on LFW (research benchmark)");
    ModelCards.write(card, directory.resolve(p.id() + ModelCards.SUFFIX));
    JSON.writeValue(directory.resolve(p.id() + TRAINING_SUFFIX).toFile(), provenance(base, p));
    return card;
  }

  private static Map<String, Object> provenance(ModelCard base, Provenance p) {
    TripletTrainer.Result r = p.result();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", p.id());
    out.put("parentModelId", base.id());
    out.put("parentSha256", base.fileSha256());
    out.put("trainingData", p.trainingData());
    out.put("trainPeople", r.trainPeople().size());
    out.put("trainImages", r.trainImages());
    out.put("heldOutPeople", r.heldOutPeople().size());
    out.put("heldOutImages", r.heldOutImages());
    out.put("options", p.options());
    out.put("bestEpoch", r.bestEpoch());
    out.put("heldOutBefore", value(r.heldOutBefore()));
    out.put("heldOutAfter", value(r.heldOutAfter()));
    List<Map<String, Object>> curve =
        r.curve().stream()
            .map(
                e -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("epoch", e.epoch());
                  m.put("trainLoss", e.trainLoss());
                  m.put("trainViolationFraction", e.trainViolationFraction());
                  m.put("heldOutLoss", e.heldOut().mean());
                  m.put("heldOutViolationFraction", e.heldOut().violationFraction());
                  m.put("heldOutPairAuc", e.heldOutAuc());
                  return m;
                })
            .toList();
    out.put("lossCurve", curve);
    out.put("threshold", p.threshold());
    out.put("thresholdSource", p.thresholdSource());
    out.putAll(p.extra());
    return out;
  }

  private static Map<String, Object> value(TripletLoss.Value v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("meanLoss", v.mean());
    m.put("triplets", v.triplets());
    m.put("violations", v.violations());
    m.put("violationFraction", v.violationFraction());
    return m;
  }
}
