package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;

/**
 * The answer of {@link TwoFaceVerifier}: whether two faces are the same person, with the distance
 * and the threshold that decided it.
 *
 * @param samePerson {@code distance <= threshold}
 * @param distance the distance between the two embeddings under {@code metric}
 * @param threshold the largest distance still called the same person
 * @param metric the distance metric
 * @param modelId the encoder both embeddings came from
 */
public record TwoFaceVerdict(
    boolean samePerson, double distance, double threshold, DistanceMetric metric, String modelId) {}
