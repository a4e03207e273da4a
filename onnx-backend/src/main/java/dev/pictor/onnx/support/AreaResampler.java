package dev.pictor.onnx.support;

/**
 * Shrinks interleaved 8-bit RGB images by pixel-area averaging (each output pixel is the mean of
 * the source area it covers, with fractional weights at the edges), separably: rows, then columns.
 * Stateless.
 */
public final class AreaResampler {
  private AreaResampler() {}

  /**
   * Resamples {@code rgb} ({@code srcW x srcH}) to {@code dstW x dstH} and writes the result as
   * planar floats 0..255 into {@code planes} (three planes of {@code planeW x planeH}, row stride
   * {@code planeW}), in BGR order if {@code bgr}, else RGB. Pixels outside {@code dstW x dstH} are
   * left untouched (padding). Output must not be larger than the source.
   */
  public static void toPlanes(
      byte[] rgb,
      int srcW,
      int srcH,
      int dstW,
      int dstH,
      float[] planes,
      int planeW,
      int planeH,
      boolean bgr) {
    if (dstW > planeW || dstH > planeH) {
      throw new IllegalArgumentException(
          "cannot resample to " + dstW + "x" + dstH + " in " + planeW + "x" + planeH + " planes");
    }
    requireShrink(srcW, srcH, dstW, dstH);
    int planeSize = planeW * planeH;
    int[] order = bgr ? new int[] {2, 1, 0} : new int[] {0, 1, 2};
    if (dstW == srcW && dstH == srcH) {
      for (int y = 0; y < srcH; y++) {
        for (int x = 0; x < srcW; x++) {
          int s = (y * srcW + x) * 3;
          int d = y * planeW + x;
          for (int c = 0; c < 3; c++) {
            planes[c * planeSize + d] = rgb[s + order[c]] & 0xFF;
          }
        }
      }
      return;
    }
    // plane k holds channel order[k]: where red, green and blue start
    int[] start = new int[3];
    for (int k = 0; k < 3; k++) {
      start[order[k]] = k * planeSize;
    }
    resample(rgb, srcW, srcH, dstW, dstH, planes, planeW, 1, start);
  }

  /**
   * Resamples {@code rgb} ({@code srcW x srcH}) to interleaved 8-bit RGB of {@code dstW x dstH},
   * rounding to the nearest value. Output must not be larger than the source.
   */
  public static byte[] shrink(byte[] rgb, int srcW, int srcH, int dstW, int dstH) {
    requireShrink(srcW, srcH, dstW, dstH);
    float[] out = new float[dstW * dstH * 3];
    resample(rgb, srcW, srcH, dstW, dstH, out, dstW * 3, 3, new int[] {0, 1, 2});
    byte[] bytes = new byte[out.length];
    for (int i = 0; i < out.length; i++) {
      bytes[i] = (byte) Math.round(Math.min(255f, Math.max(0f, out[i])));
    }
    return bytes;
  }

  private static void requireShrink(int srcW, int srcH, int dstW, int dstH) {
    if (dstW > srcW || dstH > srcH || dstW < 1 || dstH < 1) {
      throw new IllegalArgumentException(
          "cannot shrink " + srcW + "x" + srcH + " to " + dstW + "x" + dstH);
    }
  }

  /**
   * Resamples rows first, then columns, writing pixel (x, y) of channel c (0 red, 1 green, 2 blue)
   * to {@code out[start[c] + y * rowStride + x * pixelStride]}: planes or interleaved pixels.
   */
  private static void resample(
      byte[] rgb,
      int srcW,
      int srcH,
      int dstW,
      int dstH,
      float[] out,
      int rowStride,
      int pixelStride,
      int[] start) {
    Weights wx = Weights.of(srcW, dstW);
    Weights wy = Weights.of(srcH, dstH);
    float[] rows = new float[srcH * dstW * 3];
    for (int y = 0; y < srcH; y++) {
      for (int x = 0; x < dstW; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = wx.start[x]; k < wx.start[x + 1]; k++) {
          int s = (y * srcW + wx.index[k]) * 3;
          float w = wx.weight[k];
          r += w * (rgb[s] & 0xFF);
          g += w * (rgb[s + 1] & 0xFF);
          b += w * (rgb[s + 2] & 0xFF);
        }
        int d = (y * dstW + x) * 3;
        rows[d] = r;
        rows[d + 1] = g;
        rows[d + 2] = b;
      }
    }
    for (int y = 0; y < dstH; y++) {
      for (int x = 0; x < dstW; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = wy.start[y]; k < wy.start[y + 1]; k++) {
          int s = (wy.index[k] * dstW + x) * 3;
          float w = wy.weight[k];
          r += w * rows[s];
          g += w * rows[s + 1];
          b += w * rows[s + 2];
        }
        int d = y * rowStride + x * pixelStride;
        out[start[0] + d] = r;
        out[start[1] + d] = g;
        out[start[2] + d] = b;
      }
    }
  }

  /** For each output index, the source indices it covers and their normalised overlap weights. */
  private record Weights(int[] start, int[] index, float[] weight) {
    static Weights of(int src, int dst) {
      double scale = (double) src / dst;
      int[] start = new int[dst + 1];
      int capacity = (int) Math.ceil(scale + 2) * dst;
      int[] index = new int[capacity];
      float[] weight = new float[capacity];
      int n = 0;
      for (int i = 0; i < dst; i++) {
        start[i] = n;
        double from = i * scale;
        double to = Math.min(src, (i + 1) * scale);
        for (int s = (int) Math.floor(from); s < to; s++) {
          double overlap = Math.min(to, s + 1) - Math.max(from, s);
          if (overlap > 1e-9) {
            index[n] = s;
            weight[n] = (float) (overlap / scale);
            n++;
          }
        }
      }
      start[dst] = n;
      return new Weights(start, index, weight);
    }
  }
}
