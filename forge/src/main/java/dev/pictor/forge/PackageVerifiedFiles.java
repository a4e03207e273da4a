package dev.pictor.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.ModelException;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Build-time packaging of model files that no registry carries: copies each listed file from a
 * source folder (the shared model directory) into the classes folder of a model artifact, after
 * checking its sha256. Run by the {@code pictor-models} and {@code pictor-style-models} builds:
 *
 * <pre>PackageVerifiedFiles &lt;source-dir&gt; &lt;classes-dir&gt; &lt;list&gt;...</pre>
 *
 * <p>Each list is one of
 *
 * <ul>
 *   <li>a model card ({@code *.card.json}): its {@code file} with its {@code fileSha256};
 *   <li>a style card ({@code *.style.json}): every entry of {@code files} in its {@code directory};
 *   <li>a checksum list ({@code *.sha256}): lines {@code <sha256> <source path> [<target path>]}.
 * </ul>
 *
 * Model files land under {@value ModelStore#RESOURCE_ROOT} with the path they have in the source
 * folder; a checksum line can name another target (for license texts under {@code META-INF}). A
 * missing or different file stops the build with a message naming the file, the expected sha256 and
 * the folder searched. Stateless.
 */
public final class PackageVerifiedFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One file to package.
   *
   * @param source path relative to the source folder
   * @param target path relative to the classes folder
   * @param sha256 expected digest of the content
   */
  public record Entry(String source, String target, String sha256) {}

  private PackageVerifiedFiles() {}

  public static void main(String[] args) throws IOException, ModelException {
    if (args.length < 3) {
      System.err.println("usage: PackageVerifiedFiles <source-dir> <classes-dir> <list>...");
      System.exit(2);
    }
    Path source = Path.of(args[0]);
    Path classes = Path.of(args[1]);
    List<Entry> entries = new ArrayList<>();
    for (int k = 2; k < args.length; k++) {
      entries.addAll(entries(Path.of(args[k])));
    }
    long bytes = copy(source, classes, entries);
    System.out.printf(
        "packaged %d files (%.1f MB) from %s, sha256 checked%n",
        entries.size(), bytes / 1e6, source.toAbsolutePath());
  }

  /** The files a list names. */
  public static List<Entry> entries(Path list) throws IOException, ModelException {
    String name = list.getFileName().toString();
    if (name.endsWith(".sha256")) {
      return checksumLines(list);
    }
    JsonNode card = JSON.readTree(list.toFile());
    List<Entry> entries = new ArrayList<>();
    if (card.hasNonNull("file") && card.hasNonNull("fileSha256")) {
      String file = card.get("file").asText();
      entries.add(
          new Entry(file, ModelStore.RESOURCE_ROOT + file, card.get("fileSha256").asText()));
    } else if (card.hasNonNull("directory") && card.path("files").isObject()) {
      String dir = card.get("directory").asText();
      for (Iterator<Map.Entry<String, JsonNode>> it = card.get("files").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> file = it.next();
        String path = dir + "/" + file.getKey();
        entries.add(new Entry(path, ModelStore.RESOURCE_ROOT + path, file.getValue().asText()));
      }
    } else {
      throw new ModelException(
          list + ": neither a model card (file, fileSha256) nor a style card (directory, files)");
    }
    return entries;
  }

  private static List<Entry> checksumLines(Path list) throws IOException, ModelException {
    List<Entry> entries = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split("\\s+");
      if ((parts.length != 2 && parts.length != 3) || !parts[0].matches("[0-9a-f]{64}")) {
        throw new ModelException(
            list + ":" + number + ": expected '<sha256> <source path> [<target path>]'");
      }
      String target = parts.length == 3 ? parts[2] : ModelStore.RESOURCE_ROOT + parts[1];
      entries.add(new Entry(parts[1], target, parts[0]));
    }
    return entries;
  }

  /**
   * Checks and copies {@code entries}, replacing files already in place.
   *
   * @return the number of bytes packaged
   * @throws ModelException naming the first missing or different file
   */
  public static long copy(Path source, Path classes, List<Entry> entries)
      throws IOException, ModelException {
    long total = 0;
    for (Entry entry : entries) {
      Path from = source.resolve(entry.source());
      if (!Files.isRegularFile(from)) {
        throw new ModelException(
            "cannot package "
                + entry.source()
                + ": "
                + from.toAbsolutePath()
                + " does not exist (expected sha256 "
                + entry.sha256()
                + "). The build reads models that no registry carries from"
                + " ${pictor.shared.dir}/models (default ../shared/models beside the checkout);"
                + " see ../shared/README.md for the sources, or pass -Dpictor.shared.dir=DIR.");
      }
      String actual = Sha256.of(from);
      if (!actual.equals(entry.sha256())) {
        throw new ModelException(
            "cannot package "
                + entry.source()
                + ": "
                + from.toAbsolutePath()
                + " has sha256 "
                + actual
                + ", expected "
                + entry.sha256()
                + " (corrupt or another version; fetch it again from the source in"
                + " ../shared/README.md)");
      }
      Path to = classes.resolve(entry.target());
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      total += Files.size(to);
    }
    return total;
  }
}
