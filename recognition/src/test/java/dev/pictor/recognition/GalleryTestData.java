package dev.pictor.recognition;

import dev.pictor.face.FaceEmbedding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic embeddings for the gallery tests: the same arguments give the same bits. */
final class GalleryTestData {

  static final String MODEL = "test-model-v1";
  static final int SIZE = 128;

  private GalleryTestData() {}

  /** A unit-length embedding of {@link #MODEL} whose values follow from {@code seed}. */
  static FaceEmbedding embedding(long seed) {
    return embedding(MODEL, SIZE, seed);
  }

  static FaceEmbedding embedding(String model, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] raw = new float[size];
    for (int i = 0; i < size; i++) {
      raw[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return FaceEmbedding.normalised(model, raw);
  }

  /** How many embeddings person {@code n} of a numbered sequence is enrolled with: 1 to 3. */
  static int countOf(long n) {
    return 1 + (int) (n % 3);
  }

  /** The embeddings of person {@code n} of a numbered sequence, in enrollment order. */
  static List<FaceEmbedding> embeddingsOf(long n) {
    List<FaceEmbedding> list = new ArrayList<>();
    for (int j = 0; j < countOf(n); j++) {
      list.add(embedding(n * 16 + j));
    }
    return list;
  }

  /** The raw IEEE-754 bits of every value, for bit-for-bit comparisons. */
  static int[] bits(FaceEmbedding embedding) {
    float[] values = embedding.values();
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
