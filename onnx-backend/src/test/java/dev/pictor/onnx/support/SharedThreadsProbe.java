package dev.pictor.onnx.support;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.pictor.ExecutionDevice;
import java.util.Map;

/**
 * Run in a fresh JVM by {@link SharedThreadsTest}: opens two sessions through {@link
 * SessionFactory}, runs both, prints whether the global pool is used and the outputs. Optionally
 * starts ONNX Runtime first without Pictor (argument {@code ort-first}).
 */
final class SharedThreadsProbe {
  private SharedThreadsProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("ort-first")) {
      OrtEnvironment.getEnvironment();
    }
    byte[] model = TinyModels.identityModel();
    try (OrtSession a = SessionFactory.open("a", model, ExecutionDevice.cpu(), 2).session();
        OrtSession b = SessionFactory.open("b", model, ExecutionDevice.cpu(), 1).session();
        OnnxTensor x =
            OnnxTensor.createTensor(
                OrtRuntime.environment(), new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}})) {
      float sum = 0;
      for (OrtSession s : new OrtSession[] {a, b}) {
        try (OrtSession.Result r = s.run(Map.of("x", x))) {
          for (float[] row : (float[][]) r.get(0).getValue()) {
            for (float v : row) {
              sum += v;
            }
          }
        }
      }
      System.out.println("shared=" + OrtRuntime.sharedThreadPool() + " sum=" + sum);
    }
  }
}
