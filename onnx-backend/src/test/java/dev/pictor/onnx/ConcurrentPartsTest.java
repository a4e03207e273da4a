package dev.pictor.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.onnx.support.GuardedSession;
import dev.pictor.onnx.support.OrtRuntime;
import dev.pictor.onnx.support.SessionFactory;
import dev.pictor.onnx.support.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A batch run as concurrent parts on one real (identity) session. */
class ConcurrentPartsTest {

  private static ConcurrentParts<Float> parts(int count) throws Exception {
    OrtSession session =
        SessionFactory.open("identity", TinyModels.identityModel(), ExecutionDevice.cpu(), 1)
            .session();
    return new ConcurrentParts<>(count, new GuardedSession(session, "identity"), "test");
  }

  /** Runs the identity graph on rows [v, v, v, v] and returns each row's first value. */
  private static List<Float> identity(OrtSession session, List<Float> part)
      throws InferenceException {
    float[][] rows = new float[part.size()][4];
    for (int i = 0; i < rows.length; i++) {
      java.util.Arrays.fill(rows[i], part.get(i));
    }
    try (OnnxTensor x = OnnxTensor.createTensor(OrtRuntime.environment(), rows);
        OrtSession.Result y = session.run(Map.of("x", x))) {
      List<Float> out = new ArrayList<>();
      for (float[] row : (float[][]) y.get(0).getValue()) {
        out.add(row[0]);
      }
      return out;
    } catch (OrtException e) {
      throw new InferenceException("identity failed", e);
    }
  }

  @Test
  void aBatchIsSplitOnlyWhenEveryPartGetsAnItem() throws Exception {
    try (ConcurrentParts<Float> three = parts(3)) {
      assertThat(three.splits(2)).isFalse();
      assertThat(three.splits(3)).isTrue();
    }
    assertThatThrownBy(() -> new ConcurrentParts<Float>(1, null, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parts must be >= 2");
  }

  @Test
  void partsRunOnSeveralThreadsAndTheResultsKeepTheBatchOrder() throws Exception {
    List<Float> batch = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      batch.add((float) i);
    }
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ConcurrentParts<Float> three = parts(3)) {
      List<Float> out =
          three.run(
              batch,
              (s, part) -> {
                threads.add(Thread.currentThread().getName());
                sizes.add(part.size());
                return identity(s, part);
              });
      assertThat(out).containsExactlyElementsOf(batch);
    }
    assertThat(sizes).containsExactlyInAnyOrder(3, 4, 4);
    assertThat(threads).hasSize(3).contains(Thread.currentThread().getName());
  }

  @Test
  void aFailingPartFailsTheCallAfterEveryOtherPartHasFinished() throws Exception {
    List<Float> batch = List.of(1f, 2f, 3f, 4f);
    AtomicInteger finished = new AtomicInteger();
    try (ConcurrentParts<Float> two = parts(2)) {
      assertThatThrownBy(
              () ->
                  two.run(
                      batch,
                      (s, part) -> {
                        if (part.contains(4f)) { // the caller's own part fails at once
                          throw new InferenceException("part with face 4 failed", null);
                        }
                        pause(300);
                        finished.incrementAndGet();
                        return identity(s, part);
                      }))
          .isInstanceOf(InferenceException.class)
          .hasMessage("part with face 4 failed");
      assertThat(finished).as("the slow part was waited for").hasValue(1);
    }
  }

  @Test
  void afterCloseARunFailsAsAClosedEncoderDoes() throws Exception {
    ConcurrentParts<Float> two = parts(2);
    two.close();
    two.close();
    assertThatThrownBy(() -> two.run(List.of(1f, 2f), ConcurrentPartsTest::identity))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("test is closed");
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
