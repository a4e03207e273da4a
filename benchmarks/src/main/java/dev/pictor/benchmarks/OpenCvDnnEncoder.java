package dev.pictor.benchmarks;

import dev.pictor.face.FaceImage;
import dev.pictor.model.ModelCard;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * The alternative a Java user would reach for: an ONNX face encoder run by OpenCV's DNN module on
 * the CPU (OpenCV backend), fed the same normalised NCHW tensor as Pictor's encoder.
 *
 * <p>Not thread-safe (an OpenCV {@code Net} is not). The network's native memory is freed when the
 * object is garbage collected; OpenCV's Java binding offers no explicit release for it.
 */
final class OpenCvDnnEncoder {
  static {
    nu.pattern.OpenCV.loadLocally();
  }

  private final ModelCard card;
  private final Net net;

  /**
   * Reads the model from memory and sets OpenCV's global thread count.
   *
   * @param card the model's card (input size, normalisation)
   * @param onnx the model file's bytes
   * @param threads threads for OpenCV's parallel loops (process-wide setting)
   */
  OpenCvDnnEncoder(ModelCard card, byte[] onnx, int threads) {
    this.card = card;
    Core.setNumThreads(threads);
    MatOfByte buffer = new MatOfByte(onnx);
    try {
      this.net = Dnn.readNetFromONNX(buffer);
    } finally {
      buffer.release();
    }
    net.setPreferableBackend(Dnn.DNN_BACKEND_OPENCV);
    net.setPreferableTarget(Dnn.DNN_TARGET_CPU);
  }

  /** The raw (not normalised) network outputs, one row per face. */
  float[][] encode(List<FaceImage> faces) {
    int n = faces.size();
    Mat blob =
        new Mat(new int[] {n, 3, card.input().height(), card.input().width()}, CvType.CV_32F);
    Mat out = null;
    try {
      blob.put(new int[] {0, 0, 0, 0}, FaceCrops.nchw(faces, card));
      net.setInput(blob);
      out = net.forward();
      int size = card.encoder().embeddingSize();
      if (out.rows() != n || out.cols() != size || out.type() != CvType.CV_32F) {
        throw new IllegalStateException(
            "OpenCV DNN returned " + out + ", expected " + n + "x" + size + " CV_32F");
      }
      float[] flat = new float[n * size];
      out.get(0, 0, flat);
      float[][] rows = new float[n][size];
      for (int i = 0; i < n; i++) {
        System.arraycopy(flat, i * size, rows[i], 0, size);
      }
      return rows;
    } finally {
      blob.release();
      if (out != null) {
        out.release();
      }
    }
  }

  /** The lines of OpenCV's build information that matter for speed (parallel framework, SIMD). */
  static String buildSummary() {
    StringBuilder summary = new StringBuilder("OpenCV " + Core.VERSION);
    for (String line : Core.getBuildInformation().split("\n")) {
      String t = line.strip();
      if (t.startsWith("Parallel framework")
          || t.startsWith("Dispatched code")
          || t.startsWith("Baseline")) {
        summary.append("; ").append(t.replaceAll("\\s+", " "));
      }
    }
    return summary.append("; threads ").append(Core.getNumThreads()).toString();
  }
}
