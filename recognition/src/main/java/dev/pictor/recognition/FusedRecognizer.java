package dev.pictor.recognition;

import dev.pictor.face.Candidate;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.face.Identification;
import dev.pictor.face.Recognizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 1:K open-set identification with two encoders at once ({@link FusionPreset}), against one gallery
 * per encoder. Each part of the fused probe is searched exactly in its encoder's gallery ({@link
 * ExactRecognizer}, every person), and each person enrolled in both galleries gets the fused
 * distance of their two nearest embeddings ({@link FusionPreset#fusedDistance}); people enrolled in
 * only one gallery are not candidates. The nearest person is recognised if that distance is at most
 * the threshold. Ties are broken by name. Answers carry the metric {@code EUCLIDEAN} (the fused
 * distance) and the fused model id.
 *
 * <p>The search is exact and reads every enrolled embedding of both galleries per probe (through
 * each recognizer's cached index): meant for the galleries {@link SqliteGallery} holds, not for
 * millions of people.
 *
 * <p>Thread-safe if the galleries are (Pictor's are); does not close them.
 */
public final class FusedRecognizer implements Recognizer {
  private final Gallery first;
  private final Gallery second;
  private final FusionPreset preset;
  private final double threshold;
  private final ExactRecognizer firstSearch;
  private final ExactRecognizer secondSearch;

  /** A recognizer with the preset's threshold. */
  public FusedRecognizer(Gallery first, Gallery second, FusionPreset preset) {
    this(first, second, preset, preset.threshold());
  }

  /**
   * @param first the gallery of the preset's first encoder
   * @param second the gallery of the preset's second encoder
   * @param preset the encoders and weight
   * @param threshold a person is recognised at fused distance {@code <=} this
   * @throws IllegalArgumentException if a gallery holds another model's embeddings or the threshold
   *     is not finite and {@code >= 0}
   */
  public FusedRecognizer(Gallery first, Gallery second, FusionPreset preset, double threshold) {
    FusedVerifier.checkGalleries(first, second, preset);
    this.threshold = new MatchRule(preset.metric(), threshold).threshold();
    this.first = first;
    this.second = second;
    this.preset = preset;
    // The per-model thresholds are not used: only the candidates' distances are.
    this.firstSearch = new ExactRecognizer(first, preset.firstMetric(), 0);
    this.secondSearch = new ExactRecognizer(second, preset.secondMetric(), 0);
  }

  /**
   * Identifies the fused {@code probe}.
   *
   * @throws IllegalArgumentException if {@code topK < 1} or the probe is not a fused embedding of
   *     this preset
   */
  @Override
  public Identification identify(FaceEmbedding probe, int topK) throws GalleryException {
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1, was " + topK);
    }
    FaceEmbedding a = preset.first(probe);
    FaceEmbedding b = preset.second(probe);
    Map<String, Double> firstDistances = distances(firstSearch, first, a);
    Map<String, Double> secondDistances = distances(secondSearch, second, b);
    List<Candidate> fused = new ArrayList<>();
    for (Map.Entry<String, Double> entry : firstDistances.entrySet()) {
      Double other = secondDistances.get(entry.getKey());
      if (other != null) {
        fused.add(new Candidate(entry.getKey(), preset.fusedDistance(entry.getValue(), other)));
      }
    }
    fused.sort(Comparator.comparingDouble(Candidate::distance).thenComparing(Candidate::name));
    List<Candidate> top = fused.subList(0, Math.min(topK, fused.size()));
    Optional<String> name =
        top.isEmpty() || top.get(0).distance() > threshold
            ? Optional.empty()
            : Optional.of(top.get(0).name());
    return new Identification(name, top, threshold, preset.metric(), preset.id());
  }

  private static Map<String, Double> distances(
      ExactRecognizer search, Gallery gallery, FaceEmbedding probe) throws GalleryException {
    int people = gallery.count();
    Map<String, Double> distances = new HashMap<>(2 * Math.max(people, 1));
    if (people == 0) {
      return distances;
    }
    for (Candidate c : search.identify(probe, people).candidates()) {
      distances.put(c.name(), c.distance());
    }
    return distances;
  }
}
