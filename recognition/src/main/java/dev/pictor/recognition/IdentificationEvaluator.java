package dev.pictor.recognition;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Open-set 1:K identification on a labelled image collection, with one-shot enrollment.
 *
 * <p>The protocol, for images grouped by person:
 *
 * <ul>
 *   <li>People and their images are sorted (names and image strings in natural {@code String}
 *       order; duplicate images are dropped), so the outcome does not depend on the input's order.
 *   <li>Every person with two or more images is enrolled with their first image (the gallery);
 *       their other images are <em>genuine probes</em>.
 *   <li>People with exactly one image are not enrolled; that image is an <em>impostor probe</em>.
 *   <li>Each probe is matched against every gallery embedding (exact search); the nearest person
 *       wins, ties going to the name that sorts first.
 * </ul>
 *
 * <p>Reported: rank-1 accuracy over the genuine probes; the threshold at which at most the target
 * fraction (default 1%) of impostor probes is wrongly accepted ({@code nearest distance <=
 * threshold}); and the detection-and-identification rate at that threshold, the fraction of genuine
 * probes whose nearest person is right <em>and</em> whose distance is within the threshold.
 *
 * <p>The threshold is the largest observed nearest distance (genuine or impostor) that keeps the
 * impostor acceptance within the target, so it gives the highest detection rate the data can show
 * for that target; if no observed distance does, it is the largest double below the smallest
 * impostor distance that must be rejected. With fewer than {@code 1 / target} impostors the target
 * can only be met by accepting none of them.
 *
 * <p>Images without an embedding (no face found) are listed in {@link Result#failures()} and
 * handled strictly:
 *
 * <ul>
 *   <li>a genuine probe without embedding counts as a miss (in the denominator of both rates);
 *   <li>a person whose gallery image has no embedding is skipped altogether: not enrolled, their
 *       other images not used as probes, and their name listed in {@link Result#skippedPeople()};
 *   <li>an impostor probe without embedding cannot be scored and is left out of the impostor count
 *       and the threshold.
 * </ul>
 *
 * <p>Stateless and safe to call from several threads, provided the embedding function is.
 */
public final class IdentificationEvaluator {

  /** The default target fraction of impostor probes accepted: 1%. */
  public static final double DEFAULT_FALSE_ACCEPT_RATE = 0.01;

  private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

  private IdentificationEvaluator() {}

  /**
   * The outcome of one evaluation.
   *
   * @param galleryPeople number of people enrolled
   * @param genuineProbes number of genuine probes, failures included
   * @param impostorProbes number of impostor probes that have an embedding
   * @param rank1Accuracy fraction of genuine probes whose nearest gallery person is right
   * @param targetFalseAcceptRate the target fraction of impostor probes accepted
   * @param threshold the distance threshold meeting the target; empty without impostor probes
   * @param falseAcceptRate fraction of impostor probes accepted at that threshold (at most the
   *     target); empty without impostor probes
   * @param detectionAndIdentificationRate fraction of genuine probes identified correctly within
   *     the threshold; empty without impostor probes
   * @param failures the images that have no embedding, sorted
   * @param skippedPeople people left out because their gallery image has no embedding, sorted
   * @param metric the distance metric
   */
  public record Result(
      int galleryPeople,
      int genuineProbes,
      int impostorProbes,
      double rank1Accuracy,
      double targetFalseAcceptRate,
      OptionalDouble threshold,
      OptionalDouble falseAcceptRate,
      OptionalDouble detectionAndIdentificationRate,
      List<String> failures,
      List<String> skippedPeople,
      DistanceMetric metric) {

    /** Copies the lists. */
    public Result {
      Objects.requireNonNull(threshold, "threshold");
      Objects.requireNonNull(falseAcceptRate, "falseAcceptRate");
      Objects.requireNonNull(detectionAndIdentificationRate, "detectionAndIdentificationRate");
      failures = List.copyOf(failures);
      skippedPeople = List.copyOf(skippedPeople);
      Objects.requireNonNull(metric, "metric");
    }
  }

  /**
   * Evaluates with the default target of 1% impostors accepted.
   *
   * @see #evaluate(Map, Function, DistanceMetric, double)
   */
  public static Result evaluate(
      Map<String, List<String>> imagesByPerson,
      Function<String, Optional<FaceEmbedding>> embeddingOfImage,
      DistanceMetric metric) {
    return evaluate(imagesByPerson, embeddingOfImage, metric, DEFAULT_FALSE_ACCEPT_RATE);
  }

  /**
   * Runs the protocol described in the class documentation.
   *
   * @param imagesByPerson images of each person, e.g. from {@link #listPeople(Path)}
   * @param embeddingOfImage the embedding of an image, or empty when it has no face; must not
   *     return null
   * @param metric how to compare embeddings
   * @param targetFalseAcceptRate the fraction of impostor probes that may be accepted, in [0, 1]
   * @throws IllegalArgumentException if the target lies outside [0, 1], a name or image is blank,
   *     or nobody can be enrolled (no person has two or more images and a usable first image)
   */
  public static Result evaluate(
      Map<String, List<String>> imagesByPerson,
      Function<String, Optional<FaceEmbedding>> embeddingOfImage,
      DistanceMetric metric,
      double targetFalseAcceptRate) {
    Objects.requireNonNull(imagesByPerson, "imagesByPerson");
    Objects.requireNonNull(embeddingOfImage, "embeddingOfImage");
    Objects.requireNonNull(metric, "metric");
    if (!(targetFalseAcceptRate >= 0.0 && targetFalseAcceptRate <= 1.0)) {
      throw new IllegalArgumentException(
          "target false accept rate must lie in [0, 1], got " + targetFalseAcceptRate);
    }
    SortedMap<String, List<String>> people = sorted(imagesByPerson);
    TreeSet<String> failures = new TreeSet<>();
    Function<String, Optional<FaceEmbedding>> lookup =
        image -> {
          Optional<FaceEmbedding> embedding =
              Objects.requireNonNull(
                  embeddingOfImage.apply(image),
                  () ->
                      "embedding function returned null for "
                          + image
                          + "; return Optional.empty()");
          if (embedding.isEmpty()) {
            failures.add(image);
          }
          return embedding;
        };

    List<String> galleryNames = new ArrayList<>();
    List<FaceEmbedding> galleryEmbeddings = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Map.Entry<String, List<String>> person : people.entrySet()) {
      List<String> images = person.getValue();
      if (images.size() < 2) {
        continue;
      }
      Optional<FaceEmbedding> enrolled = lookup.apply(images.get(0));
      if (enrolled.isPresent()) {
        galleryNames.add(person.getKey());
        galleryEmbeddings.add(enrolled.get());
      } else {
        skipped.add(person.getKey());
      }
    }
    if (galleryNames.isEmpty()) {
      throw new IllegalArgumentException(
          "nobody can be enrolled: "
              + (skipped.isEmpty()
                  ? "no person has two or more images"
                  : "the first image of every person with two or more images has no embedding"));
    }

    int genuine = 0;
    int rankOneHits = 0;
    List<Double> genuineDistances = new ArrayList<>();
    List<Boolean> genuineCorrect = new ArrayList<>();
    for (int g = 0; g < galleryNames.size(); g++) {
      List<String> images = people.get(galleryNames.get(g));
      for (String probe : images.subList(1, images.size())) {
        genuine++;
        Optional<FaceEmbedding> embedding = lookup.apply(probe);
        if (embedding.isEmpty()) {
          continue;
        }
        Nearest nearest = nearest(embedding.get(), galleryEmbeddings, metric);
        boolean correct = nearest.index() == g;
        if (correct) {
          rankOneHits++;
        }
        genuineDistances.add(nearest.distance());
        genuineCorrect.add(correct);
      }
    }

    List<Double> impostorDistances = new ArrayList<>();
    for (List<String> images : people.values()) {
      if (images.size() == 1) {
        Optional<FaceEmbedding> embedding = lookup.apply(images.get(0));
        embedding.ifPresent(
            e -> impostorDistances.add(nearest(e, galleryEmbeddings, metric).distance()));
      }
    }

    OptionalDouble threshold = OptionalDouble.empty();
    OptionalDouble acceptRate = OptionalDouble.empty();
    OptionalDouble detection = OptionalDouble.empty();
    if (!impostorDistances.isEmpty()) {
      double t = threshold(impostorDistances, genuineDistances, targetFalseAcceptRate);
      long accepted = impostorDistances.stream().filter(d -> d <= t).count();
      long detected = 0;
      for (int k = 0; k < genuineDistances.size(); k++) {
        if (genuineCorrect.get(k) && genuineDistances.get(k) <= t) {
          detected++;
        }
      }
      threshold = OptionalDouble.of(t);
      acceptRate = OptionalDouble.of(accepted / (double) impostorDistances.size());
      detection = OptionalDouble.of(detected / (double) genuine);
    }
    return new Result(
        galleryNames.size(),
        genuine,
        impostorDistances.size(),
        rankOneHits / (double) genuine,
        targetFalseAcceptRate,
        threshold,
        acceptRate,
        detection,
        new ArrayList<>(failures),
        skipped,
        metric);
  }

  /** The largest observed distance that accepts at most the target fraction of impostors. */
  private static double threshold(
      List<Double> impostorDistances, List<Double> genuineDistances, double target) {
    double[] impostors = impostorDistances.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(impostors);
    // A small tolerance so that e.g. 0.01 * 300 allows 3 impostors despite rounding.
    long allowed = (long) Math.floor(target * impostors.length + 1e-9);
    double largestObserved = impostors[impostors.length - 1];
    for (double d : genuineDistances) {
      largestObserved = Math.max(largestObserved, d);
    }
    if (allowed >= impostors.length) {
      return largestObserved;
    }
    double firstRejected = impostors[(int) allowed];
    double best = Double.NEGATIVE_INFINITY;
    for (double d : impostors) {
      if (d < firstRejected) {
        best = Math.max(best, d);
      }
    }
    for (double d : genuineDistances) {
      if (d < firstRejected) {
        best = Math.max(best, d);
      }
    }
    return best == Double.NEGATIVE_INFINITY ? Math.nextDown(firstRejected) : best;
  }

  private record Nearest(int index, double distance) {}

  private static Nearest nearest(
      FaceEmbedding probe, List<FaceEmbedding> gallery, DistanceMetric metric) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int k = 0; k < gallery.size(); k++) {
      double d = probe.distanceTo(gallery.get(k), metric);
      if (best < 0 || d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return new Nearest(best, bestDistance);
  }

  private static SortedMap<String, List<String>> sorted(Map<String, List<String>> imagesByPerson) {
    SortedMap<String, List<String>> people = new TreeMap<>();
    for (Map.Entry<String, List<String>> person : imagesByPerson.entrySet()) {
      String name = person.getKey();
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("person names must not be blank");
      }
      List<String> images = person.getValue();
      if (images == null) {
        throw new IllegalArgumentException("image list of '" + name + "' is null");
      }
      TreeSet<String> unique = new TreeSet<>();
      for (String image : images) {
        if (image == null || image.isBlank()) {
          throw new IllegalArgumentException("'" + name + "' has a blank image name");
        }
        unique.add(image);
      }
      if (!unique.isEmpty()) {
        people.put(name, List.copyOf(unique));
      }
    }
    return people;
  }

  /**
   * Lists an image collection laid out as {@code <root>/<Name>/<image>}, as LFW is: one folder per
   * person, holding {@code .jpg}, {@code .jpeg} or {@code .png} files (any case). Images are named
   * by their path relative to {@code root}, with {@code /}, e.g. {@code Aaron_Peirsol/x.jpg}; names
   * and images are sorted. Hidden entries (starting with {@code .}), loose files in {@code root}
   * and folders without images are ignored.
   *
   * @return an unmodifiable map from person to their images
   * @throws IOException if {@code root} is missing, not a folder, or cannot be read
   */
  public static SortedMap<String, List<String>> listPeople(Path root) throws IOException {
    Objects.requireNonNull(root, "root");
    SortedMap<String, List<String>> people = new TreeMap<>();
    List<Path> folders;
    try (Stream<Path> entries = Files.list(root)) {
      folders = entries.filter(p -> !hidden(p) && Files.isDirectory(p)).toList();
    }
    for (Path folder : folders) {
      String name = folder.getFileName().toString();
      List<String> images;
      try (Stream<Path> entries = Files.list(folder)) {
        images =
            entries
                .filter(p -> isImageName(p) && Files.isRegularFile(p))
                .map(p -> name + "/" + p.getFileName())
                .sorted()
                .toList();
      }
      if (!images.isEmpty()) {
        people.put(name, images);
      }
    }
    return Collections.unmodifiableSortedMap(people);
  }

  private static boolean hidden(Path path) {
    return path.getFileName().toString().startsWith(".");
  }

  /**
   * Whether {@code path} is named like an image that {@link #listPeople} lists: not hidden (not
   * starting with {@code .}) and ending in {@code .jpg}, {@code .jpeg} or {@code .png} in any case.
   * Only the name is looked at, not the file. Stateless, for tools that expand folders the same
   * way.
   */
  public static boolean isImageName(Path path) {
    Path name = path.getFileName();
    if (name == null || hidden(name)) {
      return false;
    }
    String file = name.toString().toLowerCase(Locale.ROOT);
    return IMAGE_EXTENSIONS.stream().anyMatch(file::endsWith);
  }
}
