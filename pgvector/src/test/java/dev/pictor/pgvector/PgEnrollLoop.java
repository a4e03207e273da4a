package dev.pictor.pgvector;

import dev.pictor.face.DistanceMetric;
import dev.pictor.recognition.contract.GalleryContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Child process of {@link PgKillIT}: enrolls person-N, person-N+1, ... into a PostgreSQL gallery
 * (server and credentials from the PICTOR_TEST_PG_* environment) and prints {@code enrolled N}
 * after each enroll has returned, until it is killed. Arguments: the gallery name and the first N.
 * It exits by itself when its standard input closes, so it never outlives the test.
 */
public final class PgEnrollLoop {

  private PgEnrollLoop() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: PgEnrollLoop <gallery> <first index>");
      System.exit(2);
    }
    long first = Long.parseLong(args[1]);
    Thread watchdog = new Thread(PgEnrollLoop::exitWhenParentGoes, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    PgSettings settings =
        PgSettings.builder()
            .url(System.getenv("PICTOR_TEST_PG_URL"))
            .user(System.getenv("PICTOR_TEST_PG_USER"))
            .password(System.getenv("PICTOR_TEST_PG_PASSWORD").toCharArray())
            .build();
    PrintStream out = System.out;
    try (PgVectorGallery gallery =
        PgVectorGallery.open(
            settings,
            args[0],
            GalleryContract.MODEL,
            GalleryContract.SIZE,
            DistanceMetric.EUCLIDEAN)) {
      out.println("ready");
      out.flush();
      for (long n = first; n < first + 100_000; n++) {
        gallery.enroll("person-" + n, FaultData.embeddingsOf(n));
        out.println("enrolled " + n);
        out.flush();
      }
    }
  }

  private static void exitWhenParentGoes() {
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // The parent never writes; reading only detects that the pipe closed.
      }
    } catch (IOException e) {
      System.err.println("standard input failed: " + e);
    }
    System.exit(3);
  }
}
