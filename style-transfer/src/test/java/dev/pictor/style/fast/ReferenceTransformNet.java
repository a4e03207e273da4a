package dev.pictor.style.fast;

import dev.pictor.forge.FastStyleForge;
import dev.pictor.forge.TfjsWeights.Tensor;
import java.util.Map;

/**
 * A direct implementation of the ml5 fast style transfer network in double precision, without ONNX
 * Runtime: the reference the forged ONNX model is checked against. Written from the layer sequence
 * of ml5-library's {@code src/StyleTransfer/index.js} (not from the forge): TensorFlow "same"
 * padding ({@code pad_before = floor(total / 2)}), instance norm over each channel with the biased
 * variance and epsilon 1e-3 (shift = variable {@code id}, scale = {@code id + 1}), transposed
 * convolution as the adjoint of a "same" convolution from twice the size, and {@code clip(150 *
 * tanh(y) + 127.5, 0, 255)}. Tensors are {@code [C][H][W]} double arrays. Slow; for small images.
 */
final class ReferenceTransformNet {
  private final Map<String, Tensor> weights;

  ReferenceTransformNet(Map<String, Tensor> weights) {
    this.weights = weights;
  }

  /**
   * Output {@code [3][H'][W']}, H' = 4 * ceil(H / 4) likewise W', for RGB 0..255 {@code [3][H][W]}.
   */
  double[][][] run(double[][][] image) {
    double[][][] x = conv(image, 1, true, 0);
    x = conv(x, 2, true, 3);
    x = conv(x, 2, true, 6);
    for (int id = 9; id <= 33; id += 6) {
      x = add(conv(conv(x, 1, true, id), 1, false, id + 3), x);
    }
    x = deconv(x, 39);
    x = deconv(x, 42);
    x = conv(x, 1, false, 45);
    for (double[][] plane : x) {
      for (double[] row : plane) {
        for (int i = 0; i < row.length; i++) {
          row[i] = Math.min(255, Math.max(0, 127.5 + 150 * Math.tanh(row[i])));
        }
      }
    }
    return x;
  }

  private Tensor v(int id) {
    return weights.get(FastStyleForge.variableName(id));
  }

  private double[][][] conv(double[][][] x, int stride, boolean relu, int id) {
    Tensor f = v(id); // [kh, kw, in, out]
    int k = f.dim(0);
    int in = f.dim(2);
    int outC = f.dim(3);
    int h = x[0].length;
    int w = x[0][0].length;
    int oh = (h + stride - 1) / stride;
    int ow = (w + stride - 1) / stride;
    int padTop = Math.max((oh - 1) * stride + k - h, 0) / 2;
    int padLeft = Math.max((ow - 1) * stride + k - w, 0) / 2;
    float[] fv = f.values();
    double[][][] y = new double[outC][oh][ow];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int ky = 0; ky < k; ky++) {
          int iy = oy * stride + ky - padTop;
          if (iy < 0 || iy >= h) {
            continue;
          }
          for (int kx = 0; kx < k; kx++) {
            int ix = ox * stride + kx - padLeft;
            if (ix < 0 || ix >= w) {
              continue;
            }
            for (int c = 0; c < in; c++) {
              double value = x[c][iy][ix];
              int base = ((ky * k + kx) * in + c) * outC;
              for (int o = 0; o < outC; o++) {
                y[o][oy][ox] += value * fv[base + o];
              }
            }
          }
        }
      }
    }
    return normalise(y, id + 1, relu);
  }

  /** conv2dTranspose to 2H x 2W, 'same': input (i, j) reaches output (2i + ky - p, 2j + kx - p). */
  private double[][][] deconv(double[][][] x, int id) {
    Tensor f = v(id); // [kh, kw, out, in]
    int k = f.dim(0);
    int outC = f.dim(2);
    int in = f.dim(3);
    int h = x[0].length;
    int w = x[0][0].length;
    int oh = 2 * h;
    int ow = 2 * w;
    // The forward "same" convolution from oh to h pads (h - 1) * 2 + k - oh in total.
    int padTop = Math.max((h - 1) * 2 + k - oh, 0) / 2;
    int padLeft = Math.max((w - 1) * 2 + k - ow, 0) / 2;
    float[] fv = f.values();
    double[][][] y = new double[outC][oh][ow];
    for (int iy = 0; iy < h; iy++) {
      for (int ix = 0; ix < w; ix++) {
        for (int ky = 0; ky < k; ky++) {
          int oy = iy * 2 + ky - padTop;
          if (oy < 0 || oy >= oh) {
            continue;
          }
          for (int kx = 0; kx < k; kx++) {
            int ox = ix * 2 + kx - padLeft;
            if (ox < 0 || ox >= ow) {
              continue;
            }
            for (int o = 0; o < outC; o++) {
              int base = ((ky * k + kx) * outC + o) * in;
              double sum = 0;
              for (int c = 0; c < in; c++) {
                sum += x[c][iy][ix] * fv[base + c];
              }
              y[o][oy][ox] += sum;
            }
          }
        }
      }
    }
    return normalise(y, id + 1, true);
  }

  private double[][][] normalise(double[][][] y, int id, boolean relu) {
    float[] shift = v(id).values();
    float[] scale = v(id + 1).values();
    for (int c = 0; c < y.length; c++) {
      double sum = 0;
      int n = 0;
      for (double[] row : y[c]) {
        for (double value : row) {
          sum += value;
          n++;
        }
      }
      double mean = sum / n;
      double var = 0;
      for (double[] row : y[c]) {
        for (double value : row) {
          var += (value - mean) * (value - mean);
        }
      }
      var /= n;
      double inv = 1 / Math.sqrt(var + 1e-3);
      for (double[] row : y[c]) {
        for (int i = 0; i < row.length; i++) {
          double value = scale[c] * (row[i] - mean) * inv + shift[c];
          row[i] = relu ? Math.max(0, value) : value;
        }
      }
    }
    return y;
  }

  private static double[][][] add(double[][][] a, double[][][] b) {
    for (int c = 0; c < a.length; c++) {
      for (int y = 0; y < a[c].length; y++) {
        for (int x = 0; x < a[c][y].length; x++) {
          a[c][y][x] += b[c][y][x];
        }
      }
    }
    return a;
  }
}
