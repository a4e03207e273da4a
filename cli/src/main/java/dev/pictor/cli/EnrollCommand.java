package dev.pictor.cli;

import dev.pictor.PictorException;
import dev.pictor.cli.FaceReader.Attempt;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceSelection;
import dev.pictor.face.Gallery;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.FusionPreset;
import dev.pictor.recognition.IdentificationEvaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pictor enroll}: adds people to a gallery, from photos of one person ({@code --name}) or
 * from a folder with one sub-folder per person ({@code --dir}).
 *
 * <p>One instance per run; not thread-safe. The analyzer and the gallery are opened and closed
 * within {@link #call()}.
 */
@Command(
    name = "enroll",
    description = {
      "Enrolls people in a gallery, creating the gallery file if it does not exist (stamped with"
          + " the encoder's model id and embedding size). One photo per person is enough; more"
          + " photos (other angles, lighting, ages) make recognition more robust.",
      "",
      "  --name NAME IMAGE...  one person, one or more photos of them",
      "  --dir DIR             one sub-folder of photos per person, named after them",
      "With --dir, the .jpg, .jpeg and .png files of each sub-folder are used; hidden entries"
          + " and loose files in DIR are ignored.",
      "",
      "Each photo contributes its most prominent face (the largest box, ties broken by detection"
          + " score), as in verify. A photo without a face, or that cannot be read, is skipped"
          + " with a warning on stderr naming it; the other photos are still enrolled, and the"
          + " exit code is 2 so that a script notices the bad input.",
      "Enrolling someone who is already in the gallery adds the new faces to theirs. A face"
          + " identical to one already enrolled for that person (the same photo enrolled again)"
          + " is not added twice, so after fixing skipped photos the same command can simply be"
          + " run again. Each person is written in one transaction: all of their new faces or"
          + " none.",
      "Use the same --flip setting for enroll and identify: it changes the embeddings."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every photo was enrolled (or was already)",
      "2:usage error, a gallery that cannot be used, or some photos were skipped (no face,"
          + " unreadable) or a folder name is not a valid name: the rest was enrolled",
      "3:the model or device cannot be used, or a run failed"
    })
final class EnrollCommand implements Callable<Integer> {
  /**
   * Embeddings closer than this (Euclidean, between unit vectors) come from the same photo: two
   * different photos of one person are typically 0.2 to 0.4 apart.
   */
  private static final double SAME_PHOTO_DISTANCE = 1e-3;

  @Spec private CommandSpec spec;

  @Mixin private AnalyzerMixin analysis;

  @Mixin private GalleryOption galleryOption;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "The person shown in the IMAGEs, exactly as it should be stored (case-sensitive, no"
              + " leading or trailing spaces).")
  private String name;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "A folder with one sub-folder of photos per person, named after the person.")
  private Path dir;

  @Parameters(
      arity = "0..*",
      paramLabel = "IMAGE",
      description = "Photos of the person named by --name (face crops with --aligned).")
  private List<Path> images = new ArrayList<>();

  /** Counts for the summary. */
  private int skippedPhotos;

  private int rejectedPeople;

  @Override
  public Integer call() throws PictorException, InputException {
    Map<String, List<Path>> people = people();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<FusionPreset> fusion = analysis.fusion();
    try (FaceAnalyzer analyzer = analysis.openAnalyzer();
        FaceAnalyzer second = analysis.openSecondAnalyzer();
        Gallery gallery = galleryOption.openOrCreate(analyzer.encoder().card());
        Gallery secondGallery =
            fusion.isPresent() ? galleryOption.openOrCreateSecond(fusion.get()) : null) {
      List<Path> files = people.values().stream().flatMap(List::stream).toList();
      List<Attempt> attempts =
          analysis
              .reader(analyzer, second)
              .tryOneFaceEach(files, FaceSelection.MOST_PROMINENT, true);
      // Each gallery gets its own model's embeddings: a fused embedding is split.
      List<Target> targets =
          fusion.isEmpty()
              ? List.of(new Target(gallery, e -> e))
              : List.of(
                  new Target(gallery, fusion.get()::first),
                  new Target(secondGallery, fusion.get()::second));
      int next = 0;
      for (Map.Entry<String, List<Path>> person : people.entrySet()) {
        int count = person.getValue().size();
        enroll(targets, person.getKey(), attempts.subList(next, next + count), out, err);
        next += count;
      }
      ModelCard card = analyzer.encoder().card();
      out.printf(
          Locale.ROOT,
          "gallery %s: %d people, model %s%s%n",
          galleryOption.label(),
          gallery.count(),
          card.id(),
          analysis.options().flipAugmentation() ? " (embeddings made with --flip)" : "");
      if (fusion.isPresent()) {
        out.printf(
            Locale.ROOT,
            "gallery %s: %d people, model %s (the second encoder of --accuracy best)%n",
            galleryOption.secondLocation(fusion.get()),
            secondGallery.count(),
            fusion.get().secondModelId());
      }
    }
    if (skippedPhotos > 0 || rejectedPeople > 0) {
      err.printf(
          Locale.ROOT,
          "pictor: %d of %d photos skipped, %d people not enrolled (see above); the rest was"
              + " enrolled%n",
          skippedPhotos,
          people.values().stream().mapToInt(List::size).sum(),
          rejectedPeople);
    }
    out.flush();
    err.flush();
    return skippedPhotos > 0 || rejectedPeople > 0 ? PictorCli.USAGE : PictorCli.OK;
  }

  /** The photos of each person, from --name and IMAGE... or from --dir. */
  private Map<String, List<Path>> people() throws InputException {
    if ((name == null) == (dir == null)) {
      throw new ParameterException(
          spec.commandLine(), "Give either --name NAME with photos, or --dir DIR.");
    }
    if (name != null) {
      if (images.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "--name needs one or more photos (IMAGE) of " + name);
      }
      return Map.of(name, List.copyOf(images));
    }
    if (!images.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--dir takes its photos from DIR: give no IMAGE with it");
    }
    Map<String, List<String>> listed;
    try {
      listed = IdentificationEvaluator.listPeople(dir);
    } catch (IOException e) {
      throw new InputException("cannot list the people in " + dir + ": " + e, e);
    }
    if (listed.isEmpty()) {
      throw new InputException(
          dir + " has no sub-folder with photos (.jpg, .jpeg, .png): expected DIR/NAME/photo.jpg");
    }
    Map<String, List<Path>> people = new LinkedHashMap<>();
    listed.forEach(
        (person, relative) -> people.put(person, relative.stream().map(dir::resolve).toList()));
    return people;
  }

  /** A gallery and the part of each read embedding it stores. */
  private record Target(Gallery gallery, UnaryOperator<FaceEmbedding> part) {}

  /**
   * Enrolls the faces found in one person's photos into each target gallery (its part of each
   * embedding) and reports what happened, counting as the first target does.
   */
  private void enroll(
      List<Target> targets, String person, List<Attempt> attempts, PrintWriter out, PrintWriter err)
      throws PictorException, InputException {
    List<FaceEmbedding> found = new ArrayList<>();
    for (Attempt attempt : attempts) {
      if (attempt.chosen().isPresent()) {
        found.add(attempt.chosen().get().face().embedding());
      } else {
        skippedPhotos++;
        err.println("pictor: skipped " + attempt.problem());
      }
    }
    if (found.isEmpty()) {
      rejectedPeople++;
      err.println("pictor: " + person + " not enrolled: none of their photos has a usable face");
      return;
    }
    List<FaceEmbedding> fresh = List.of();
    for (int t = 0; t < targets.size(); t++) {
      Target target = targets.get(t);
      List<FaceEmbedding> parts = found.stream().map(target.part()).toList();
      // Leave out faces already enrolled, and repeats within this run (the same photo twice).
      List<FaceEmbedding> known = new ArrayList<>(target.gallery().embeddingsOf(person));
      List<FaceEmbedding> freshHere = new ArrayList<>();
      for (FaceEmbedding face : parts) {
        if (known.stream().noneMatch(e -> samePhoto(e, face))) {
          freshHere.add(face);
          known.add(face);
        }
      }
      if (t == 0) {
        fresh = freshHere;
      }
      if (!enrollNew(target.gallery(), person, freshHere, err)) {
        return;
      }
    }
    out.printf(
        Locale.ROOT,
        "%s  %d new face%s enrolled%s (%d photo%s, %d skipped)%n",
        person,
        fresh.size(),
        fresh.size() == 1 ? "" : "s",
        found.size() > fresh.size() ? ", " + (found.size() - fresh.size()) + " already were" : "",
        attempts.size(),
        attempts.size() == 1 ? "" : "s",
        attempts.size() - found.size());
  }

  /**
   * Enrolls {@code fresh} (if any) as {@code person}; false if the name was refused with --dir
   * (reported and counted).
   *
   * @throws InputException if the name given with --name is refused
   */
  private boolean enrollNew(
      Gallery gallery, String person, List<FaceEmbedding> fresh, PrintWriter err)
      throws PictorException, InputException {
    if (!fresh.isEmpty()) {
      try {
        ReservedName.check(person);
        gallery.enroll(person, fresh);
      } catch (IllegalArgumentException e) {
        // An invalid name: with --name the user's input is wrong; with --dir, only this folder.
        if (name != null) {
          throw new InputException("cannot enroll '" + person + "': " + e.getMessage(), e);
        }
        rejectedPeople++;
        err.println("pictor: folder " + person + " not enrolled: " + e.getMessage());
        return false;
      }
    }
    return true;
  }

  private static boolean samePhoto(FaceEmbedding a, FaceEmbedding b) {
    return a.size() == b.size() && a.distanceTo(b, DistanceMetric.EUCLIDEAN) < SAME_PHOTO_DISTANCE;
  }
}
