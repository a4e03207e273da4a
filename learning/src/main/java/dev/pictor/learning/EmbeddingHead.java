package dev.pictor.learning;

/**
 * The trainable head of a fine-tuned encoder, from pooled trunk features {@code h} (length {@code
 * in}) to a unit-length embedding {@code e} (length {@code out}):
 *
 * <pre>
 *   z = h W1          W1: [in, out], the encoder's final fully-connected layer
 *   u = z W2          W2: [out, out], a new projection, initialised to the identity
 *   e = u / ||u||
 * </pre>
 *
 * Initialised from the parent encoder ({@code W1} = its weights, {@code W2 = I}), the head gives
 * exactly the parent's embeddings. Parameters live in one flat vector ({@code W1} then {@code W2},
 * row-major) so that an optimiser can update them in place; {@link #backward} returns the exact
 * gradient of a loss with respect to them, given the loss's gradient with respect to the
 * embeddings.
 *
 * <p>Mutable (training updates the parameters); not thread-safe.
 */
public final class EmbeddingHead {
  private final int in;
  private final int out;
  private final double[] params;

  private EmbeddingHead(int in, int out, double[] params) {
    this.in = in;
    this.out = out;
    this.params = params;
  }

  /**
   * A head with the given fully-connected weights and an identity projection.
   *
   * @param fc {@code [in, out]} row-major
   * @throws IllegalArgumentException if {@code fc} does not have {@code in * out} finite values
   */
  public static EmbeddingHead fromFc(float[] fc, int in, int out) {
    if (in <= 0 || out <= 0 || fc.length != in * out) {
      throw new IllegalArgumentException(
          "fc has " + fc.length + " values, a " + in + "x" + out + " layer needs " + in * out);
    }
    double[] p = new double[in * out + out * out];
    for (int i = 0; i < fc.length; i++) {
      if (!Float.isFinite(fc[i])) {
        throw new IllegalArgumentException("fc weight " + i + " is not finite");
      }
      p[i] = fc[i];
    }
    for (int k = 0; k < out; k++) {
      p[in * out + k * out + k] = 1;
    }
    return new EmbeddingHead(in, out, p);
  }

  /** The head of {@code parent}: its final layer and an identity projection. */
  public static EmbeddingHead of(ParentEncoder parent) throws dev.pictor.ModelException {
    return fromFc(parent.fcWeights(), parent.featureSize(), parent.embeddingSize());
  }

  /** Input width. */
  public int inputSize() {
    return in;
  }

  /** Embedding width. */
  public int outputSize() {
    return out;
  }

  /** Number of parameters. */
  public int parameterCount() {
    return params.length;
  }

  /** Number of parameters of {@code W1} (the first ones in the vector). */
  public int fcParameterCount() {
    return in * out;
  }

  /** The live parameter vector (not a copy: optimisers update it in place). */
  double[] parameters() {
    return params;
  }

  /** An independent copy. */
  public EmbeddingHead copy() {
    return new EmbeddingHead(in, out, params.clone());
  }

  /** {@code W1} as floats, {@code [in, out]} row-major. */
  public float[] fcWeights() {
    float[] w = new float[in * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) params[i];
    }
    return w;
  }

  /** {@code W2} as floats, {@code [out, out]} row-major. */
  public float[] projectionWeights() {
    float[] w = new float[out * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) params[in * out + i];
    }
    return w;
  }

  /** The activations of one forward pass, kept for {@link #backward}. */
  public static final class Pass {
    final double[][] features;
    final double[][] z;
    final double[][] u;
    final double[] norms;
    final double[][] embeddings;

    Pass(double[][] features, double[][] z, double[][] u, double[] norms, double[][] e) {
      this.features = features;
      this.z = z;
      this.u = u;
      this.norms = norms;
      this.embeddings = e;
    }

    /** The embeddings, one row per input row (the live array: do not modify). */
    public double[][] embeddings() {
      return embeddings;
    }
  }

  /**
   * The forward pass.
   *
   * @param features one row of length {@link #inputSize()} per image
   * @throws IllegalArgumentException on a row of another length, or an all-zero projection
   */
  public Pass forward(double[][] features) {
    int n = features.length;
    double[][] z = new double[n][out];
    double[][] u = new double[n][out];
    double[][] e = new double[n][out];
    double[] norms = new double[n];
    int w2 = in * out;
    for (int r = 0; r < n; r++) {
      double[] h = features[r];
      if (h.length != in) {
        throw new IllegalArgumentException("feature row " + r + " has " + h.length + " values");
      }
      double[] zr = z[r];
      for (int i = 0; i < in; i++) {
        double hi = h[i];
        if (hi == 0) {
          continue;
        }
        int base = i * out;
        for (int k = 0; k < out; k++) {
          zr[k] += hi * params[base + k];
        }
      }
      double[] ur = u[r];
      for (int j = 0; j < out; j++) {
        double zj = zr[j];
        int base = w2 + j * out;
        for (int k = 0; k < out; k++) {
          ur[k] += zj * params[base + k];
        }
      }
      double s = 0;
      for (double v : ur) {
        s += v * v;
      }
      double norm = Math.sqrt(s);
      if (!(norm > 0)) {
        throw new IllegalArgumentException("row " + r + " projects to the zero vector");
      }
      norms[r] = norm;
      for (int k = 0; k < out; k++) {
        e[r][k] = ur[k] / norm;
      }
    }
    return new Pass(features, z, u, norms, e);
  }

  /** The embedding of one feature row. */
  public double[] embed(float[] features) {
    double[] h = new double[features.length];
    for (int i = 0; i < h.length; i++) {
      h[i] = features[i];
    }
    return forward(new double[][] {h}).embeddings[0];
  }

  /**
   * The gradient of a loss with respect to the parameters.
   *
   * @param pass the forward pass the loss was computed on
   * @param embeddingGradient {@code dL/de}, same shape as the embeddings
   * @param trainFc whether {@code W1} gets a gradient (else its entries stay 0)
   * @return {@code dL/dparams}, laid out like the parameter vector
   */
  public double[] backward(Pass pass, double[][] embeddingGradient, boolean trainFc) {
    double[] grad = new double[params.length];
    int w2 = in * out;
    double[] gu = new double[out];
    double[] gz = new double[out];
    for (int r = 0; r < pass.embeddings.length; r++) {
      double[] ge = embeddingGradient[r];
      double[] e = pass.embeddings[r];
      double dot = 0;
      for (int k = 0; k < out; k++) {
        dot += e[k] * ge[k];
      }
      boolean any = false;
      for (int k = 0; k < out; k++) {
        // d(u/|u|)/du = (I - e e^T) / |u|
        gu[k] = (ge[k] - e[k] * dot) / pass.norms[r];
        any |= gu[k] != 0;
      }
      if (!any) {
        continue;
      }
      double[] z = pass.z[r];
      for (int j = 0; j < out; j++) {
        int base = w2 + j * out;
        double zj = z[j];
        double s = 0;
        for (int k = 0; k < out; k++) {
          grad[base + k] += zj * gu[k];
          s += params[base + k] * gu[k];
        }
        gz[j] = s;
      }
      if (trainFc) {
        double[] h = pass.features[r];
        for (int i = 0; i < in; i++) {
          double hi = h[i];
          if (hi == 0) {
            continue;
          }
          int base = i * out;
          for (int k = 0; k < out; k++) {
            grad[base + k] += hi * gz[k];
          }
        }
      }
    }
    return grad;
  }
}
