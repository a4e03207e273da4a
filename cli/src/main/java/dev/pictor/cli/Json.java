package dev.pictor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.Point;
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

  /**
   * Adds a detection to {@code node}: {@code "box":{"x":..,"y":..,"width":..,"height":..}}, {@code
   * "score":..} and {@code "landmarks":[[x,y],...]} (the five points in {@link
   * dev.pictor.face.Landmarks#points()} order), all in image pixels.
   */
  static void putDetection(ObjectNode node, DetectedFace face) {
    ObjectNode box = node.putObject("box");
    box.put("x", face.box().x());
    box.put("y", face.box().y());
    box.put("width", face.box().width());
    box.put("height", face.box().height());
    node.put("score", face.score());
    ArrayNode landmarks = node.putArray("landmarks");
    for (Point p : face.landmarks().points()) {
      landmarks.addArray().add(p.x()).add(p.y());
    }
  }
}
