package dev.pictor.style.fast.internal;

import dev.pictor.ModelException;
import dev.pictor.forge.FastStyleForge;
import dev.pictor.forge.FastStyleWeights;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.PackagedFolder;
import dev.pictor.style.fast.FastStyleCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a style's weights in the model directories, then on the class path ({@code
 * pictor-style-models}), verifies every file against its card and forges the ONNX model in memory.
 * Stateless and thread-safe.
 */
public final class StyleNetworks {
  private static final Logger LOG = LoggerFactory.getLogger(StyleNetworks.class);

  private StyleNetworks() {}

  /**
   * A forged network.
   *
   * @param onnx the ONNX model bytes
   * @param location the weights folder it was made from (a path, or {@code classpath:...})
   */
  public record Forged(byte[] onnx, String location) {}

  /**
   * Locates, verifies and converts the weights of {@code card}.
   *
   * @param directories model directories, searched in order before the class path; the first one
   *     holding the style's manifest is used (a corrupt file there is an error, not a reason to
   *     look further)
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
      Optional<PackagedFolder> packaged =
          PackagedFolder.copy(
              StyleNetworks.class.getClassLoader(), card.directory(), packagedNames(card));
      if (packaged.isPresent()) {
        try (PackagedFolder folder = packaged.get()) {
          return forge(card, folder.path(), folder.location());
        }
      }
      searched.add("classpath:" + ModelStore.RESOURCE_ROOT + card.directory());
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
              + " environment variable PICTOR_MODEL_DIR, or ~/.cache/pictor/models), or add"
              + " the artifact dev.pictor:pictor-style-models.");
    }
    return forge(card, found, found.toString());
  }

  private static List<String> packagedNames(FastStyleCard card) {
    List<String> names = new ArrayList<>();
    names.add(FastStyleWeights.MANIFEST);
    card.files().keySet().stream()
        .filter(n -> !n.equals(FastStyleWeights.MANIFEST))
        .forEach(names::add);
    return names;
  }

  private static Forged forge(FastStyleCard card, Path found, String location)
      throws ModelException {
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
        location,
        onnx.length,
        (System.nanoTime() - start) / 1_000_000);
    return new Forged(onnx, location);
  }
}
