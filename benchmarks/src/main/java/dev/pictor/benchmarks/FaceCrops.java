package dev.pictor.benchmarks;

import dev.pictor.face.FaceImage;
import dev.pictor.model.ModelCard;
import dev.pictor.onnx.support.FaceTensors;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Real face crops from {@code data/faces-tv/people} of the shared folder, and their packing into
 * the network's input tensor. Stateless.
 */
final class FaceCrops {
  /** System property naming the shared folder (as in the build's tests). */
  static final String SHARED_DIR_PROPERTY = "pictor.shared.dir";

  private FaceCrops() {}

  /**
   * The crops folder: {@code <pictor.shared.dir>/data/faces-tv/people}, default {@code ../shared}.
   */
  static Path directory() {
    Path shared = Path.of(System.getProperty(SHARED_DIR_PROPERTY, "../shared"));
    return shared.resolve("data").resolve("faces-tv").resolve("people");
  }

  /**
   * The first {@code count} crops, people and files in name order.
   *
   * @throws IOException if the folder holds fewer crops or one cannot be read
   */
  static List<FaceImage> load(int count) throws IOException {
    Path dir = directory();
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "no face crops at "
              + dir.toAbsolutePath()
              + "; point -D"
              + SHARED_DIR_PROPERTY
              + " at the shared folder");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".png")).sorted().limit(count).toList();
    }
    if (files.size() < count) {
      throw new IOException(dir + " holds " + files.size() + " crops, " + count + " needed");
    }
    List<FaceImage> faces = new ArrayList<>(count);
    for (Path file : files) {
      faces.add(read(file));
    }
    return faces;
  }

  /** An 8-bit grey or RGB PNG as a face image; grey is copied into R, G and B. */
  static FaceImage read(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException(file + " is not an image ImageIO can read");
    }
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    if ((bands != 1 && bands != 3) || raster.getSampleModel().getSampleSize(0) != 8) {
      throw new IOException(file + ": expected 8-bit grey or RGB, found " + bands + " bands");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    float[] rgb = new float[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          rgb[i + c] = raster.getSample(x, y, bands == 1 ? 0 : c);
        }
      }
    }
    return new FaceImage(w, h, rgb);
  }

  /**
   * The faces as one NCHW float tensor, normalised and ordered as {@code card} says: the input
   * Pictor's encoder builds ({@link FaceTensors#pack}), copied to the heap.
   */
  static float[] nchw(List<FaceImage> faces, ModelCard card) {
    FloatBuffer packed = FaceTensors.pack(card, faces);
    float[] out = new float[packed.remaining()];
    packed.get(out);
    return out;
  }
}
