package dev.pictor.pgvector;

import dev.pictor.face.FaceEmbedding;
import dev.pictor.recognition.contract.GalleryContract;
import java.util.ArrayList;
import java.util.List;

/** The numbered people of the fault tests: person n has 1 to 3 embeddings derived from n. */
final class FaultData {

  private FaultData() {}

  static int countOf(long n) {
    return 1 + (int) (n % 3);
  }

  static List<FaceEmbedding> embeddingsOf(long n) {
    List<FaceEmbedding> list = new ArrayList<>();
    for (int j = 0; j < countOf(n); j++) {
      list.add(GalleryContract.embedding(n * 16 + j));
    }
    return list;
  }

  /** Checks that person n is stored completely, with exact values; returns a failure or null. */
  static String checkComplete(PgVectorGallery gallery, long n) throws Exception {
    List<FaceEmbedding> stored = gallery.embeddingsOf("person-" + n);
    List<FaceEmbedding> expected = embeddingsOf(n);
    if (stored.size() != expected.size()) {
      return "person-" + n + " has " + stored.size() + " embeddings, expected " + expected.size();
    }
    for (int j = 0; j < expected.size(); j++) {
      if (!java.util.Arrays.equals(
          GalleryContract.bits(stored.get(j)), GalleryContract.bits(expected.get(j)))) {
        return "person-" + n + " embedding " + j + " differs";
      }
    }
    return null;
  }

  static long numberOf(String name) {
    return Long.parseLong(name.substring("person-".length()));
  }
}
