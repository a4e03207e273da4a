package dev.pictor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.face.EncoderOptions;
import org.junit.jupiter.api.Test;

/** The api module alone has no backend on its class path. */
class PictorTest {

  @Test
  void withoutBackendTheErrorNamesTheArtifactToAdd() {
    assertThatThrownBy(() -> Pictor.faceEncoder(EncoderOptions.defaults()))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("dev.pictor:pictor-onnx");
  }

  @Test
  void aNamedBackendThatIsAbsentIsReported() {
    System.setProperty(Pictor.BACKEND_PROPERTY, "nope");
    try {
      assertThatThrownBy(Pictor::backend)
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageContaining("'nope'");
    } finally {
      System.clearProperty(Pictor.BACKEND_PROPERTY);
    }
  }
}
