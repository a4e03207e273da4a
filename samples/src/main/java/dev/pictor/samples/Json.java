package dev.pictor.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * The JSON output of the commands: one compact object on one line, easy to pipe into {@code jq}.
 * Thread-safe (Jackson's {@link ObjectMapper} is, once configured).
 */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** A new, empty object to fill. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Writes {@code node} and a line break to {@code out}. */
  static void print(PrintWriter out, ObjectNode node) {
    try {
      out.println(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises; failing here is a bug.
      throw new IllegalStateException("cannot write JSON output", e);
    }
    out.flush();
  }
}
