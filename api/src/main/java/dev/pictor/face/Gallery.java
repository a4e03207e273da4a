package dev.pictor.face;

import java.util.List;

/**
 * The enrolled people: names with one or more face embeddings each, all made by one encoder model.
 *
 * <p>Implementations are durable (every call that returns has been committed), safe for concurrent
 * readers and writers across threads, and {@code AutoCloseable}: the caller closes them; {@link
 * #close()} is idempotent and later calls throw {@link IllegalStateException}. Errors of the store
 * itself are reported as {@link GalleryException}.
 */
public interface Gallery extends AutoCloseable {

  /** Id of the encoder model every embedding in this gallery comes from. */
  String modelId();

  /**
   * Adds embeddings to {@code name}, creating the person if needed; all or nothing.
   *
   * @throws IllegalArgumentException if the name is blank, the list empty, or an embedding comes
   *     from another model or has another size
   */
  void enroll(String name, List<FaceEmbedding> embeddings) throws GalleryException;

  /** Removes a person and their embeddings; returns whether they existed. */
  boolean remove(String name) throws GalleryException;

  /**
   * Renames a person.
   *
   * @throws IllegalArgumentException if {@code from} is unknown or {@code to} already exists
   */
  void rename(String from, String to) throws GalleryException;

  /** Enrolled names, sorted. */
  List<String> names() throws GalleryException;

  /** Number of enrolled people. */
  int count() throws GalleryException;

  /** The embeddings enrolled for {@code name}; empty if the name is unknown. */
  List<FaceEmbedding> embeddingsOf(String name) throws GalleryException;

  /** Every (name, embedding) pair, as one consistent snapshot. */
  List<Enrolled> all() throws GalleryException;

  /**
   * A counter that changes whenever the content changes, so that searchers can tell when their copy
   * is stale.
   */
  long version() throws GalleryException;

  @Override
  void close();

  /**
   * One enrolled embedding.
   *
   * @param name the person
   * @param embedding one of their embeddings
   */
  record Enrolled(String name, FaceEmbedding embedding) {}
}
