package dev.pictor.recognition;

import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A minimal gallery for tests of the search code: a synchronized map, no persistence. */
final class InMemoryGallery implements Gallery {
  private final String modelId;
  private final Map<String, List<FaceEmbedding>> people = new TreeMap<>();
  private long version;

  InMemoryGallery(String modelId) {
    this.modelId = modelId;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public synchronized void enroll(String name, List<FaceEmbedding> embeddings) {
    people.computeIfAbsent(name, n -> new ArrayList<>()).addAll(embeddings);
    version++;
  }

  @Override
  public synchronized boolean remove(String name) {
    version++;
    return people.remove(name) != null;
  }

  @Override
  public synchronized void rename(String from, String to) {
    people.put(to, people.remove(from));
    version++;
  }

  @Override
  public synchronized List<String> names() {
    return List.copyOf(people.keySet());
  }

  @Override
  public synchronized int count() {
    return people.size();
  }

  @Override
  public synchronized List<FaceEmbedding> embeddingsOf(String name) {
    return List.copyOf(people.getOrDefault(name, List.of()));
  }

  @Override
  public synchronized List<Enrolled> all() {
    List<Enrolled> all = new ArrayList<>();
    people.forEach((name, list) -> list.forEach(e -> all.add(new Enrolled(name, e))));
    return all;
  }

  @Override
  public synchronized long version() {
    return version;
  }

  @Override
  public void close() {}
}
