package dev.pictor.style.gatys;

import dev.pictor.ImageException;
import dev.pictor.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Writes images as 8-bit RGB PNG files with the JDK's encoder. Stateless and thread-safe. */
public final class Png {
  private Png() {}

  /**
   * Writes {@code image} to {@code file} (through a temporary file in the same folder, so a reader
   * never sees half a file).
   *
   * @throws ImageException naming the file if it cannot be written
   */
  public static void write(RgbImage image, Path file) throws ImageException {
    BufferedImage out =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    byte[] rgb = image.rgb();
    int[] row = new int[image.width()];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int i = (y * image.width() + x) * 3;
        row[x] = (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
      }
      out.setRGB(0, y, image.width(), 1, row, 0, image.width());
    }
    Path absolute = file.toAbsolutePath();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(absolute.getParent(), ".pictor-", ".png.tmp");
      if (!ImageIO.write(out, "png", tmp.toFile())) {
        throw new IOException("no PNG encoder in this JDK");
      }
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        if (tmp != null) {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new ImageException("cannot write PNG " + file + ": " + e.getMessage(), e);
    }
  }
}
