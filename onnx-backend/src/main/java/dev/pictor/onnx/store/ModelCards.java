package dev.pictor.onnx.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pictor.ModelException;
import dev.pictor.model.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@link ModelCard}s as JSON ({@code <id>.card.json}). Thread-safe. */
public final class ModelCards {
  /** Suffix of card files: {@code face-resnet128.card.json}. */
  public static final String SUFFIX = ".card.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ModelCards() {}

  /**
   * Parses a card.
   *
   * @param where names the source in error messages
   */
  public static ModelCard read(InputStream in, String where) throws ModelException {
    try {
      return JSON.readValue(in, ModelCard.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelException("invalid model card " + where + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code card} as indented JSON to {@code file}. */
  public static void write(ModelCard card, Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(card) + "\n");
  }
}
