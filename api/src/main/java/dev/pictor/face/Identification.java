package dev.pictor.face;

import java.util.List;
import java.util.Optional;

/**
 * The answer to "who of the enrolled people is this, if anyone?".
 *
 * @param name the recognised person, or empty for UNKNOWN (nobody within the threshold)
 * @param candidates the nearest people, nearest first (at most the requested top-k)
 * @param threshold the threshold used
 * @param metric the metric used
 * @param modelId the encoder model
 */
public record Identification(
    Optional<String> name,
    List<Candidate> candidates,
    double threshold,
    DistanceMetric metric,
    String modelId) {

  public Identification {
    candidates = List.copyOf(candidates);
  }

  /** Whether someone was recognised. */
  public boolean recognised() {
    return name.isPresent();
  }

  /**
   * Distance of the second candidate minus that of the first (how clear the decision is); {@code
   * Double.POSITIVE_INFINITY} with fewer than two candidates.
   */
  public double margin() {
    return candidates.size() < 2
        ? Double.POSITIVE_INFINITY
        : candidates.get(1).distance() - candidates.get(0).distance();
  }
}
