package dev.pictor.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pictor embed}: prints the embedding of each face crop.
 *
 * <p>One instance per run; not thread-safe. The encoder is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "embed",
    description = {
      "Encodes face crops as L2-normalised embeddings, in batches.",
      "Prints per image its file, the model id and the first 4 of the embedding's values;"
          + " with --json, one JSON object with every value:",
      "  {\"model\":\"...\",\"embeddings\":[{\"file\":\"...\",\"embedding\":[...]},...]}",
      "",
      "Each IMAGE must be a crop of one face (no face detection yet); it is resized to the"
          + " model's input size (150x150 for the default model) as a whole, without alignment.",
      "Embeddings are biometric data: store and share them as carefully as the photos."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage error, or an image that cannot be read",
      "3:the model or device cannot be used, or a run failed"
    })
final class EmbedCommand implements Callable<Integer> {
  private static final int SHOWN_VALUES = 4;

  @Spec private CommandSpec spec;

  @Mixin private EncoderMixin encoding;

  @Option(
      names = "--json",
      description = "Print one JSON object with the full embeddings instead of text.")
  private boolean json;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Face crops (JPEG, PNG, ...).")
  private List<Path> images;

  @Override
  public Integer call() throws PictorException {
    PrintWriter out = spec.commandLine().getOut();
    try (FaceEncoder encoder = encoding.openEncoder()) {
      List<FaceEmbedding> embeddings = encoding.embed(encoder, images, spec.commandLine().getErr());
      if (json) {
        printJson(out, encoder.card().id(), embeddings);
      } else {
        printText(out, embeddings);
      }
    }
    return PictorCli.OK;
  }

  private void printText(PrintWriter out, List<FaceEmbedding> embeddings) {
    for (int i = 0; i < embeddings.size(); i++) {
      FaceEmbedding embedding = embeddings.get(i);
      float[] values = embedding.values();
      StringBuilder first = new StringBuilder();
      for (int v = 0; v < Math.min(SHOWN_VALUES, values.length); v++) {
        first.append(v == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", values[v]));
      }
      out.printf(
          Locale.ROOT,
          "%s  %s  [%s, ...] (%d values)%n",
          images.get(i),
          embedding.modelId(),
          first,
          values.length);
    }
    out.flush();
  }

  private void printJson(PrintWriter out, String modelId, List<FaceEmbedding> embeddings) {
    ObjectNode root = Json.object();
    root.put("model", modelId);
    ArrayNode list = root.putArray("embeddings");
    for (int i = 0; i < embeddings.size(); i++) {
      ObjectNode entry = list.addObject();
      entry.put("file", images.get(i).toString());
      ArrayNode values = entry.putArray("embedding");
      for (float value : embeddings.get(i).values()) {
        values.add(value);
      }
    }
    Json.print(out, root);
  }
}
