package dev.pictor.pgvector;

import dev.pictor.face.DistanceMetric;
import dev.pictor.recognition.contract.GalleryContract;
import java.util.List;

/**
 * Child process of {@link PgPasswordLeakIT}: uses a gallery through a URL that carries the password
 * (enroll, search, list, a timeout-free failure), then connects with a wrong password, printing
 * every exception with its stack trace. Argument: the URL with credentials, the wrong password, the
 * gallery name.
 */
public final class PgVerboseClient {

  private PgVerboseClient() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String wrongPassword = args[1];
    String name = args[2];
    PgSettings settings = PgSettings.fromUrl(url);
    System.out.println("settings: " + settings);
    try (PgVectorGallery gallery =
        PgVectorGallery.open(
            settings,
            name,
            GalleryContract.MODEL,
            GalleryContract.SIZE,
            DistanceMetric.EUCLIDEAN)) {
      gallery.enroll("alice", List.of(GalleryContract.embedding(1)));
      PgVectorRecognizer recognizer =
          new PgVectorRecognizer(
              gallery, DistanceMetric.EUCLIDEAN, 0.5, PgVectorRecognizer.Mode.INDEX, 40);
      System.out.println("identified: " + recognizer.identify(GalleryContract.embedding(1), 1));
      System.out.println("gallery: " + gallery + " names " + gallery.names());
      try {
        gallery.store().open(name, "another-model", 128, DistanceMetric.EUCLIDEAN);
      } catch (PgGalleryException e) {
        e.printStackTrace(System.out);
      }
      gallery.store().drop(name);
    }
    String wrongUrl = url.replaceFirst(":[^:@/]*@", ":" + wrongPassword + "@");
    try {
      PgVectorStore.open(PgSettings.fromUrl(wrongUrl)).close();
      System.out.println("UNEXPECTED: the wrong password was accepted");
    } catch (PgGalleryException e) {
      System.out.println("reason: " + e.reason());
      e.printStackTrace(System.out);
    }
  }
}
