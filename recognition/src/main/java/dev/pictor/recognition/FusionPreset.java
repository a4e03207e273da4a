package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import java.util.Objects;

/**
 * Two encoders used together by score-level fusion ({@link ScoreFusion}): their weight, the fused
 * threshold and where both came from. Immutable and thread-safe.
 *
 * <p>For one face, the two encoders' unit embeddings {@code e1} and {@code e2} are combined by
 * {@link #fuse} into one unit embedding {@code [sqrt(w) e1, sqrt(1 - w) e2]}, stamped with the
 * fused id {@code first+second} (for example {@code face-resnet128+mobilefacenet512}). The
 * Euclidean distance of two fused embeddings is the fused distance {@code sqrt(w q1 + (1 - w) q2)},
 * {@code q} being each encoder's squared Euclidean distance of unit vectors (see {@link
 * ScoreFusion}): so a fused probe can be compared with {@link FaceEmbedding#distanceTo} under
 * {@link DistanceMetric#EUCLIDEAN} against another fused embedding, or against two per-model
 * galleries with {@link FusedVerifier} and {@link FusedRecognizer}. Stored embeddings stay per
 * model: {@link #first} and {@link #second} give each encoder's part of a fused embedding back.
 *
 * <p>Making a fused probe for {@link #best()} (one detection, each encoder's own alignment):
 *
 * <pre>{@code
 * FusionPreset best = FusionPreset.best();
 * try (FaceAnalyzer first = Pictor.faceAnalyzer(AnalyzerOptions.defaults());
 *     FaceAnalyzer second = Pictor.faceAnalyzer(AnalyzerOptions.defaults()
 *         .withEncoder(EncoderOptions.builder().modelId(best.secondModelId()).build())
 *         .withFlipAugmentation(FusionPreset.BEST_SECOND_FLIP))) {
 *   Face face = FaceSelection.mostProminentFace(first.analyze(photo)).orElseThrow();
 *   Face other = second.analyze(photo, List.of(face.detection())).get(0); // its own alignment
 *   FaceEmbedding probe = best.fuse(face.embedding(), other.embedding());
 *   Verification v = new FusedVerifier(resnetGallery, mfnGallery, best).verify(probe, "alice");
 * }
 * }</pre>
 *
 * @param firstModelId the first encoder's model id
 * @param firstMetric the first encoder's metric (of its card)
 * @param firstSize the first encoder's embedding size
 * @param secondModelId the second encoder's model id
 * @param secondMetric the second encoder's metric
 * @param secondSize the second encoder's embedding size
 * @param weight the first encoder's weight {@code w}, strictly between 0 and 1
 * @param threshold two faces are the same person at fused distance {@code <=} this
 * @param source how the weight and threshold were fitted (data, pipeline, protocol)
 */
