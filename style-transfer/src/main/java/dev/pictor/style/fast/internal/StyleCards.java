package dev.pictor.style.fast.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.ModelException;
import dev.pictor.style.fast.FastStyleCard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged style cards: resources {@value #ROOT}{@code <style>.style.json}, listed in {@value
 * #ROOT}{@value #INDEX}. Stateless and thread-safe.
 */
public final class StyleCards {
  /** Class-path folder of the cards. */
  public static final String ROOT = "dev/pictor/style/fast/";

  /** The list of style names, one per line. */
  public static final String INDEX = "styles.txt";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StyleCards() {}

  /** The names of the packaged styles, in the index's order. */
  public static List<String> names() throws ModelException {
    List<String> names = new ArrayList<>();
    try (InputStream in = open(INDEX);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new ModelException("cannot read the style index classpath:" + ROOT + INDEX, e);
    }
    return List.copyOf(names);
  }

  /**
   * The card of {@code style}.
   *
   * @throws ModelException if there is no such style (the message lists the known ones) or its card
   *     is unreadable
   */
  public static FastStyleCard card(String style) throws ModelException {
    List<String> names = names();
    if (!names.contains(style)) {
      throw new ModelException(
          "unknown style '" + style + "'; the trained styles are " + String.join(", ", names));
    }
    String resource = style + ".style.json";
    try (InputStream in = open(resource)) {
      FastStyleCard card = JSON.readValue(in, FastStyleCard.class);
      if (!card.style().equals(style)) {
        throw new ModelException(
            "style card classpath:" + ROOT + resource + " is for '" + card.style() + "'");
      }
      return card;
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelException(
          "invalid style card classpath:" + ROOT + resource + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = StyleCards.class.getClassLoader().getResourceAsStream(ROOT + resource);
    if (in == null) {
      throw new IOException("resource classpath:" + ROOT + resource + " is missing");
    }
    return in;
  }
}
