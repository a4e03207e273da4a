package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.ExecutionDevice;
import dev.pictor.Pictor;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.onnx.OnnxFaceEncoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The encoder on CUDA device 0 gives the CPU's answers. Opt-in: {@code mvn -Pcuda verify
 * -Dpictor.test.cuda=true} on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9.
 */
@EnabledIfSystemProperty(named = "pictor.test.cuda", matches = "true")
class CudaEncoderIT {

  @Test
  void cudaEmbeddingsMatchTheCpu() throws Exception {
    List<FaceImage> faces = new ArrayList<>();
    for (String person : TestFaces.PEOPLE) {
      faces.add(TestFaces.crop(person, 1));
    }
    try (FaceEncoder cpu = Pictor.faceEncoder(EncoderOptions.defaults());
        FaceEncoder gpu =
            Pictor.faceEncoder(
                EncoderOptions.builder().device(ExecutionDevice.requireCuda(0)).build())) {
      assertThat(((OnnxFaceEncoder) gpu).device().kind()).isEqualTo(ExecutionDevice.Kind.CUDA);
      List<FaceEmbedding> expected = cpu.encodeAll(faces);
      List<FaceEmbedding> actual = gpu.encodeAll(faces);
      for (int i = 0; i < faces.size(); i++) {
        assertThat(actual.get(i).distanceTo(expected.get(i), DistanceMetric.COSINE))
            .isLessThan(1e-5);
      }
    }
  }
}
