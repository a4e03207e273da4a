package dev.pictor.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.face.DistanceMetric;
import dev.pictor.recognition.contract.GalleryContract;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of an enrolling client: a child JVM ({@link PgEnrollLoop}) enrolls people into a
 * PostgreSQL gallery and acknowledges each returned enroll; the test kills it with SIGKILL after a
 * random number of acknowledgements, five times, and checks after each kill that every acknowledged
 * person is stored completely and that the one in flight is absent or complete, never partial.
 */
class PgKillIT {

  private static final int ROUNDS = 5;

  @TempDir Path dir;

  @Test
  void nothingAcknowledgedIsLostAndNothingHalfWrittenIsVisible() throws Exception {
    TestPostgres.url();
    String name = TestPostgres.uniqueName("kill");
    Random random = new Random(Long.getLong("pictor.test.killSeed", 0x5EED_9A11L));
    List<Long> mustExist = new ArrayList<>();
    long next = 0;
    try (PgVectorGallery gallery =
        PgVectorGallery.open(
            TestPostgres.settings().build(),
            name,
            GalleryContract.MODEL,
            GalleryContract.SIZE,
            DistanceMetric.EUCLIDEAN)) {
      for (int round = 0; round < ROUNDS; round++) {
        int killAfter = 3 + random.nextInt(30);
        List<Long> acknowledged = runAndKill(name, next, killAfter);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(killAfter);
        mustExist.addAll(acknowledged);
        long inFlight = acknowledged.get(acknowledged.size() - 1) + 1;
        for (long n : mustExist) {
          assertThat(FaultData.checkComplete(gallery, n)).as("acknowledged person-%d", n).isNull();
        }
        List<FaceCount> partial = new ArrayList<>();
        if (!gallery.embeddingsOf("person-" + inFlight).isEmpty()) {
          assertThat(FaultData.checkComplete(gallery, inFlight)).as("in flight").isNull();
          partial.add(new FaceCount(inFlight));
        }
        assertThat(gallery.count()).isEqualTo(mustExist.size() + partial.size());
        next = inFlight + 1;
        if (!partial.isEmpty()) {
          mustExist.add(inFlight);
        }
      }
      gallery.store().drop(name);
    }
  }

  private record FaceCount(long n) {}

  /** Starts a child, waits for {@code killAfter} acknowledgements, SIGKILLs it. */
  private List<Long> runAndKill(String gallery, long first, int killAfter) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                PgEnrollLoop.class.getName(),
                gallery,
                Long.toString(first))
            .redirectError(dir.resolve("child-" + first + ".err").toFile());
    Process child = builder.start();
    List<Long> acknowledged = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("enrolled ")) {
          acknowledged.add(Long.parseLong(line.substring("enrolled ".length())));
          if (acknowledged.size() >= killAfter) {
            child.destroyForcibly(); // SIGKILL on Unix
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).as("child exit (stderr in %s)", dir).isEqualTo(128 + 9);
    return acknowledged;
  }
}
