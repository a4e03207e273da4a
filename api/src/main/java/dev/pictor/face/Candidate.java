package dev.pictor.face;

/**
 * One enrolled person and their distance to a probe.
 *
 * @param name the person
 * @param distance the distance (nearest of their embeddings)
 */
public record Candidate(String name, double distance) {}
