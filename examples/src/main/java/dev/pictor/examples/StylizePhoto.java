package dev.pictor.examples;

import dev.pictor.ImageException;
import dev.pictor.PictorException;
import dev.pictor.image.opencv.ImageWriter;
import dev.pictor.image.opencv.Images;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleProgress;
import dev.pictor.style.StyleResult;
import dev.pictor.style.gatys.GatysOptions;
import dev.pictor.style.gatys.GatysStyleTransfer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Paints a photo in the style of a painting (Gatys et al.), printing the cost as it falls: {@code
 * StylizePhoto photo.jpg painting.jpg out.png [size] [iterations]}. Exits with 0 (written), 2 (bad
 * arguments or an unreadable image) or 3 (VGG-19 weights missing, or a failed run).
 */
public final class StylizePhoto {
  private StylizePhoto() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length < 3 || args.length > 5) {
      System.err.println("usage: StylizePhoto photo.jpg painting.jpg out.png [size] [iterations]");
      return 2;
    }
    GatysOptions options;
    try {
      options =
          GatysOptions.builder()
              .size(args.length > 3 ? Integer.parseInt(args[3]) : 256)
              .iterations(args.length > 4 ? Integer.parseInt(args[4]) : 300)
              .build();
    } catch (IllegalArgumentException e) { // also a NumberFormatException
      System.err.println("bad size or iterations: " + e.getMessage());
      return 2;
    }
    StyleMonitor printer =
        new StyleMonitor() {
          @Override
          public void onProgress(StyleProgress p) {
            if (p.step() % 10 == 0 || p.step() == p.totalSteps()) {
              System.out.printf(
                  Locale.ROOT, "step %d/%d  J %.4g%n", p.step(), p.totalSteps(), p.totalCost());
            }
          }
        };
    // The style transfer holds ONNX Runtime sessions (native memory): close it.
    try (GatysStyleTransfer gatys =
        GatysStyleTransfer.open(Images.read(Path.of(args[1])), options)) {
      StyleResult result = gatys.stylize(Images.read(Path.of(args[0])), printer);
      ImageWriter.write(result.image(), Path.of(args[2]));
      System.out.printf(Locale.ROOT, "wrote %s in %s%n", args[2], result.elapsed());
      return 0;
    } catch (ImageException e) { // an unreadable or too small image, an unwritable output
      System.err.println(e.getMessage());
      return 2;
    } catch (PictorException e) { // weights missing or corrupt, a failed run
      System.err.println(e.getMessage());
      return 3;
    }
  }
}
