package dev.pictor.recognition;

import static dev.pictor.recognition.GalleryTestData.MODEL;
import static dev.pictor.recognition.GalleryTestData.SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery.Enrolled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteGalleryConcurrencyTest {

  private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(2);

  @TempDir Path dir;

  /**
   * Person {@code n} is enrolled as "person-n" with {@link GalleryTestData#embeddingsOf} in one
   * call, may later be renamed to "renamed-n" and may be removed; nothing else ever changes them.
   * So in any consistent snapshot, every name present carries exactly those embeddings.
   */
  private static long indexOf(String name) {
    return Long.parseLong(name.substring(name.indexOf('-') + 1));
  }

  private static void checkSnapshot(List<Enrolled> all) {
    Map<String, List<FaceEmbedding>> byName = new LinkedHashMap<>();
    for (Enrolled enrolled : all) {
      byName.computeIfAbsent(enrolled.name(), k -> new ArrayList<>()).add(enrolled.embedding());
    }
    for (Map.Entry<String, List<FaceEmbedding>> person : byName.entrySet()) {
      assertThat(person.getValue())
          .as("embeddings of %s in one snapshot", person.getKey())
          .isEqualTo(GalleryTestData.embeddingsOf(indexOf(person.getKey())));
    }
    List<String> names = new ArrayList<>(byName.keySet());
    assertThat(names).isSorted();
  }

  @Test
  void readersSeeConsistentSnapshotsWhileOneThreadWrites() throws Exception {
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong writes = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try (SqliteGallery gallery = SqliteGallery.open(dir.resolve("busy.gallery"), MODEL, SIZE)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> tasks = new ArrayList<>();
      tasks.add(
          pool.submit(
              () -> {
                try {
                  start.await();
                  for (long n = 0; !stop.get(); n++) {
                    gallery.enroll("person-" + n, GalleryTestData.embeddingsOf(n));
                    if (n % 5 == 4 && !gallery.embeddingsOf("person-" + (n - 2)).isEmpty()) {
                      gallery.rename("person-" + (n - 2), "renamed-" + (n - 2));
                    }
                    if (n % 7 == 6) {
                      assertThat(gallery.remove("person-" + (n - 1))).isTrue();
                    }
                    writes.incrementAndGet();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
                return null;
              }));
      for (int r = 0; r < 4; r++) {
        long seed = r;
        tasks.add(
            pool.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(seed);
                  long lastVersion = Long.MIN_VALUE;
                  try {
                    start.await();
                    while (!stop.get()) {
                      long version = gallery.version();
                      assertThat(version)
                          .as("version never goes back")
                          .isGreaterThanOrEqualTo(lastVersion);
                      lastVersion = version;
                      List<Enrolled> all = gallery.all();
                      checkSnapshot(all);
                      List<String> names = gallery.names();
                      assertThat(names).isSorted().doesNotHaveDuplicates();
                      if (!names.isEmpty()) {
                        String name = names.get(random.nextInt(names.size()));
                        List<FaceEmbedding> embeddings = gallery.embeddingsOf(name);
                        // Gone (removed or renamed since), or complete.
                        if (!embeddings.isEmpty()) {
                          assertThat(embeddings)
                              .isEqualTo(GalleryTestData.embeddingsOf(indexOf(name)));
                        }
                      }
                      assertThat(gallery.count()).isNotNegative();
                      reads.incrementAndGet();
                    }
                  } catch (Throwable e) {
                    errors.add(e);
                  }
                  return null;
                }));
      }
      start.countDown();
      long deadline = System.nanoTime() + RUN_NANOS;
      while (System.nanoTime() < deadline && errors.isEmpty()) {
        Thread.sleep(20);
      }
      stop.set(true);
      for (Future<?> task : tasks) {
        task.get(30, TimeUnit.SECONDS);
      }
      assertThat(errors).isEmpty();
      System.out.printf(
          "concurrency: %d write rounds, %d read rounds by 4 readers%n", writes.get(), reads.get());
      assertThat(writes.get()).as("enrollments").isPositive();
      assertThat(reads.get()).as("read rounds").isGreaterThan(4);
      checkSnapshot(gallery.all());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void manyThreadsGetTheSameAnswersAsOne() throws Exception {
    try (SqliteGallery gallery = SqliteGallery.open(dir.resolve("same.gallery"), MODEL, SIZE)) {
      for (long n = 0; n < 40; n++) {
        gallery.enroll("person-" + n, GalleryTestData.embeddingsOf(n));
      }
      List<Enrolled> expected = gallery.all();
      List<String> expectedNames = gallery.names();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<Enrolled>>> answers = new ArrayList<>();
        List<Future<List<String>>> nameAnswers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          answers.add(pool.submit(gallery::all));
          nameAnswers.add(pool.submit(gallery::names));
        }
        for (int i = 0; i < 16; i++) {
          assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(expected);
          assertThat(nameAnswers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(expectedNames);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closeWhileReadingEndsReadersCleanly() throws Exception {
    SqliteGallery gallery = SqliteGallery.open(dir.resolve("closing.gallery"), MODEL, SIZE);
    for (long n = 0; n < 20; n++) {
      gallery.enroll("person-" + n, GalleryTestData.embeddingsOf(n));
    }
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    AtomicLong completedReads = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch running = new CountDownLatch(4);
    List<Future<?>> tasks = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      tasks.add(
          pool.submit(
              () -> {
                running.countDown();
                try {
                  while (true) {
                    checkSnapshot(gallery.all());
                    completedReads.incrementAndGet();
                  }
                } catch (IllegalStateException expected) {
                  assertThat(expected).hasMessageContaining("closed");
                } catch (Throwable e) {
                  unexpected.add(e);
                }
                return null;
              }));
    }
    try {
      running.await();
      while (completedReads.get() < 8) {
        Thread.sleep(1);
      }
      gallery.close();
      for (Future<?> task : tasks) {
        task.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(unexpected).isEmpty();
    try (SqliteGallery reopened = SqliteGallery.openExisting(dir.resolve("closing.gallery"))) {
      assertThat(reopened.count()).isEqualTo(20);
    }
  }
}
