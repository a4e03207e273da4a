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
import java.util.PriorityQueue;

/**
 * Open-set identification by exact nearest-neighbour search over every enrolled embedding.
 *
 * <p>The gallery's embeddings are copied into one contiguous array; the copy is rebuilt when the
 * gallery's {@link Gallery#version()} changes, so enrollments made through any connection are seen
 * by the next call. Embeddings are unit vectors, so cosine distance is computed as half the squared
 * Euclidean distance. Thread-safe: the current index is an immutable object swapped atomically.
 */
public final class ExactRecognizer implements Recognizer {
  private final Gallery gallery;
  private final DistanceMetric metric;
  private final double threshold;
  private volatile EmbeddingIndex index;

  /**
   * @param gallery the enrolled people (not closed by this recognizer)
   * @param metric distance to report and compare with the threshold
   * @param threshold a person is recognised at distance {@code <=} this
   */
  public ExactRecognizer(Gallery gallery, DistanceMetric metric, double threshold) {
    if (gallery == null) {
      throw new IllegalArgumentException("gallery and metric are required");
    }
    MatchRule rule = new MatchRule(metric, threshold);
    this.gallery = gallery;
    this.metric = rule.metric();
    this.threshold = rule.threshold();
  }

  /** A recognizer with the metric and default threshold of the encoder's card. */
  public static ExactRecognizer forModel(Gallery gallery, ModelCard encoder) {
    MatchRule rule = MatchRule.of(gallery, encoder);
    return new ExactRecognizer(gallery, rule.metric(), rule.threshold());
  }

  @Override
  public Identification identify(FaceEmbedding probe, int topK) throws GalleryException {
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1, was " + topK);
    }
    EmbeddingIndex current = current();
    double[] squared = current.nearestSquaredDistancePerPerson(probe);
    // keep the topK smallest distances in a max-heap
    PriorityQueue<Candidate> best =
        new PriorityQueue<>((a, b) -> Double.compare(b.distance(), a.distance()));
    for (int p = 0; p < squared.length; p++) {
      double d = EmbeddingIndex.convert(squared[p], metric);
      if (best.size() < topK) {
        best.add(new Candidate(current.names().get(p), d));
      } else if (d < best.peek().distance()) {
        best.poll();
        best.add(new Candidate(current.names().get(p), d));
      }
    }
    List<Candidate> sorted = new ArrayList<>(best);
    sorted.sort(
        (a, b) ->
            a.distance() != b.distance()
                ? Double.compare(a.distance(), b.distance())
                : a.name().compareTo(b.name()));
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
          i = EmbeddingIndex.of(gallery.modelId(), all, before);
          index = i;
        }
      }
    }
    return i;
  }
}
