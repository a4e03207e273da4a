package dev.pictor.style.gatys.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.ExecutionDevice;
import dev.pictor.InferenceException;
import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.onnx.support.GuardedSession;
import dev.pictor.onnx.support.OrtRuntime;
import dev.pictor.onnx.support.SessionFactory;
import dev.pictor.style.gatys.GatysOptions;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The VGG-19 features graph (any image size): the content layer's activation and the style layers'
 * Gram matrices. Thread-safe; close is idempotent and waits for runs in flight.
 */
public final class FeatureSession implements AutoCloseable {
  private final GuardedSession session;
  private final String contentLayer;
  private final List<String> styleLayers;

  /** What the features graph computed for one image. */
  public record Features(float[] content, Map<String, float[]> grams) {}

  private final ExecutionDevice device;

  public FeatureSession(
      Map<String, Tensor> weights,
      VggGraphs.Normalization normalization,
      GatysOptions.Pooling pooling,
      String contentLayer,
      List<String> styleLayers,
      ExecutionDevice device,
      int threads)
      throws ModelException {
    this.contentLayer = contentLayer;
    this.styleLayers = List.copyOf(styleLayers);
    byte[] model =
        VggGraphs.features(
                weights,
                normalization,
                pooling,
                List.of(contentLayer),
                styleLayers,
                Map.of("pictor.purpose", "gatys targets"))
            .toByteArray();
    SessionFactory.OpenedSession opened =
        // no arena: it would keep the largest image's activations (about 1 GB at 1024 px) for the
        // whole transfer, although the graph runs only twice per scale
        SessionFactory.open(
            "vgg19-features", model, device, threads, SessionFactory.Memory.RETURNED);
    this.device = opened.device();
    this.session = new GuardedSession(opened.session(), "VGG-19 features session");
  }

  /** The device the session actually runs on (the CPU after a PREFER fallback). */
  public ExecutionDevice device() {
    return device;
  }

  /**
   * Runs the network on {@code planes} ({@code [3][h][w]} RGB 0..255).
   *
   * @throws InferenceException if ONNX Runtime fails
   */
  public Features compute(float[] planes, int w, int h) throws InferenceException {
    return session.use(
        s -> {
          OrtEnvironment env = OrtRuntime.environment();
          try (OnnxTensor x =
                  OnnxTensor.createTensor(env, FloatBuffer.wrap(planes), new long[] {1, 3, h, w});
              OrtSession.Result r = s.run(Map.of(VggGraphs.INPUT, x))) {
            Map<String, float[]> grams = new HashMap<>();
            for (String l : styleLayers) {
              grams.put(l, floats(r, VggGraphs.gram(l)));
            }
            return new Features(floats(r, VggGraphs.activation(contentLayer)), grams);
          } catch (OrtException e) {
            throw new InferenceException(
                "VGG-19 features graph failed on a " + w + "x" + h + " image: " + e.getMessage(),
                e);
          }
        });
  }

  private static float[] floats(OrtSession.Result r, String name) {
    FloatBuffer b = ((OnnxTensor) r.get(name).orElseThrow()).getFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  @Override
  public void close() {
    session.close();
  }
}
