package dev.pictor.onnx;

import ai.onnxruntime.OrtSession;
import dev.pictor.InferenceException;
import dev.pictor.onnx.support.GuardedSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one CPU batch as {@code parts} smaller runs at once, each on a single thread of a one-thread
 * session, instead of one run whose every operator is split across the threads.
 *
 * <p>Why: ONNX Runtime parallelises a run operator by operator, and a face network's later layers
 * are too small to split well (face-resnet128's last stage is 256 x 2 x 2 per face); parts that run
 * whole networks side by side keep every thread busy. Measured on 2 cores (docs/PERFORMANCE.md): in
 * paired runs of the bare sessions at batches 2, 4 and 16, 4-6% more faces/s on AMD Zen 3 cores
 * ("Batches split into concurrent runs"; +11% for the encoder at batch 16) and 9-22% on Intel
 * AVX-512 cores ("A second kind of host").
 *
 * <p>Thread-safe. Uses {@code parts - 1} daemon threads of its own; the caller's thread runs the
 * last part. {@link #close()} waits for runs in flight (the session's lock) and stops the threads.
 *
 * @param <T> what one part's run returns per item
 */
final class ConcurrentParts<T> implements AutoCloseable {

  /** One run of a sub-list of a batch on a session. */
  @FunctionalInterface
  interface PartRun<I, T> {
    List<T> run(OrtSession session, List<I> part) throws InferenceException;
  }

  private final int parts;
  private final GuardedSession session;
  private final String name;
  private final ExecutorService threads;

  /**
   * @param parts how many runs share a batch, at least 2 (the thread count the caller would
   *     otherwise give one run)
   * @param session a session with one intra-op thread; owned from now on
   * @param name for messages and the threads' names, e.g. {@code face encoder face-resnet128}
   */
  ConcurrentParts(int parts, GuardedSession session, String name) {
    if (parts < 2) {
      throw new IllegalArgumentException("parts must be >= 2, was " + parts);
    }
    this.parts = parts;
    this.session = session;
    this.name = name;
    AtomicInteger counter = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            parts - 1,
            r -> {
              String thread = "pictor-" + name.replace(' ', '-') + "-" + counter.incrementAndGet();
              Thread t = new Thread(r, thread);
              t.setDaemon(true); // an encoder left open does not keep the JVM alive
              return t;
            });
  }

  /** Whether a batch of {@code size} is split: when every part gets at least one item. */
  boolean splits(int size) {
    return size >= parts;
  }

  /**
   * Runs {@code batch} as {@link #parts} contiguous sub-lists at once and returns the results in
   * the batch's order.
   *
   * @throws InferenceException a part's failure (thrown once every part has ended)
   * @throws IllegalStateException after {@link #close()}
   */
  <I> List<T> run(List<I> batch, PartRun<I, T> work) throws InferenceException {
    List<Future<List<T>>> pending = new ArrayList<>(parts - 1);
    Throwable failure = null;
    int from = 0;
    for (int p = 0; p < parts - 1 && failure == null; p++) {
      int to = from + (batch.size() - from) / (parts - p);
      List<I> part = batch.subList(from, to);
      try {
        pending.add(threads.submit(() -> session.use(s -> work.run(s, part))));
      } catch (RejectedExecutionException e) {
        failure = new IllegalStateException(name + " is closed");
      }
      from = to;
    }
    List<T> out = new ArrayList<>(batch.size());
    List<T> lastOut = List.of();
    if (failure == null) {
      List<I> last = batch.subList(from, batch.size());
      try {
        lastOut = session.use(s -> work.run(s, last));
      } catch (InferenceException | RuntimeException e) {
        failure = e;
      }
    }
    boolean interrupted = false;
    for (Future<List<T>> f : pending) {
      while (true) {
        try {
          List<T> partOut = f.get(); // waits even after a failure: no run outlives this call
          out.addAll(partOut);
          break;
        } catch (ExecutionException e) {
          failure = failure == null ? e.getCause() : failure;
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the parts are short: finish waiting, then say so
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure instanceof InferenceException inference) {
      throw inference;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime; // e.g. IllegalStateException after close, as a whole-batch run throws it
    }
    if (failure != null) {
      throw new InferenceException("a part of a batch failed: " + failure, failure);
    }
    out.addAll(lastOut);
    return out;
  }

  /** Stops the threads and closes the session once the runs in flight have finished. */
  @Override
  public void close() {
    threads.shutdown();
    session.close();
  }
}
