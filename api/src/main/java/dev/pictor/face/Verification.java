package dev.pictor.face;

/**
 * The answer to "is this the person they claim to be?".
 *
 * @param claimedName the identity claimed
 * @param match whether {@code distance <= threshold}
 * @param distance distance between the probe and the claimed person's enrolled embeddings (see the
 *     verifier's policy)
 * @param threshold the threshold used
 * @param metric the metric used
 * @param modelId the encoder model of the embeddings
 */
public record Verification(
    String claimedName,
    boolean match,
    double distance,
    double threshold,
    DistanceMetric metric,
    String modelId) {}
