package dev.pictor.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.face.DistanceMetric;
import dev.pictor.pgvector.PgGalleryException.Reason;
import dev.pictor.recognition.contract.GalleryContract;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL server restarts (fast shutdown, open connections cut) while a client enrolls
 * people one after the other: every enrollment acknowledged before the restart is there after it,
 * the enrollments that failed meanwhile failed with a typed, retryable error, every person stored
 * is complete, and the same gallery handle works again once the server is back.
 */
class PgRestartIT {

  @Test
  void acknowledgedEnrollmentsSurviveARestartAndTheClientRecovers() throws Exception {
    String name = TestPostgres.uniqueName("restart");
    PgSettings settings =
        TestPostgres.settings()
            // Generous: the first connection of a loaded 2-core machine has taken over 5 s.
            .connectTimeout(Duration.ofSeconds(15))
            .statementTimeout(Duration.ofSeconds(10))
            .build();
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    Set<Long> failed = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Reason> reasons = new ConcurrentLinkedQueue<>();
    AtomicInteger acksAfterRestart = new AtomicInteger();
    AtomicBoolean restarted = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    try (PgVectorGallery gallery =
        PgVectorGallery.open(
            settings,
            name,
            GalleryContract.MODEL,
            GalleryContract.SIZE,
            DistanceMetric.EUCLIDEAN)) {
      Thread loop =
          new Thread(
              () -> {
                for (long n = 0; !stop.get(); n++) {
                  try {
                    gallery.enroll("person-" + n, FaultData.embeddingsOf(n));
                    acknowledged.add(n);
                    if (restarted.get()) {
                      acksAfterRestart.incrementAndGet();
                    }
                  } catch (PgGalleryException e) {
                    failed.add(n);
                    reasons.add(e.reason());
                    sleep(100);
                  } catch (Throwable t) {
                    unexpected.add(t);
                    return;
                  }
                }
              },
              "enroll-loop");
      loop.start();
      waitUntil(() -> acknowledged.size() >= 30, 120);
      int beforeRestart = acknowledged.size();
      TestPostgres.restartServer();
      restarted.set(true);
      waitUntil(() -> acksAfterRestart.get() >= 20 || !unexpected.isEmpty(), 120);
      stop.set(true);
      loop.join(60_000);

      assertThat(unexpected).as("only typed gallery errors").isEmpty();
      assertThat(beforeRestart).isGreaterThanOrEqualTo(30);
      assertThat(acksAfterRestart.get())
          .as("works again after the restart")
          .isGreaterThanOrEqualTo(20);
      assertThat(failed).as("enrollments failed while the server was down").isNotEmpty();
      assertThat(reasons).allMatch(r -> r == Reason.UNAVAILABLE || r == Reason.TIMEOUT);

      for (long n : acknowledged) {
        assertThat(FaultData.checkComplete(gallery, n)).as("acknowledged person-%d", n).isNull();
      }
      List<String> names = gallery.names();
      for (String stored : names) {
        long n = FaultData.numberOf(stored);
        assertThat(acknowledged.contains(n) || failed.contains(n))
            .as("%s was attempted", stored)
            .isTrue();
        // An enrollment whose commit was cut off may have committed; if so, completely.
        assertThat(FaultData.checkComplete(gallery, n)).as(stored).isNull();
      }
      assertThat(names).hasSizeGreaterThanOrEqualTo(acknowledged.size());
      gallery.store().drop(name);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, long seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }
}
