package dev.pictor.onnx.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.ModelException;
import dev.pictor.face.DistanceMetric;
import dev.pictor.model.ChannelOrder;
import dev.pictor.model.DetectorSection;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.FeatureSection;
import dev.pictor.model.LandmarkerSection;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelInput;
import dev.pictor.model.ModelKind;
import dev.pictor.model.ModelSection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads and writes {@link ModelCard}s as JSON ({@code <id>.card.json}). Thread-safe.
 *
 * <p>A card file holds the header fields, {@code "input": {...}}, {@code "kind"} and one section
 * named after the kind ({@code "kind": "encoder", "encoder": {...}}). Unknown fields are refused.
 * Encoder cards in the flat layout that Pictor wrote before sections existed (top-level {@code
 * embeddingSize}, {@code metric}, {@code defaultThreshold}, ...; e.g. from an earlier {@code pictor
 * train triplet}) are still read; other cards in that layout are refused with a message saying so.
 */
public final class ModelCards {
  /** Suffix of card files: {@code face-resnet128.card.json}. */
  public static final String SUFFIX = ".card.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /**
   * The file layout: the header, then exactly the section that {@code kind} names (the other
   * sections are null and left out of the file).
   */
  private record CardFile(
      String id,
      String version,
      String kind,
      String file,
      String fileSha256,
      String url,
      ModelInput input,
      EncoderSection encoder,
      DetectorSection detector,
      LandmarkerSection landmarker,
      FeatureSection features,
      String weightsSource,
      String weightsSha256,
      String license) {

    static CardFile of(ModelCard c) {
      ModelSection s = c.section();
      return new CardFile(
          c.id(),
          c.version(),
          c.kind().jsonName(),
          c.file(),
          c.fileSha256(),
          c.url(),
          c.input(),
          s instanceof EncoderSection e ? e : null,
          s instanceof DetectorSection d ? d : null,
          s instanceof LandmarkerSection l ? l : null,
          s instanceof FeatureSection f ? f : null,
          c.weightsSource(),
          c.weightsSha256(),
          c.license());
    }

    ModelCard toCard() {
      if (kind == null) {
        throw new IllegalArgumentException("field 'kind' is required");
      }
      ModelKind wanted = ModelKind.ofJsonName(kind);
      List<ModelSection> present =
          Stream.of(encoder, detector, landmarker, features)
              .filter(s -> s != null)
              .map(ModelSection.class::cast)
              .toList();
      if (present.size() != 1 || present.get(0).kind() != wanted) {
        throw new IllegalArgumentException(
            "a card of kind '"
                + kind
                + "' needs exactly one section, '"
                + kind
                + "', had "
                + present.stream().map(s -> "'" + s.kind().jsonName() + "'").toList());
      }
      return new ModelCard(
          id,
          version,
          file,
          fileSha256,
          url,
          input,
          present.get(0),
          weightsSource,
          weightsSha256,
          license);
    }
  }

  /** The flat layout of cards written before sections; read for encoder cards only. */
  private record FlatCardFile(
      String id,
      String version,
      String file,
      String fileSha256,
      String url,
      int inputWidth,
      int inputHeight,
      ChannelOrder channelOrder,
      List<Float> mean,
      List<Float> std,
      List<Float> alignmentTemplate,
      List<Float> shapeTemplate,
      int embeddingSize,
      DistanceMetric metric,
      double defaultThreshold,
      String thresholdSource,
      String weightsSource,
      String weightsSha256,
      String license) {

    ModelCard toCard() {
      if (embeddingSize <= 0) {
        throw new IllegalArgumentException(
            "flat card layout (no 'kind') is read for encoders only; this card has no embedding:"
                + " write it with 'kind' and its section");
      }
      return new ModelCard(
          id,
          version,
          file,
          fileSha256,
          url,
          new ModelInput(inputWidth, inputHeight, channelOrder, mean, std),
          new EncoderSection(
              embeddingSize,
              metric,
              defaultThreshold,
              thresholdSource,
              alignmentTemplate,
              shapeTemplate),
          weightsSource,
          weightsSha256,
          license);
    }
  }

  private ModelCards() {}

  /**
   * Parses a card.
   *
   * @param where names the source in error messages
   */
  public static ModelCard read(InputStream in, String where) throws ModelException {
    try {
      JsonNode tree = JSON.readTree(in);
      if (tree == null || !tree.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      if (!tree.has("kind") && tree.has("embeddingSize")) {
        return JSON.treeToValue(tree, FlatCardFile.class).toCard();
      }
      return JSON.treeToValue(tree, CardFile.class).toCard();
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new ModelException("invalid model card " + where + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code card} as indented JSON to {@code file}. */
  public static void write(ModelCard card, Path file) throws IOException {
    ObjectNode tree = JSON.valueToTree(CardFile.of(card));
    List<String> absent = new ArrayList<>();
    tree.fieldNames()
        .forEachRemaining(
            name -> {
              if (tree.get(name).isNull()) {
                absent.add(name);
              }
            });
    tree.remove(absent);
    Files.writeString(file, JSON.writeValueAsString(tree) + "\n");
  }
}
