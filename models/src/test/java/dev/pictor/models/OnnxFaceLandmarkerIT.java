package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.ExecutionDevice;
import dev.pictor.face.Box;
import dev.pictor.face.FaceLandmarker;
import dev.pictor.face.FaceShape;
import dev.pictor.face.LandmarkerOptions;
import dev.pictor.image.RgbImage;
import dev.pictor.onnx.OnnxFaceLandmarker;
import dev.pictor.onnx.store.ModelStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The landmarker's contract, on the packaged model and real face crops. */
class OnnxFaceLandmarkerIT {
  private static final List<RgbImage> FACES = new ArrayList<>();
  private static final List<Box> BOXES =
      List.of(
          new Box(19, 19, 112, 112),
          new Box(10, 5, 130, 140),
          new Box(30.5f, 25.25f, 90, 96),
          new Box(-20, -10, 120, 120));
  private static OnnxFaceLandmarker shared;

  @BeforeAll
  static void setUp() throws Exception {
    for (String person : TestFaces.PEOPLE) {
      FACES.add(FaceLandmark68ParityIT.rgb(TestFaces.crop(person, 1), 1));
    }
    shared = FaceLandmark68ParityIT.open();
  }

  @AfterAll
  static void tearDown() {
    shared.close();
  }

  @Test
  void cardDescribesTheLandmarkModel() {
    assertThat(shared.card().id()).isEqualTo("face-landmark68");
    assertThat(shared.card().input().width()).isEqualTo(112);
    assertThat(shared.card().landmarker().points()).isEqualTo(68);
    assertThat(shared.device()).isEqualTo(ExecutionDevice.cpu());
  }

  @Test
  void pointsAreWhereAFaceIs() throws Exception {
    // faces-tv crops are aligned dlib-style: eyes near y = 45, mouth near y = 105 of 150
    for (RgbImage face : FACES) {
      float[] p = shared.landmarks68(face, List.of(BOXES.get(0))).get(0);
      double leftEyeX = mean(p, 36, 42, 0);
      double leftEyeY = mean(p, 36, 42, 1);
      double rightEyeX = mean(p, 42, 48, 0);
      double mouthY = mean(p, 48, 68, 1);
      assertThat(leftEyeX).isLessThan(rightEyeX);
      assertThat(leftEyeY).isCloseTo(45, within(15.0));
      assertThat(mouthY).isCloseTo(105, within(15.0));
    }
  }

  @Test
  void shapesAreThePointsOfTheScaledAndShiftedBox() throws Exception {
    LandmarkerOptions options = LandmarkerOptions.builder().boxScale(1.3).boxShiftDown(0.1).build();
    try (FaceLandmarker landmarker =
        OnnxFaceLandmarker.open(
            ModelStore.standard(Optional.empty()).resolve("face-landmark68"), options)) {
      Box box = BOXES.get(1);
      FaceShape shape = landmarker.shapes(FACES.get(0), List.of(box)).get(0);
      float[] direct = shared.landmarks68(FACES.get(0), List.of(options.cropFor(box))).get(0);
      assertThat(shape.coordinates()).containsExactly(direct, within(1e-4f));
      float[] unscaled = shared.landmarks68(FACES.get(0), List.of(box)).get(0);
      assertThat(shape.coordinates()).isNotEqualTo(unscaled);
    }
  }

  @Test
  void batchedRunEqualsOneBoxAtATimeAndSmallBatchesAgree() throws Exception {
    List<float[]> batched = shared.landmarks68(FACES.get(0), BOXES);
    assertThat(batched).hasSize(BOXES.size());
    try (OnnxFaceLandmarker small =
        OnnxFaceLandmarker.open(
            ModelStore.standard(Optional.empty()).resolve("face-landmark68"),
            ExecutionDevice.cpu(),
            1,
            3)) {
      List<float[]> split = small.landmarks68(FACES.get(0), BOXES);
      for (int i = 0; i < BOXES.size(); i++) {
        float[] single = shared.landmarks68(FACES.get(0), List.of(BOXES.get(i))).get(0);
        for (int k = 0; k < 136; k++) {
          assertThat((double) batched.get(i)[k]).isCloseTo(single[k], within(1e-3));
          assertThat((double) split.get(i)[k]).isCloseTo(single[k], within(1e-3));
        }
      }
    }
  }

  @Test
  void eightThreadsGetTheSameAnswersAsOne() throws Exception {
    List<float[]> expected = new ArrayList<>();
    for (RgbImage face : FACES) {
      expected.add(shared.landmarks68(face, BOXES.subList(0, 2)).get(1));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<float[]>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  List<float[]> mine = new ArrayList<>();
                  for (int i = 0; i < FACES.size(); i++) {
                    RgbImage face = FACES.get((i + offset) % FACES.size());
                    mine.add(shared.landmarks68(face, BOXES.subList(0, 2)).get(1));
                  }
                  return mine;
                }));
      }
      for (int t = 0; t < 8; t++) {
        List<float[]> mine = results.get(t).get(2, TimeUnit.MINUTES);
        for (int i = 0; i < FACES.size(); i++) {
          float[] want = expected.get((i + t) % FACES.size());
          for (int k = 0; k < 136; k++) {
            assertThat((double) mine.get(i)[k]).isCloseTo(want[k], within(1e-3));
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsFail() throws Exception {
    OnnxFaceLandmarker landmarker = FaceLandmark68ParityIT.open();
    assertThat(landmarker.landmarks68(FACES.get(0), BOXES)).hasSize(BOXES.size());
    landmarker.close();
    landmarker.close();
    assertThatThrownBy(() -> landmarker.landmarks68(FACES.get(0), BOXES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closeDuringRunsWaitsForThemAndLaterRunsFailCleanly() throws Exception {
    OnnxFaceLandmarker landmarker = FaceLandmark68ParityIT.open();
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
                      assertThat(landmarker.landmarks68(FACES.get(1), BOXES)).hasSize(4);
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
      landmarker.close();
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
  void noBoxesGiveNoPointsAndBadArgumentsAreRejected() throws Exception {
    assertThat(shared.landmarks68(FACES.get(0), List.of())).isEmpty();
    assertThatThrownBy(() -> shared.landmarks68(FACES.get(0), List.of(new Box(1, 1, 0, 10))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("face box 0");
    assertThatThrownBy(() -> shared.landmarks68(null, BOXES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                OnnxFaceLandmarker.open(
                    ModelStore.standard(Optional.empty()).resolve("face-landmark68"),
                    ExecutionDevice.cpu(),
                    0,
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatchSize");
  }

  @Test
  void anEncoderModelIsNotALandmarkModel() {
    assertThatThrownBy(
            () ->
                OnnxFaceLandmarker.open(
                    ModelStore.standard(Optional.empty()).resolve("face-resnet128"),
                    ExecutionDevice.cpu(),
                    0,
                    4))
        .isInstanceOf(dev.pictor.ModelException.class)
        .hasMessageContaining("is not a landmarker")
        .hasMessageContaining("kind 'encoder'");
  }

  private static double mean(float[] p, int from, int to, int axis) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += p[2 * i + axis];
    }
    return sum / (to - from);
  }
}