public record FusionPreset(
    String firstModelId,
    DistanceMetric firstMetric,
    int firstSize,
    String secondModelId,
    DistanceMetric secondMetric,
    int secondSize,
    double weight,
    double threshold,
    String source) {

  /** The id of the most accurate preset, {@link #best()}. */
  public static final String BEST_ID = "face-resnet128+mobilefacenet512";

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if an id is blank or the two are equal, a metric is missing, a
   *     size is not positive, the weight is not strictly between 0 and 1, or the threshold is not
   *     finite and {@code >= 0}
   */
  public FusionPreset {
    if (firstModelId == null
        || firstModelId.isBlank()
        || secondModelId == null
        || secondModelId.isBlank()
        || firstModelId.equals(secondModelId)) {
      throw new IllegalArgumentException(
          "a fusion needs two different model ids, was '"
              + firstModelId
              + "' and '"
              + secondModelId
              + "'");
    }
    Objects.requireNonNull(firstMetric, "firstMetric");
    Objects.requireNonNull(secondMetric, "secondMetric");
    if (firstSize < 1 || secondSize < 1) {
      throw new IllegalArgumentException(
          "embedding sizes must be positive, was " + firstSize + " and " + secondSize);
    }
    if (!(weight > 0 && weight < 1)) {
      throw new IllegalArgumentException(
          "the weight must be strictly between 0 and 1 (else one encoder is unused), was "
              + weight);
    }
    if (!(threshold >= 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite and >= 0, was " + threshold);
    }
    source = source == null ? "" : source;
  }

  /**
   * face-resnet128 with the default pipeline (YuNet-s, 68-point face-shape alignment, flip
   * augmentation) and mobilefacenet512 (YuNet-s, 5-point alignment to its card's template, no
   * flip), weight {@value #BEST_WEIGHT} on face-resnet128 and fused threshold {@value
   * #BEST_THRESHOLD}: both fitted on all 3,200 pooled LFW View 1 pairs by {@code pictor evaluate
   * fuse}; 99.38% +- 0.49% when the weight and threshold are fitted inside 10 identity-disjoint
   * folds (docs/ACCURACY.md). Its pipeline is the one it was fitted with: a change of either
   * encoder's default alignment or flip needs a new fit.
   */
  public static FusionPreset best() {
    return new FusionPreset(
        "face-resnet128",
        DistanceMetric.EUCLIDEAN,
        128,
        "mobilefacenet512",
        DistanceMetric.COSINE,
        512,
        BEST_WEIGHT,
        BEST_THRESHOLD,
        BEST_SOURCE);
  }

  /** Whether the preset's second encoder, mobilefacenet512, uses flip augmentation: no. */
  public static final boolean BEST_SECOND_FLIP = false;

  static final double BEST_WEIGHT = 0.80;
  static final double BEST_THRESHOLD = 0.6509;
  static final String BEST_SOURCE =
      "weight 0.80 on face-resnet128 and the accuracy-optimal fused threshold 0.6509, fitted on all"
          + " 3,200 pairs of LFW View 1 (pairsDevTrain.txt + pairsDevTest.txt; YuNet-s, central"
          + " face; face-resnet128 with 68-point face-shape alignment and flip, mobilefacenet512"
          + " with 5-point alignment, no flip; pictor evaluate fuse of the two evaluate lfw"
          + " --outcomes files): 99.38% +- 0.49% with weight and threshold fitted inside 10"
          + " identity-disjoint folds; see docs/ACCURACY.md";

  /**
   * The preset for two encoders with these cards.
   *
   * @throws IllegalArgumentException as the constructor does, or if a card is not an encoder's
   */
  public static FusionPreset of(
      ModelCard first, ModelCard second, double weight, double threshold, String source) {
    EncoderSection a = first.requireEncoder();
    EncoderSection b = second.requireEncoder();
    return new FusionPreset(
        first.id(),
        a.metric(),
        a.embeddingSize(),
        second.id(),
        b.metric(),
        b.embeddingSize(),
        weight,
        threshold,
        source);
  }

  /** The fused model id, {@code first+second}. */
  public String id() {
    return firstModelId + "+" + secondModelId;
  }

  /** Number of values of a fused embedding. */
  public int size() {
    return firstSize + secondSize;
  }

  /** The metric of fused embeddings: {@link DistanceMetric#EUCLIDEAN}. */
  public DistanceMetric metric() {
    return DistanceMetric.EUCLIDEAN;
  }

  /**
   * The fused embedding {@code [sqrt(w) first, sqrt(1 - w) second]} of one face, stamped with
   * {@link #id()}.
   *
   * @throws IllegalArgumentException if an embedding is not from its encoder or has the wrong size
   */
  public FaceEmbedding fuse(FaceEmbedding first, FaceEmbedding second) {
    check(first, firstModelId, firstSize);
    check(second, secondModelId, secondSize);
    float[] a = first.values();
    float[] b = second.values();
    float[] fused = new float[a.length + b.length];
    double wa = Math.sqrt(weight);
    double wb = Math.sqrt(1 - weight);
    for (int i = 0; i < a.length; i++) {
      fused[i] = (float) (wa * a[i]);
    }
    for (int i = 0; i < b.length; i++) {
      fused[a.length + i] = (float) (wb * b[i]);
    }
    return FaceEmbedding.normalised(id(), fused);
  }

  /**
   * The first encoder's embedding inside a fused one.
   *
   * @throws IllegalArgumentException if {@code fused} is not of this preset
   */
  public FaceEmbedding first(FaceEmbedding fused) {
    return part(fused, 0, firstSize, firstModelId);
  }

  /**
   * The second encoder's embedding inside a fused one.
   *
   * @throws IllegalArgumentException if {@code fused} is not of this preset
   */
  public FaceEmbedding second(FaceEmbedding fused) {
    return part(fused, firstSize, secondSize, secondModelId);
  }

  /**
   * The fused distance from the two encoders' distances, each under its own metric: {@code sqrt(w
   * q1 + (1 - w) q2)}.
   */
  public double fusedDistance(double firstDistance, double secondDistance) {
    return ScoreFusion.fused(
        ScoreFusion.squared(firstDistance, firstMetric),
        ScoreFusion.squared(secondDistance, secondMetric),
        weight);
  }

  private FaceEmbedding part(FaceEmbedding fused, int from, int length, String modelId) {
    check(fused, id(), size());
    float[] values = fused.values();
    float[] part = new float[length];
    System.arraycopy(values, from, part, 0, length);
    return FaceEmbedding.normalised(modelId, part);
  }

  private static void check(FaceEmbedding embedding, String modelId, int size) {
    if (!embedding.modelId().equals(modelId) || embedding.size() != size) {
      throw new IllegalArgumentException(
          "expected a "
              + size
              + "-value embedding of model '"
              + modelId
              + "', got "
              + embedding.size()
              + " values of '"
              + embedding.modelId()
              + "'");
    }
  }
}
