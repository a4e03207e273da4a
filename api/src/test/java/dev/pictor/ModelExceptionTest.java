package dev.pictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelExceptionTest {

  @Test
  void missingNamesFilePlacesShaAndUrl() {
    ModelException e =
        ModelException.missing(
            "yunet", "y.onnx", List.of("/a/y.onnx", "/b/y.onnx"), "abc", "https://x");
    assertThat(e.getMessage())
        .contains(
            "'y.onnx'", "/a/y.onnx", "/b/y.onnx", "sha256 abc", "https://x", "pictor.model.dir");
  }

  @Test
  void corruptNamesBothDigests() {
    ModelException e =
        ModelException.corrupt("m", "f.onnx", "/d/f.onnx", "aaa", "bbb", "https://x");
    assertThat(e.getMessage()).contains("/d/f.onnx", "sha256 is bbb", "expected aaa", "https://x");
  }
}
