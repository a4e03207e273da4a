package dev.pictor.model;

import ai.onnxruntime.OrtEnvironment;

/** Breaks the API rule on purpose (an api type naming ONNX Runtime): see ArchitectureTest. */
final class BoundaryBreakingApi {
  private BoundaryBreakingApi() {}

  static Class<?> engine() {
    return OrtEnvironment.class;
  }
}
