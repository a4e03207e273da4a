package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.Pictor;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The encoder's contract, on the packaged model and real face crops. */
class OnnxFaceEncoderIT {
  private static final List<FaceImage> FIRST = new ArrayList<>();
  private static final List<FaceImage> SECOND = new ArrayList<>();
  private static FaceEncoder shared;

  @BeforeAll
  static void setUp() throws Exception {
    for (String person : TestFaces.PEOPLE) {
      FIRST.add(TestFaces.crop(person, 1));
      SECOND.add(TestFaces.crop(person, 2));
    }
    shared = Pictor.faceEncoder(EncoderOptions.builder().intraOpThreads(2).build());
  }

  @AfterAll
  static void tearDown() {
    shared.close();
  }

  @Test
  void cardDescribesTheStockEncoder() {
    assertThat(shared.card().id()).isEqualTo("face-resnet128");
    assertThat(shared.card().input().width()).isEqualTo(150);
    assertThat(shared.card().encoder().embeddingSize()).isEqualTo(128);
    assertThat(shared.card().encoder().alignmentTemplate()).hasSize(10);
  }

  @Test
  void batchedRunEqualsOneFaceAtATime() throws Exception {
    List<FaceEmbedding> batched = shared.encodeAll(FIRST);
    assertThat(batched).hasSize(FIRST.size());
    for (int i = 0; i < FIRST.size(); i++) {
      float[] single = shared.encode(FIRST.get(i)).values();
      float[] inBatch = batched.get(i).values();
      for (int k = 0; k < single.length; k++) {
        assertThat((double) inBatch[k]).isCloseTo(single[k], within(1e-5));
      }
    }
  }

  @Test
  void batchesLargerThanTheLimitAreSplitWithoutChangingResults() throws Exception {
    try (FaceEncoder small = Pictor.faceEncoder(EncoderOptions.builder().maxBatchSize(3).build())) {
      List<FaceEmbedding> split = small.encodeAll(FIRST);
      List<FaceEmbedding> whole = shared.encodeAll(FIRST);
      for (int i = 0; i < FIRST.size(); i++) {
        assertThat(split.get(i).distanceTo(whole.get(i), DistanceMetric.EUCLIDEAN))
            .isLessThan(1e-5);
      }
    }
  }

  @Test
  void aBatchRunAsConcurrentPartsKeepsEachFaceInItsPlace() throws Exception {
    // one thread: every batch is one run; three threads: 8 faces run as parts of 2, 3 and 3
    try (FaceEncoder whole =
            Pictor.faceEncoder(EncoderOptions.builder().intraOpThreads(1).build());
        FaceEncoder parts =
            Pictor.faceEncoder(EncoderOptions.builder().intraOpThreads(3).build())) {
      List<FaceEmbedding> expected = whole.encodeAll(FIRST);
      List<FaceEmbedding> actual = parts.encodeAll(FIRST);
      assertThat(actual).hasSameSizeAs(expected);
      for (int i = 0; i < FIRST.size(); i++) {
        assertThat(actual.get(i).distanceTo(expected.get(i), DistanceMetric.EUCLIDEAN))
            .as("face %d", i)
            .isLessThan(1e-5);
      }
    }
  }

  @Test
  void eachPersonIsNearestToTheirOwnSecondPhoto() throws Exception {
    List<FaceEmbedding> first = shared.encodeAll(FIRST);
    List<FaceEmbedding> second = shared.encodeAll(SECOND);
    for (int i = 0; i < first.size(); i++) {
      double own = first.get(i).distanceTo(second.get(i), DistanceMetric.EUCLIDEAN);
      for (int j = 0; j < second.size(); j++) {
        if (j != i) {
          assertThat(own)
              .as("%s vs own photo, compared with %s", TestFaces.PEOPLE[i], TestFaces.PEOPLE[j])
              .isLessThan(first.get(i).distanceTo(second.get(j), DistanceMetric.EUCLIDEAN));
        }
      }
    }
  }

  @Test
  void eightThreadsGetTheSameAnswersAsOne() throws Exception {
    List<FaceEmbedding> expected = shared.encodeAll(FIRST);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<FaceEmbedding>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  List<FaceEmbedding> mine = new ArrayList<>();
                  for (int i = 0; i < FIRST.size(); i++) {
                    mine.add(shared.encode(FIRST.get((i + offset) % FIRST.size())));
                  }
                  return mine;
                }));
      }
      for (int t = 0; t < 8; t++) {
        List<FaceEmbedding> mine = results.get(t).get(2, TimeUnit.MINUTES);
        for (int i = 0; i < FIRST.size(); i++) {
          FaceEmbedding want = expected.get((i + t) % FIRST.size());
          assertThat(mine.get(i).distanceTo(want, DistanceMetric.EUCLIDEAN)).isLessThan(1e-5);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsFail() throws Exception {
    FaceEncoder encoder = Pictor.faceEncoder(EncoderOptions.defaults());
    encoder.encode(FIRST.get(0));
    encoder.close();
    encoder.close();
    assertThatThrownBy(() -> encoder.encode(FIRST.get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> encoder.encodeAll(FIRST)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeDuringRunsWaitsForThemAndLaterRunsFailCleanly() throws Exception {
    FaceEncoder encoder = Pictor.faceEncoder(EncoderOptions.defaults());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch running = new CountDownLatch(4);
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        loops.add(
            pool.submit(
                () -> {
                  running.countDown();
                  while (true) {
                    try {
                      assertThat(encoder.encodeAll(FIRST.subList(0, 2))).hasSize(2);
                      completed.incrementAndGet();
                    } catch (IllegalStateException closed) {
                      refused.incrementAndGet();
                      return null;
                    }
                  }
                }));
      }
      running.await();
      while (completed.get() < 2) {
        Thread.sleep(10);
      }
      encoder.close();
      for (Future<?> loop : loops) {
        loop.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(completed.get()).isGreaterThanOrEqualTo(2);
    assertThat(refused.get()).isEqualTo(4);
  }

  @Test
  void wrongSizeAndEmptyBatchesAreRejectedWithClearMessages() {
    FaceImage small = new FaceImage(100, 120, new float[100 * 120 * 3]);
    assertThatThrownBy(() -> shared.encode(small))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100x120")
        .hasMessageContaining("needs 150x150");
    assertThatThrownBy(() -> shared.encodeAll(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    List<FaceImage> withNull = new ArrayList<>(FIRST);
    withNull.set(3, null);
    assertThatThrownBy(() -> shared.encodeAll(withNull)).hasMessageContaining("face 3 is null");
  }

  @Test
  void nanPixelsCannotReachTheEncoder() {
    float[] rgb = FIRST.get(0).rgb();
    rgb[42] = Float.NaN;
    assertThatThrownBy(() -> new FaceImage(150, 150, rgb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }
}
