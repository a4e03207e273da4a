package dev.pictor.onnx;

import dev.pictor.face.Box;
import dev.pictor.face.DetectedFace;
import dev.pictor.face.Landmarks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns YuNet's raw outputs into faces: for each stride s in 8, 16, 32 and each grid cell (row r,
 * column c) the score is {@code sqrt(cls * obj)} (both clamped to 0..1); the box centre is {@code
 * (c + dx, r + dy) * s}, its size {@code exp(dw, dh) * s}; landmark k is {@code (c + kx, r + ky) *
 * s}. Then greedy non-maximum suppression. Stateless.
 */
final class YuNetDecoder {
  static final int[] STRIDES = {8, 16, 32};

  private YuNetDecoder() {}

  /** Outputs of one stride, each row-major over the grid cells. */
  record StrideOutput(int stride, float[] cls, float[] obj, float[] bbox, float[] kps) {}

  /**
   * Decodes candidate faces.
   *
   * @param outputs one entry per stride
   * @param inputW network input width (a multiple of 32)
   * @param inputH network input height
   * @param scaleX divides x coordinates to map them to the original image
   * @param scaleY divides y coordinates
   * @param scoreThreshold minimum score
   */
  static List<DetectedFace> decode(
      List<StrideOutput> outputs,
      int inputW,
      int inputH,
      float scaleX,
      float scaleY,
      float scoreThreshold) {
    List<DetectedFace> faces = new ArrayList<>();
    for (StrideOutput o : outputs) {
      int cols = inputW / o.stride();
      int rows = inputH / o.stride();
      if (o.cls().length != rows * cols) {
        throw new IllegalStateException(
            "stride " + o.stride() + ": " + o.cls().length + " cells, expected " + rows * cols);
      }
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          int i = r * cols + c;
          float score = (float) Math.sqrt(clamp(o.cls()[i]) * clamp(o.obj()[i]));
          if (!(score >= scoreThreshold)) {
            continue;
          }
          float s = o.stride();
          float cx = (c + o.bbox()[i * 4]) * s;
          float cy = (r + o.bbox()[i * 4 + 1]) * s;
          float w = (float) Math.exp(o.bbox()[i * 4 + 2]) * s;
          float h = (float) Math.exp(o.bbox()[i * 4 + 3]) * s;
          float[] xy = new float[10];
          for (int k = 0; k < 5; k++) {
            xy[2 * k] = (c + o.kps()[i * 10 + 2 * k]) * s / scaleX;
            xy[2 * k + 1] = (r + o.kps()[i * 10 + 2 * k + 1]) * s / scaleY;
          }
          if (!Float.isFinite(w) || !Float.isFinite(h) || !allFinite(xy)) {
            continue;
          }
          Box box = new Box((cx - w / 2) / scaleX, (cy - h / 2) / scaleY, w / scaleX, h / scaleY);
          faces.add(new DetectedFace(box, Math.min(1f, score), Landmarks.of(xy)));
        }
      }
    }
    return faces;
  }

  /**
   * Greedy NMS: keeps the best face, drops those overlapping it by more than {@code iou}, repeats;
   * then returns the kept faces whose box sides are at least {@code minSide}, best first, stopping
   * at {@code max} of them (so the work is bounded by {@code max} times the candidates).
   */
  static List<DetectedFace> suppress(List<DetectedFace> faces, float iou, float minSide, int max) {
    List<DetectedFace> sorted = new ArrayList<>(faces);
    sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
    List<DetectedFace> kept = new ArrayList<>();
    List<DetectedFace> returned = new ArrayList<>();
    for (DetectedFace f : sorted) {
      if (returned.size() == max) {
        break;
      }
      if (kept.stream().noneMatch(k -> k.box().iou(f.box()) > iou)) {
        kept.add(f);
        if (Math.min(f.box().width(), f.box().height()) >= minSide) {
          returned.add(f);
        }
      }
    }
    return returned;
  }

  private static float clamp(float v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
