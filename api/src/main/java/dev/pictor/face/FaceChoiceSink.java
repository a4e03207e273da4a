package dev.pictor.face;

/**
 * Receives the results of {@link FaceAnalyzer#analyzeAll} (or {@link FaceAnalyzer#alignAll}) one at
 * a time, in the order of the sources, each as soon as its batch is encoded. Throwing stops the run
 * and the exception reaches the caller: that is how a caller fails on the first unreadable photo.
 *
 * @param <T> what names a photo
 * @param <F> what is kept of a face
 * @param <E> what the sink may throw
 */
@FunctionalInterface
public interface FaceChoiceSink<T, F, E extends Exception> {
  void accept(FaceChoice<T, F> choice) throws E;
}
