package dev.pictor.image.opencv;

import dev.pictor.BackendUnavailableException;
import nu.pattern.OpenCV;
import org.opencv.core.Core;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads OpenCV's native library, once per class loader, the first time it is needed.
 *
 * <p>Thread-safe: the work is done by the initialiser of a holder class, which the JVM runs exactly
 * once. A failure is remembered and reported on every call, with its cause.
 */
final class OpenCvNatives {
  private static final Logger LOG = LoggerFactory.getLogger(OpenCvNatives.class);

  private OpenCvNatives() {}

  /**
   * Makes sure the native library is loaded.
   *
   * @throws BackendUnavailableException if it could not be loaded on this platform
   */
  static void ensureLoaded() {
    Throwable failure = Holder.FAILURE;
    if (failure != null) {
      throw new BackendUnavailableException(
          "OpenCV's native library (artifact org.openpnp:opencv) could not be loaded on "
              + System.getProperty("os.name")
              + " "
              + System.getProperty("os.arch")
              + ": "
              + failure,
          failure);
    }
  }

  private static final class Holder {
    /** Null once the library is loaded; else why it could not be. */
    static final Throwable FAILURE = load();

    private static Throwable load() {
      try {
        OpenCV.loadLocally();
        LOG.debug("OpenCV {} native library loaded", Core.VERSION);
        return null;
      } catch (RuntimeException | LinkageError e) {
        return e;
      }
    }
  }
}
