package dev.pictor.benchmarks;

import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import java.util.List;

/**
 * A read-only gallery held in memory, for benchmarks that measure search rather than storage.
 * Immutable and thread-safe.
 */
final class MemoryGallery implements Gallery {
  private final String modelId;
  private final List<Enrolled> enrolled;

  MemoryGallery(String modelId, List<Enrolled> enrolled) {
    this.modelId = modelId;
    this.enrolled = List.copyOf(enrolled);
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public void enroll(String name, List<FaceEmbedding> embeddings) {
    throw new UnsupportedOperationException("read-only benchmark gallery");
  }

  @Override
  public boolean remove(String name) {
    throw new UnsupportedOperationException("read-only benchmark gallery");
  }

  @Override
  public void rename(String from, String to) {
    throw new UnsupportedOperationException("read-only benchmark gallery");
  }

  @Override
  public List<String> names() {
    return enrolled.stream().map(Enrolled::name).distinct().sorted().toList();
  }

  @Override
  public int count() {
    return names().size();
  }

  @Override
  public List<FaceEmbedding> embeddingsOf(String name) {
    return enrolled.stream().filter(e -> e.name().equals(name)).map(Enrolled::embedding).toList();
  }

  @Override
  public List<Enrolled> all() {
    return enrolled;
  }

  @Override
  public long version() {
    return 1;
  }

  @Override
  public void close() {}
}
