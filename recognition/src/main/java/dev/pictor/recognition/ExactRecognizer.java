package dev.pictor.recognition;

import dev.pictor.face.Candidate;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.face.Identification;
import dev.pictor.face.Recognizer;
import dev.pictor.model.ModelCard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Open-set identification by exact nearest-neighbour search over every enrolled embedding.
 *
 * <p>The gallery's embeddings are copied into one contiguous array laid out for SIMD scoring (see
 * {@code EmbeddingIndex}); the copy is rebuilt when the gallery's {@link Gallery#version()}
 * changes, so enrollments made through any connection are seen by the next call. A float scan finds
 * the few rows that can be in the top k, which are then re-ranked with {@link
 * DistanceMetric#between}: candidates and distances are exactly those of {@link
 * FaceEmbedding#distanceTo} against every enrolled embedding, ties broken by name.
 *
 * <p>By default a search runs on the calling thread. {@link #parallel(Executor, int)} returns a
 * recognizer that splits each search into slices, runs all but one on the given executor and one on
 * the caller, with the same answers.
 *
 * <p>Thread-safe: the current index is an immutable object swapped atomically, and each search has
 * its own scratch state. This class owns no threads; an executor passed in stays the caller's to
 * shut down.
 */
public final class ExactRecognizer implements Recognizer {
  private final Gallery gallery;
  private final DistanceMetric metric;
  private final double threshold;
  private final Executor executor;
  private final int slices;
  private volatile EmbeddingIndex index;

  /**
   * @param gallery the enrolled people (not closed by this recognizer)
   * @param metric distance to report and compare with the threshold
   * @param threshold a person is recognised at distance {@code <=} this
   */
  public ExactRecognizer(Gallery gallery, DistanceMetric metric, double threshold) {
    this(gallery, metric, threshold, null, 1);
  }

  private ExactRecognizer(
      Gallery gallery, DistanceMetric metric, double threshold, Executor executor, int slices) {
    if (gallery == null) {
      throw new IllegalArgumentException("gallery and metric are required");
    }
    MatchRule rule = new MatchRule(metric, threshold);
    this.gallery = gallery;
    this.metric = rule.metric();
    this.threshold = rule.threshold();
    this.executor = executor;
    this.slices = slices;
  }

  /** A recognizer with the metric and default threshold of the encoder's card. */
  public static ExactRecognizer forModel(Gallery gallery, ModelCard encoder) {
    MatchRule rule = MatchRule.of(gallery, encoder);
    return new ExactRecognizer(gallery, rule.metric(), rule.threshold());
  }

  /**
   * A recognizer with the same gallery, metric and threshold whose searches are split into {@code
   * slices} parts: {@code slices - 1} run on {@code executor}, one on the calling thread. Use as
   * many slices as cores to spare (for example a {@code ForkJoinPool} or a fixed pool of {@code
   * slices - 1} threads). The answers do not depend on {@code slices}.
   *
   * @throws IllegalArgumentException if {@code executor} is null or {@code slices < 1}
   */
  public ExactRecognizer parallel(Executor executor, int slices) {
    if (executor == null || slices < 1) {
      throw new IllegalArgumentException(
          "parallel search needs an executor and slices >= 1, was " + executor + ", " + slices);
    }
    return new ExactRecognizer(gallery, metric, threshold, executor, slices);
  }

  @Override
  public Identification identify(FaceEmbedding probe, int topK) throws GalleryException {
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1, was " + topK);
    }
    EmbeddingIndex current = current();
    float[] q = current.checkedQuery(probe);
    double slack = current.slack(q);
    int blocks = current.blockCount();
    int parts = Math.max(1, Math.min(slices, blocks));
    List<TopKScan> scans = new ArrayList<>(parts);
    List<CompletableFuture<Void>> others = new ArrayList<>(parts - 1);
    for (int part = 0; part < parts; part++) {
      TopKScan scan = new TopKScan(topK, slack);
      scans.add(scan);
      int from = (int) ((long) blocks * part / parts);
      int to = (int) ((long) blocks * (part + 1) / parts);
      Runnable task = () -> current.scan(q, from, to, scan, new float[EmbeddingIndex.BLOCK]);
      if (part == parts - 1) {
        task.run();
      } else {
        others.add(CompletableFuture.runAsync(task, executor));
      }
    }
    for (CompletableFuture<Void> other : others) {
      other.join();
    }
    List<Candidate> sorted = current.rerank(q, scans, topK);
    Optional<String> name =
        sorted.isEmpty() || sorted.get(0).distance() > threshold
            ? Optional.empty()
            : Optional.of(sorted.get(0).name());
    return new Identification(name, sorted, threshold, metric, gallery.modelId());
  }

  /** The index for the gallery's current version, rebuilt if stale. */
  private EmbeddingIndex current() throws GalleryException {
    long version = gallery.version();
    EmbeddingIndex i = index;
    if (i == null || i.version() != version) {
      synchronized (this) {
        i = index;
        if (i == null || i.version() != version) {
          // read the version again with the snapshot so that a concurrent write is not missed
          long before = gallery.version();
          List<Gallery.Enrolled> all = gallery.all();
          i = EmbeddingIndex.of(gallery.modelId(), metric, all, before);
          index = i;
        }
      }
    }
    return i;
  }
}
