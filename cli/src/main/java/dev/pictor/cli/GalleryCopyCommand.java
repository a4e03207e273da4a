package dev.pictor.cli;

import dev.pictor.ModelException;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelKind;
import dev.pictor.pgvector.PgVectorGallery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pictor gallery copy SRC DST}: copies every person and embedding of one gallery into a new
 * or empty one, between SQLite files and PostgreSQL databases in any direction, then reads the copy
 * back and compares it with the source, bit for bit.
 *
 * <p>One instance per run; not thread-safe. Both galleries are opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "copy",
    description = {
      "Copies a gallery into a new or empty one: SQLite file to PostgreSQL URL, back, or between"
          + " two of the same kind. The copy is then read back and compared with the source (same"
          + " people, same embeddings, bit for bit). The source is not changed.",
      "A new PostgreSQL gallery is indexed for the metric of the source's model card (or"
          + " --metric)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:copied and verified",
      "2:usage error, a gallery that is missing or cannot be used, or a DST that is not empty",
      "3:the copy differs from the source, or a run failed"
    })
final class GalleryCopyCommand implements Callable<Integer> {

  /** People written per transaction into PostgreSQL. */
  private static final int BATCH = 1000;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SRC", description = "The gallery to copy (file or URL).")
  private String source;

  @Parameters(index = "1", paramLabel = "DST", description = "The new or empty gallery.")
  private String target;

  @Option(
      names = "--metric",
      paramLabel = "METRIC",
      description =
          "Metric of a new PostgreSQL gallery's index (${COMPLETION-CANDIDATES}); default: that"
              + " of the source (PostgreSQL) or of its model's packaged card.")
  private DistanceMetric metric;

  @Override
  public Integer call() throws GalleryException, InputException, ModelException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String from = Galleries.label(source);
    String to = Galleries.label(target);
    try (Gallery src = open(() -> Galleries.openExisting(source))) {
      List<Gallery.Enrolled> snapshot = src.all();
      int size = Galleries.embeddingSize(src);
      DistanceMetric indexMetric = metricFor(src);
      try (Gallery dst =
          open(() -> Galleries.openOrCreate(target, src.modelId(), size, indexMetric))) {
        if (dst.count() > 0) {
          throw new InputException(
              "gallery "
                  + to
                  + " already holds "
                  + dst.count()
                  + " people: copy into a new or"
                  + " empty gallery (nothing changed)");
        }
        write(dst, group(snapshot));
        String problem = compare(snapshot, dst.all());
        if (problem != null) {
          err.println("pictor: the copy in " + to + " differs from " + from + ": " + problem);
          err.flush();
          return PictorCli.FAILURE;
        }
        out.printf(
            Locale.ROOT,
            "copied %d people, %d faces (model %s, %d values) from %s to %s; read back and"
                + " verified%n",
            dst.count(),
            snapshot.size(),
            src.modelId(),
            size,
            from,
            to);
        out.flush();
      }
    }
    return PictorCli.OK;
  }

  /** Something that opens a gallery. */
  @FunctionalInterface
  private interface Opener {
    Gallery open() throws GalleryException;
  }

  private static Gallery open(Opener opener) throws GalleryException, InputException {
    try {
      return opener.open();
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    }
  }

  /** The metric a new PostgreSQL target is indexed for. */
  private DistanceMetric metricFor(Gallery src) throws ModelException, InputException {
    if (metric != null) {
      return metric;
    }
    Optional<DistanceMetric> stored = Galleries.metric(src);
    if (stored.isPresent()) {
      return stored.get();
    }
    if (!Galleries.isPostgres(target)) {
      return DistanceMetric.EUCLIDEAN; // SQLite stores no metric: unused
    }
    for (ModelCard card : PackagedModels.cards()) {
      if (card.id().equals(src.modelId()) && card.kind() == ModelKind.ENCODER) {
        return card.encoder().metric();
      }
    }
    throw new InputException(
        "model '"
            + src.modelId()
            + "' of "
            + Galleries.label(source)
            + " has no packaged card:"
            + " give the metric of the new gallery's index with --metric");
  }

  private static Map<String, List<FaceEmbedding>> group(List<Gallery.Enrolled> snapshot) {
    Map<String, List<FaceEmbedding>> people = new LinkedHashMap<>();
    for (Gallery.Enrolled e : snapshot) {
      people.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e.embedding());
    }
    return people;
  }

  private static void write(Gallery dst, Map<String, List<FaceEmbedding>> people)
      throws GalleryException {
    if (dst instanceof PgVectorGallery pg) {
      Map<String, List<FaceEmbedding>> batch = new LinkedHashMap<>();
      for (Map.Entry<String, List<FaceEmbedding>> person : people.entrySet()) {
        batch.put(person.getKey(), person.getValue());
        if (batch.size() == BATCH) {
          pg.enrollAll(batch);
          batch.clear();
        }
      }
      pg.enrollAll(batch);
      return;
    }
    for (Map.Entry<String, List<FaceEmbedding>> person : people.entrySet()) {
      dst.enroll(person.getKey(), person.getValue());
    }
  }

  /** Null if both lists hold the same names and embeddings in the same order, bit for bit. */
  private static String compare(List<Gallery.Enrolled> expected, List<Gallery.Enrolled> actual) {
    if (expected.size() != actual.size()) {
      return actual.size() + " faces instead of " + expected.size();
    }
    for (int i = 0; i < expected.size(); i++) {
      Gallery.Enrolled e = expected.get(i);
      Gallery.Enrolled a = actual.get(i);
      if (!e.name().equals(a.name())) {
        return "face " + i + " belongs to '" + a.name() + "' instead of '" + e.name() + "'";
      }
      if (!e.embedding().modelId().equals(a.embedding().modelId())
          || !Arrays.equals(bitsOf(e.embedding()), bitsOf(a.embedding()))) {
        return "face " + i + " of '" + e.name() + "' has other values";
      }
    }
    return null;
  }

  private static int[] bitsOf(FaceEmbedding embedding) {
    float[] values = embedding.values();
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
