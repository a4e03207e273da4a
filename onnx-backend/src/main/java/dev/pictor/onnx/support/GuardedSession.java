package dev.pictor.onnx.support;

import ai.onnxruntime.OrtSession;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An ONNX Runtime session that is safe to close while other threads use it: runs hold a read lock,
 * {@link #close()} takes the write lock, so it waits for runs in flight and later runs fail with
 * {@link IllegalStateException}. Thread-safe; close is idempotent.
 */
public final class GuardedSession implements AutoCloseable {

  /** Work done with the open session. */
  @FunctionalInterface
  public interface SessionWork<T, E extends Exception> {
    T run(OrtSession session) throws E;
  }

  private final OrtSession session;
  private final String name;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  /**
   * @param session the session to guard; owned from now on
   * @param name for the message thrown after close
   */
  public GuardedSession(OrtSession session, String name) {
    this.session = session;
    this.name = name;
  }

  /**
   * Runs {@code work} with the session, unless closed.
   *
   * @throws IllegalStateException if {@link #close()} was called
   */
  public <T, E extends Exception> T use(SessionWork<T, E> work) throws E {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(name + " is closed");
      }
      return work.run(session);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Closes the session once all runs in flight have finished. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        session.close();
      }
    } catch (ai.onnxruntime.OrtException e) {
      throw new IllegalStateException("closing " + name + " failed", e);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
