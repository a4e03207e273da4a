package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.face.DetectorOptions;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelKind;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.Sha256;
import dev.pictor.onnx.store.VerifiedModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every model of the jar resolves from the class path alone, with no model directory at all. */
class PackagedModelsIT {
  private final ModelStore jarOnly = new ModelStore(FaceModels.class.getClassLoader(), List.of());

  @Test
  void everyPackagedModelResolvesWithoutAModelDirectory() throws Exception {
    for (String id : FaceModels.ids()) {
      VerifiedModel model = jarOnly.resolve(id);
      assertThat(model.location())
          .as(id)
          .isEqualTo("classpath:dev/pictor/models/" + model.card().file());
      assertThat(Sha256.of(model.onnx())).as(id).isEqualTo(model.card().fileSha256());
    }
  }

  @Test
  void theDetectorIsTheDynamicYuNetOfTheSharedFolder() throws Exception {
    VerifiedModel yunet = jarOnly.resolve(FaceModels.DETECTOR);
    assertThat(yunet.card().file()).isEqualTo("yunet/yunet_s_dynamic.onnx");
    assertThat(yunet.card().fileSha256())
        .isEqualTo("daede24002cc8590f457998cc5e6c9e8b82f45f6bd969506a8913cd4ed10a2d3");
  }

  @Test
  void eachPackagedCardHasTheSectionOfItsKind() throws Exception {
    assertThat(jarOnly.card(FaceModels.ENCODER).kind()).isEqualTo(ModelKind.ENCODER);
    assertThat(jarOnly.card(FaceModels.LANDMARKER).landmarker().points()).isEqualTo(68);
    ModelCard detector = jarOnly.card(FaceModels.DETECTOR);
    assertThat(detector.kind()).isEqualTo(ModelKind.DETECTOR);
    assertThat((float) detector.detector().minScore())
        .as("the card's score is the one DetectorOptions uses by default")
        .isEqualTo(DetectorOptions.defaults().scoreThreshold());
  }

  @Test
  void theJarCarriesTheLicenseTextsOfItsWeights() {
    ClassLoader loader = FaceModels.class.getClassLoader();
    assertThat(loader.getResource("META-INF/licenses/yunet-LICENSE")).isNotNull();
    assertThat(loader.getResource("META-INF/licenses/face-api-LICENSE")).isNotNull();
  }
}
