package dev.pictor.style.gatys.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.onnx.support.OrtRuntime;
import dev.pictor.onnx.support.SessionFactory;
import dev.pictor.style.gatys.internal.VggGraphs.CostSpec;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The cost-and-gradient graph for one image size, with its targets loaded: {@link #evaluate} gives
 * J, its parts and dJ/dpixel for an image. Not thread-safe (one optimisation owns it); the creator
 * closes it.
 */
public final class CostSession implements AutoCloseable {
  private final OrtSession session;
  private final ExecutionDevice device;
  private final Map<String, OnnxTensor> targets = new HashMap<>();
  private final int width;
  private final int height;

  /**
   * Builds the graph for {@code spec} and loads the targets.
   *
   * @param contentTarget activation of the content image at the content layer
   * @param styleGrams Gram matrix of the style image per style layer
   */
  public CostSession(
      Map<String, Tensor> weights,
      VggGraphs.Normalization normalization,
      CostSpec spec,
      float[] contentTarget,
      Map<String, float[]> styleGrams,
      ExecutionDevice device,
      int threads)
      throws ModelException {
    this.width = spec.width();
    this.height = spec.height();
    byte[] model =
        VggGraphs.costGradient(
                weights, normalization, spec, Map.of("pictor.purpose", "gatys cost+gradient"))
            .toByteArray();
    // ARENA: one optimisation runs this graph hundreds of times, so freed blocks are kept for the
    // next step (at 512 px and up, fresh pages every step cost a sizeable share of it), but
    // without the planned memory pattern, which raised the 1024 px peak from 2.4 to 4.4 GB
    SessionFactory.OpenedSession opened =
        SessionFactory.open(
            "vgg19-cost-" + spec.width() + "x" + spec.height(),
            model,
            device,
            threads,
            SessionFactory.Memory.ARENA);
    this.session = opened.session();
    this.device = opened.device();
    OrtEnvironment env = OrtRuntime.environment();
    try {
      long[] shape =
          ((ai.onnxruntime.TensorInfo)
                  session.getInputInfo().get(VggGraphs.CONTENT_TARGET).getInfo())
              .getShape();
      targets.put(
          VggGraphs.CONTENT_TARGET,
          OnnxTensor.createTensor(env, FloatBuffer.wrap(contentTarget), shape));
      for (String layer : spec.styleLayers().keySet()) {
        float[] gram = styleGrams.get(layer);
        long c = Math.round(Math.sqrt(gram.length));
        targets.put(
            VggGraphs.styleTarget(layer),
            OnnxTensor.createTensor(env, FloatBuffer.wrap(gram), new long[] {c, c}));
      }
    } catch (OrtException e) {
      close();
      throw new ModelException("cannot load the style transfer targets: " + e.getMessage(), e);
    }
  }

  /** The device the session runs on. */
  public ExecutionDevice device() {
    return device;
  }

  /**
   * Costs and gradient of {@code image} (planar RGB 0..255, this session's size).
   *
   * @throws InferenceException if ONNX Runtime fails
   */
  public Evaluation evaluate(float[] image) throws InferenceException {
    OrtEnvironment env = OrtRuntime.environment();
    try (OnnxTensor x =
        OnnxTensor.createTensor(env, FloatBuffer.wrap(image), new long[] {1, 3, height, width})) {
      Map<String, OnnxTensor> inputs = new HashMap<>(targets);
      inputs.put(VggGraphs.INPUT, x);
      try (OrtSession.Result r = session.run(inputs)) {
        FloatBuffer g = ((OnnxTensor) r.get(VggGraphs.GRADIENT).orElseThrow()).getFloatBuffer();
        float[] gradient = new float[g.remaining()];
        g.get(gradient);
        return new Evaluation(
            scalar(r, VggGraphs.COST),
            scalar(r, VggGraphs.CONTENT_COST),
            scalar(r, VggGraphs.STYLE_COST),
            scalar(r, VggGraphs.TV_COST),
            gradient);
      }
    } catch (OrtException e) {
      throw new InferenceException(
          "VGG-19 cost graph failed on a "
              + width
              + "x"
              + height
              + " image on "
              + device
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static double scalar(OrtSession.Result r, String name) throws OrtException {
    return (Double) ((OnnxTensor) r.get(name).orElseThrow()).getValue();
  }

  @Override
  public void close() {
    targets.values().forEach(OnnxTensor::close);
    targets.clear();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the cost session failed", e);
    }
  }
}
