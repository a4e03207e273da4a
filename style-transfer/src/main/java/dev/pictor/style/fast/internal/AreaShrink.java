package dev.pictor.style.fast.internal;

/**
 * Shrinks interleaved 8-bit RGB by pixel-area averaging (each output pixel is the mean of the
 * source area it covers, with fractional weights at the edges), rows first, then columns.
 * Stateless.
 */
public final class AreaShrink {
  private AreaShrink() {}

  /**
   * Resamples {@code rgb} from {@code srcW x srcH} to {@code dstW x dstH}, neither larger than the
   * source.
   */
  public static byte[] shrink(byte[] rgb, int srcW, int srcH, int dstW, int dstH) {
    if (dstW < 1 || dstH < 1 || dstW > srcW || dstH > srcH) {
      throw new IllegalArgumentException(
          "cannot shrink " + srcW + "x" + srcH + " to " + dstW + "x" + dstH);
    }
    // Horizontal pass: srcH rows of dstW pixels.
    float[] rows = new float[srcH * dstW * 3];
    double sx = (double) srcW / dstW;
    for (int x = 0; x < dstW; x++) {
      double from = x * sx;
      double to = from + sx;
      for (int s = (int) from; s < Math.min(srcW, (int) Math.ceil(to)); s++) {
        float w = (float) ((Math.min(to, s + 1) - Math.max(from, s)) / sx);
        for (int y = 0; y < srcH; y++) {
          int src = (y * srcW + s) * 3;
          int dst = (y * dstW + x) * 3;
          rows[dst] += w * (rgb[src] & 0xFF);
          rows[dst + 1] += w * (rgb[src + 1] & 0xFF);
          rows[dst + 2] += w * (rgb[src + 2] & 0xFF);
        }
      }
    }
    // Vertical pass.
    float[] out = new float[dstH * dstW * 3];
    double sy = (double) srcH / dstH;
    for (int y = 0; y < dstH; y++) {
      double from = y * sy;
      double to = from + sy;
      for (int s = (int) from; s < Math.min(srcH, (int) Math.ceil(to)); s++) {
        float w = (float) ((Math.min(to, s + 1) - Math.max(from, s)) / sy);
        int src = s * dstW * 3;
        int dst = y * dstW * 3;
        for (int i = 0; i < dstW * 3; i++) {
          out[dst + i] += w * rows[src + i];
        }
      }
    }
    byte[] bytes = new byte[out.length];
    for (int i = 0; i < out.length; i++) {
      bytes[i] = (byte) Math.round(Math.min(255f, Math.max(0f, out[i])));
    }
    return bytes;
  }
}
