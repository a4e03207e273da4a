package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery.Enrolled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under SIGKILL: a child JVM ({@link GalleryEnrollLoop}) enrolls people one by one into
 * the same gallery file and acknowledges each returned enroll on its standard output; the test
 * kills it at a random moment, twenty times in a row, and after each kill checks that the gallery
 * opens, holds every acknowledged enrollment with its exact values, and that an enrollment in
 * flight at the kill is either absent or complete.
 *
 * <p>The kill moments come from a fixed seed, {@code -Dpictor.test.killSeed} overrides it.
 */
class GalleryKillIT {

  private static final int ROUNDS = 20;
  private static final long WAIT_SECONDS = 60;

  @TempDir Path dir;

  /** What one child did before it was killed. */
  private record Round(List<Long> acknowledged, int exitCode) {}

  @Test
  void everyAcknowledgedEnrollmentSurvivesSigkill() throws Exception {
    long seed = Long.getLong("pictor.test.killSeed", 0x5EED_6A11L);
    Random random = new Random(seed);
    Path file = dir.resolve("killed.gallery");
    Set<Long> mustExist = new TreeSet<>();
    long next = 0;
    int inFlightFound = 0;
    List<String> summary = new ArrayList<>();

    for (int round = 0; round < ROUNDS; round++) {
      boolean byCount = random.nextBoolean();
      int killAfterAcks = 5 + random.nextInt(56);
      int killAfterMillis = 50 + random.nextInt(451);
      Round result =
          runAndKill(
              file, next, byCount ? killAfterAcks : -1, killAfterMillis, dir.resolve("child.err"));
      assertThat(result.exitCode()).as("exit code of a SIGKILLed child").isEqualTo(128 + 9);

      // The one enroll that may have been in flight when the child died.
      long inFlight =
          result.acknowledged().isEmpty()
              ? next
              : result.acknowledged().get(result.acknowledged().size() - 1) + 1;
      for (int i = 0; i < result.acknowledged().size(); i++) {
        assertThat(result.acknowledged().get(i))
            .as("acknowledgements in order")
            .isEqualTo(next + i);
      }
      mustExist.addAll(result.acknowledged());

      // What the dead child left for recovery: committed transactions still only in the log.
      Path log = file.resolveSibling(file.getFileName() + "-wal");
      long logBytes = Files.exists(log) ? Files.size(log) : 0;

      Map<Long, List<FaceEmbedding>> stored = new LinkedHashMap<>();
      try (SqliteGallery gallery = SqliteGallery.openExisting(file)) {
        for (Enrolled enrolled : gallery.all()) {
          assertThat(enrolled.name()).startsWith("person-");
          long n = Long.parseLong(enrolled.name().substring("person-".length()));
          stored.computeIfAbsent(n, k -> new ArrayList<>()).add(enrolled.embedding());
        }
        assertThat(gallery.count()).isEqualTo(stored.size());
      }
      for (long n : mustExist) {
        assertThat(stored.get(n))
            .as("round %d: acknowledged enrollment person-%d", round, n)
            .isEqualTo(GalleryTestData.embeddingsOf(n));
      }
      boolean inFlightPresent = stored.containsKey(inFlight);
      if (inFlightPresent) {
        assertThat(stored.get(inFlight))
            .as("round %d: in-flight enrollment person-%d is complete", round, inFlight)
            .isEqualTo(GalleryTestData.embeddingsOf(inFlight));
        mustExist.add(inFlight);
        inFlightFound++;
      }
      assertThat(stored.keySet())
          .as("round %d: nothing but acknowledged enrollments and the one in flight", round)
          .containsExactlyInAnyOrderElementsOf(mustExist);

      summary.add(
          String.format(
              "round %2d: killed %s, %3d acknowledged, in-flight person-%d %s, %d people stored,"
                  + " %d bytes of write-ahead log recovered",
              round,
              byCount ? "after " + killAfterAcks + " acks" : "after " + killAfterMillis + " ms",
              result.acknowledged().size(),
              inFlight,
              inFlightPresent ? "present" : "absent",
              stored.size(),
              logBytes));
      next = inFlightPresent ? inFlight + 1 : inFlight;
    }
    System.out.println("GalleryKillIT seed " + seed);
    summary.forEach(System.out::println);
    System.out.printf(
        "GalleryKillIT: %d acknowledged enrollments over %d kills, all present; "
            + "in-flight enrollment committed in %d rounds%n",
        mustExist.size() - inFlightFound, ROUNDS, inFlightFound);
    assertThat(mustExist.size() - inFlightFound)
        .as("enough enrollments were acknowledged to mean something")
        .isGreaterThan(ROUNDS);
  }

  /**
   * Starts a child that enrolls from {@code first} on, waits until it is ready and then for {@code
   * killAfterAcks} acknowledgements (when positive) or {@code killAfterMillis}, and kills it with
   * SIGKILL.
   */
  private Round runAndKill(
      Path file, long first, int killAfterAcks, int killAfterMillis, Path errors) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.sqlite.tmpdir=" + Files.createDirectories(dir.resolve("native")),
            "-cp",
            System.getProperty("java.class.path"),
            GalleryEnrollLoop.class.getName(),
            file.toString(),
            Long.toString(first));
    builder.redirectError(errors.toFile());
    Process child = builder.start();
    List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch ready = new CountDownLatch(1);
    CountDownLatch enough = new CountDownLatch(Math.max(killAfterAcks, 0));
    AtomicReference<Throwable> readFailure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.equals("ready")) {
                    ready.countDown();
                  } else if (line.startsWith("enrolled ")) {
                    acknowledged.add(Long.parseLong(line.substring("enrolled ".length())));
                    enough.countDown();
                  } else {
                    throw new IllegalStateException("unexpected line from the child: " + line);
                  }
                }
              } catch (IOException | RuntimeException e) {
                readFailure.set(e);
              }
            },
            "child-stdout");
    reader.start();
    try {
      if (!ready.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        fail("the child did not open the gallery: " + Files.readString(errors));
      }
      if (killAfterAcks > 0) {
        if (!enough.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          fail("the child stopped acknowledging: " + Files.readString(errors));
        }
      } else {
        Thread.sleep(killAfterMillis);
      }
      assertThat(child.isAlive()).as("child alive before the kill: %s", errors).isTrue();
    } finally {
      // SIGKILL (on Linux and macOS). Through the handle rather than Process.destroyForcibly(),
      // which also closes our end of the pipes: the lines the child wrote before it died are
      // still read to the end, so the enroll in flight is exactly the one after the last line.
      assertThat(child.toHandle().destroyForcibly()).as("kill requested").isTrue();
    }
    if (!child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
      fail("the child survived SIGKILL");
    }
    reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    assertThat(reader.isAlive()).as("stdout reader finished").isFalse();
    if (readFailure.get() != null) {
      throw new AssertionError("reading the child's output failed", readFailure.get());
    }
    synchronized (acknowledged) {
      return new Round(List.copyOf(acknowledged), child.exitValue());
    }
  }
}
