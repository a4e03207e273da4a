package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pictor gallery list}: the enrolled people, with how many faces each has, and the model
 * that made them.
 *
 * <p>One instance per run; not thread-safe. The gallery is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "list",
    description = {
      "Lists the gallery: its model and embedding size, then one line per enrolled person (sorted"
          + " by name) with the number of faces enrolled for them.",
      "With --json: {\"gallery\":..,\"model\":..,\"embeddingSize\":..,"
          + "\"people\":[{\"name\":..,\"faces\":..}]}"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage error, or a gallery that is missing or cannot be used",
      "3:a run failed"
    })
final class GalleryListCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private GalleryOption galleryOption;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  @Override
  public Integer call() throws GalleryException, InputException {
    PrintWriter out = spec.commandLine().getOut();
    try (Gallery gallery = galleryOption.openForReading()) {
      // One consistent snapshot, rather than one query per name.
      List<Gallery.Enrolled> all = gallery.all();
      Map<String, Integer> faces = new TreeMap<>();
      all.forEach(e -> faces.merge(e.name(), 1, Integer::sum));
      if (json) {
        ObjectNode root = Json.object();
        root.put("gallery", galleryOption.label().toString());
        root.put("model", gallery.modelId());
        root.put("embeddingSize", Galleries.embeddingSize(gallery));
        ArrayNode people = root.putArray("people");
        faces.forEach((name, count) -> people.addObject().put("name", name).put("faces", count));
        Json.print(out, root);
      } else {
        out.printf(
            Locale.ROOT,
            "gallery %s: model %s (%d values per embedding), %d people, %d faces%n",
            galleryOption.label(),
            gallery.modelId(),
            Galleries.embeddingSize(gallery),
            faces.size(),
            all.size());
        faces.forEach((name, count) -> out.printf(Locale.ROOT, "%s  %d%n", name, count));
        out.flush();
      }
    }
    return PictorCli.OK;
  }
}
