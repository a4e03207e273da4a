package dev.pictor.style.gatys.internal;

import dev.pictor.image.RgbImage;
import dev.pictor.onnx.support.AreaResampler;

/**
 * Images as planar float RGB ({@code [3][h][w]}, values 0..255), the layout of the networks' input:
 * conversion, resizing and colour helpers. Stateless.
 */
public final class Planes {
  private Planes() {}

  /** {@code image} resized to {@code w x h} (area averaging when shrinking, else bilinear). */
  public static float[] of(RgbImage image, int w, int h) {
    if (w <= image.width() && h <= image.height()) {
      float[] out = new float[3 * w * h];
      AreaResampler.toPlanes(image.rgb(), image.width(), image.height(), w, h, out, w, h, false);
      return out;
    }
    return resize(of(image, image.width(), image.height()), image.width(), image.height(), w, h);
  }

  /**
   * {@code image} scaled (keeping its aspect ratio) to cover {@code w x h}, then cropped to it
   * around the centre.
   */
  public static float[] cover(RgbImage image, int w, int h) {
    double s = Math.max((double) w / image.width(), (double) h / image.height());
    int sw = Math.max(w, (int) Math.ceil(image.width() * s - 1e-9));
    int sh = Math.max(h, (int) Math.ceil(image.height() * s - 1e-9));
    float[] scaled = of(image, sw, sh);
    int x0 = (sw - w) / 2;
    int y0 = (sh - h) / 2;
    float[] out = new float[3 * w * h];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(scaled, (c * sh + y + y0) * sw + x0, out, (c * h + y) * w, w);
      }
    }
    return out;
  }

  /** Bilinear resize (pixel centres aligned, edges clamped). */
  public static float[] resize(float[] planes, int w, int h, int w2, int h2) {
    float[] out = new float[3 * w2 * h2];
    for (int y = 0; y < h2; y++) {
      double sy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / h2 - 0.5));
      int y0 = (int) sy;
      int y1 = Math.min(h - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < w2; x++) {
        double sx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / w2 - 0.5));
        int x0 = (int) sx;
        int x1 = Math.min(w - 1, x0 + 1);
        double fx = sx - x0;
        for (int c = 0; c < 3; c++) {
          int base = c * h * w;
          double top = planes[base + y0 * w + x0] * (1 - fx) + planes[base + y0 * w + x1] * fx;
          double bottom = planes[base + y1 * w + x0] * (1 - fx) + planes[base + y1 * w + x1] * fx;
          out[(c * h2 + y) * w2 + x] = (float) (top * (1 - fy) + bottom * fy);
        }
      }
    }
    return out;
  }

  /** Planes rounded and clamped to an 8-bit image. */
  public static RgbImage toImage(float[] planes, int w, int h) {
    byte[] rgb = new byte[3 * w * h];
    int n = w * h;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        rgb[i * 3 + c] = (byte) Math.round(Math.min(255f, Math.max(0f, planes[c * n + i])));
      }
    }
    return new RgbImage(w, h, rgb);
  }

  /** Clamps every value to 0..255 in place. */
  public static void clamp(float[] planes) {
    for (int i = 0; i < planes.length; i++) {
      planes[i] = Math.min(255f, Math.max(0f, planes[i]));
    }
  }

  /** BT.601 luminance of each pixel. */
  public static float[] luminance(float[] planes) {
    int n = planes.length / 3;
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = 0.299f * planes[i] + 0.587f * planes[n + i] + 0.114f * planes[2 * n + i];
    }
    return y;
  }

  /** A grey image: the luminance in all three channels. */
  public static float[] grey(float[] luminance) {
    int n = luminance.length;
    float[] out = new float[3 * n];
    for (int c = 0; c < 3; c++) {
      System.arraycopy(luminance, 0, out, c * n, n);
    }
    return out;
  }

  /** {@code y} shifted and scaled in place to the mean and standard deviation of {@code like}. */
  public static void matchMeanAndDeviation(float[] y, float[] like) {
    double[] a = meanAndDeviation(y);
    double[] b = meanAndDeviation(like);
    double scale = a[1] > 1e-6 ? b[1] / a[1] : 1;
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) ((y[i] - a[0]) * scale + b[0]);
    }
  }

  private static double[] meanAndDeviation(float[] v) {
    double sum = 0;
    for (float f : v) {
      sum += f;
    }
    double mean = sum / v.length;
    double sq = 0;
    for (float f : v) {
      sq += (f - mean) * (f - mean);
    }
    return new double[] {mean, Math.sqrt(sq / v.length)};
  }

  /**
   * The luminance of {@code generated} with the chroma (BT.601 Cb, Cr) of {@code colours}; both
   * images the same size.
   */
  public static float[] withColoursOf(float[] generated, float[] colours) {
    int n = colours.length / 3;
    float[] y = luminance(generated);
    float[] out = new float[3 * n];
    for (int i = 0; i < n; i++) {
      float r = colours[i];
      float g = colours[n + i];
      float b = colours[2 * n + i];
      double cb = -0.168736 * r - 0.331264 * g + 0.5 * b;
      double cr = 0.5 * r - 0.418688 * g - 0.081312 * b;
      out[i] = (float) (y[i] + 1.402 * cr);
      out[n + i] = (float) (y[i] - 0.344136 * cb - 0.714136 * cr);
      out[2 * n + i] = (float) (y[i] + 1.772 * cb);
    }
    clamp(out);
    return out;
  }
}
