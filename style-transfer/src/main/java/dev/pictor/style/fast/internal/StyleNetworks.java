package dev.pictor.style.fast.internal;

import dev.pictor.ModelException;
import dev.pictor.onnx.forge.FastStyleForge;
import dev.pictor.onnx.forge.FastStyleWeights;
import dev.pictor.onnx.forge.TfjsWeights.Tensor;
import dev.pictor.style.fast.FastStyleCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a style's weights in the model directories, verifies every file against its card and forges
 * the ONNX model in memory. Stateless and thread-safe.
 */
public final class StyleNetworks {
  private static final Logger LOG = LoggerFactory.getLogger(StyleNetworks.class);

  private StyleNetworks() {}

  /**
   * A forged network.
   *
   * @param onnx the ONNX model bytes
   * @param location the weights folder it was made from
   */
  public record Forged(byte[] onnx, Path location) {}

  /**
   * Locates, verifies and converts the weights of {@code card}.
   *
   * @param directories model directories, searched in order; the first one holding the style's
   *     manifest is used (a corrupt file there is an error, not a reason to look further)
   * @throws ModelException naming the files, the places searched, the expected sha256 and the URL
   */
  public static Forged forge(FastStyleCard card, List<Path> directories) throws ModelException {
    Path found = null;
    List<String> searched = new ArrayList<>();
    for (Path dir : directories) {
      Path candidate = dir.resolve(card.directory());
      searched.add(candidate.toAbsolutePath().toString());
      if (Files.isRegularFile(candidate.resolve(FastStyleWeights.MANIFEST))) {
        found = candidate;
        break;
      }
    }
    if (found == null) {
      throw new ModelException(
          "Style '"
              + card.style()
              + "' (model "
              + card.id()
              + "): weights folder '"
              + card.directory()
              + "' not found. Looked in: "
              + String.join(", ", searched)
              + ". Expected "
              + card.files().size()
              + " files, "
              + FastStyleWeights.MANIFEST
              + " with sha256 "
              + card.files().get(FastStyleWeights.MANIFEST)
              + ". Get them from "
              + card.url()
              + " and put them in the model directory (system property pictor.model.dir,"
              + " environment variable PICTOR_MODEL_DIR, or ~/.cache/pictor/models).");
    }
    long start = System.nanoTime();
    Map<String, Tensor> weights = FastStyleWeights.read(found, card.files(), card.url());
    byte[] onnx =
        FastStyleForge.build(
                weights,
                Map.of(
                    "pictor.model.id", card.id(),
                    "pictor.style", card.style(),
                    "pictor.source", card.url(),
                    "pictor.license", card.license()))
            .toByteArray();
    LOG.debug(
        "style {}: verified {} files in {} and forged {} bytes of ONNX in {} ms",
        card.style(),
        card.files().size(),
        found,
        onnx.length,
        (System.nanoTime() - start) / 1_000_000);
    return new Forged(onnx, found);
  }
}
