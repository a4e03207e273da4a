package dev.pictor.style.fast;

import java.util.Map;
import java.util.TreeMap;

/**
 * What Pictor knows about one trained style network: its identity, where its weights come from,
 * their license, and the sha256 of every source file. The cards are packaged with {@code
 * pictor-style}; the weights are not (they are not on a package registry) and are read from the
 * model directory, under {@link #directory()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id model id, for example {@code fast-style-udnie}
 * @param style the style name users choose, for example {@code udnie}
 * @param title the painting the network was trained on
 * @param version version of this card and conversion
 * @param directory folder of the weights relative to a model directory
 * @param url canonical place to get the weights
 * @param architecture what network the weights belong to
 * @param license license of the weights
 * @param files file name (in {@code directory}) to sha256 (hex) of every source file
 */
public record FastStyleCard(
    String id,
    String style,
    String title,
    String version,
    String directory,
    String url,
    String architecture,
    String license,
    Map<String, String> files) {

  public FastStyleCard {
    for (String[] field :
        new String[][] {
          {"id", id},
          {"style", style},
          {"title", title},
          {"version", version},
          {"directory", directory},
          {"url", url},
          {"architecture", architecture},
          {"license", license}
        }) {
      if (field[1] == null || field[1].isBlank()) {
        throw new IllegalArgumentException("style card field '" + field[0] + "' must not be blank");
      }
    }
    if (files == null || files.isEmpty()) {
      throw new IllegalArgumentException("style card '" + id + "' lists no files");
    }
    files.forEach(
        (name, sha) -> {
          if (sha == null || !sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                "style card '" + id + "': sha256 of " + name + " must be 64 lowercase hex digits");
          }
        });
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
  }
}
