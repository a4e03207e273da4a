package dev.pictor.recognition;

import dev.pictor.onnx.support.OrtRuntime;

/**
 * Breaks the module rules on purpose (recognition reaching into the engine): see ArchitectureTest.
 */
final class BoundaryBreakingRecognition {
  private BoundaryBreakingRecognition() {}

  static boolean sharedThreads() {
    return OrtRuntime.sharedThreadPool();
  }
}
