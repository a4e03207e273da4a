package dev.pictor.recognition;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link GalleryKillIT}: enrolls person-N, person-N+1, ... into a gallery, and
 * after each enroll has returned prints {@code enrolled N} and flushes, until it is killed.
 *
 * <p>Arguments: the gallery file and the first N. It prints {@code ready} once the gallery is open.
 * It exits by itself when its standard input closes (the parent died), so it never outlives the
 * test.
 */
public final class GalleryEnrollLoop {

  private static final long MAX_ENROLLMENTS = 100_000;

  private GalleryEnrollLoop() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: GalleryEnrollLoop <gallery file> <first index>");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    long first = Long.parseLong(args[1]);
    Thread watchdog = new Thread(GalleryEnrollLoop::exitWhenParentGoes, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    PrintStream out = System.out;
    try (SqliteGallery gallery =
        SqliteGallery.open(file, GalleryTestData.MODEL, GalleryTestData.SIZE)) {
      out.println("ready");
      out.flush();
      for (long n = first; n < first + MAX_ENROLLMENTS; n++) {
        gallery.enroll("person-" + n, GalleryTestData.embeddingsOf(n));
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
