package dev.pictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.face.DistanceMetric;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCardTest {
  static final String SHA = "0".repeat(64);
  static final List<Float> FIVE_POINTS = List.of(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f);

  static ModelInput input(ChannelOrder order) {
    return new ModelInput(150, 150, order, List.of(1f, 2f, 3f), List.of(255f, 255f, 255f));
  }

  static EncoderSection encoder(List<Float> template, List<Float> shape) {
    return new EncoderSection(128, DistanceMetric.EUCLIDEAN, 0.4, "test", template, shape);
  }

  static ModelCard card(String sha, ModelInput input, ModelSection section) {
    return new ModelCard("m", "1", "m.onnx", sha, "https://x", input, section, "src", SHA, "MIT");
  }

  @Test
  void acceptsAValidCardAndKnowsItsKind() {
    ModelCard c = card(SHA, input(ChannelOrder.BGR), encoder(List.of(), List.of()));
    assertThat(c.input().wantsRgb()).isFalse();
    assertThat(c.input().pixels()).isEqualTo(150 * 150);
    assertThat(c.kind()).isEqualTo(ModelKind.ENCODER);
    assertThat(c.encoder().alignmentTemplate()).isEmpty();
    assertThat(c.encoder().embeddingSize()).isEqualTo(128);
  }

  @Test
  void askingForAnotherKindsSectionNamesTheModelAndBothKinds() {
    ModelCard detector =
        card(SHA, input(ChannelOrder.BGR), new DetectorSection(0.7, "chosen on photos"));
    assertThat(detector.detector().minScore()).isEqualTo(0.7);
    assertThatThrownBy(detector::encoder)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'m'")
        .hasMessageContaining("is a detector; its card has no encoder section");
    ModelCard landmarker =
        card(SHA, input(ChannelOrder.RGB), new LandmarkerSection(68, "fractions of the side"));
    assertThat(landmarker.landmarker().points()).isEqualTo(68);
    assertThatThrownBy(landmarker::detector).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anEncoderCardServesOnlyAGalleryOfItsOwnModel() {
    ModelCard c = card(SHA, input(ChannelOrder.RGB), encoder(List.of(), List.of()));
    assertThat(c.encoderForGallery("m")).isSameAs(c.encoder());
    assertThatThrownBy(() -> c.encoderForGallery("other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gallery holds embeddings of model 'other', not 'm'");
    ModelCard detector =
        card(SHA, input(ChannelOrder.BGR), new DetectorSection(0.7, "chosen on photos"));
    assertThatThrownBy(() -> detector.encoderForGallery("m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model 'm' is not a face encoder: its card is a detector's");
    assertThat(c.requireEncoder()).isSameAs(c.encoder());
    assertThatThrownBy(detector::requireEncoder)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model 'm' is not a face encoder: its card is a detector's");
  }

  @Test
  void rejectsBadValuesNamingTheField() {
    ModelSection section = encoder(List.of(), List.of());
    assertThatThrownBy(() -> card("xyz", input(ChannelOrder.RGB), section))
        .hasMessageContaining("fileSha256");
    assertThatThrownBy(() -> input(null)).hasMessageContaining("channelOrder");
    assertThatThrownBy(() -> card(SHA, null, section)).hasMessageContaining("input");
    assertThatThrownBy(() -> card(SHA, input(ChannelOrder.RGB), null))
        .hasMessageContaining("section");
    assertThatThrownBy(() -> encoder(List.of(1f, 2f), List.of()))
        .hasMessageContaining("alignmentTemplate");
    assertThatThrownBy(
            () -> new EncoderSection(0, DistanceMetric.COSINE, 0.4, "t", List.of(), List.of()))
        .hasMessageContaining("embeddingSize");
    assertThatThrownBy(() -> new EncoderSection(8, null, 0.4, "t", List.of(), List.of()))
        .hasMessageContaining("metric");
    assertThatThrownBy(
            () ->
                new EncoderSection(8, DistanceMetric.COSINE, Double.NaN, "t", List.of(), List.of()))
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> new DetectorSection(1.5, "t")).hasMessageContaining("minScore");
    assertThatThrownBy(
            () -> new ModelInput(0, 10, ChannelOrder.RGB, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)))
        .hasMessageContaining("size");
    assertThatThrownBy(
            () ->
                new ModelInput(10, 10, ChannelOrder.RGB, List.of(0f, 0f, 0f), List.of(1f, 0f, 1f)))
        .hasMessageContaining("std");
  }

  @Test
  void shapeTemplatesHave51PointsAndSurviveATemplateChange() {
    assertThat(encoder(List.of(), List.of()).shapeTemplate()).isEmpty();
    List<Float> shape = Collections.nCopies(102, 5f);
    ModelCard withShape = card(SHA, input(ChannelOrder.RGB), encoder(List.of(), shape));
    ModelCard moved = withShape.withSection(withShape.encoder().withAlignmentTemplate(FIVE_POINTS));
    assertThat(moved.encoder().shapeTemplate()).isEqualTo(shape);
    assertThat(moved.encoder().alignmentTemplate()).isEqualTo(FIVE_POINTS);
    assertThat(moved.input()).isEqualTo(withShape.input());
    assertThat(withShape.withSection(withShape.encoder())).isSameAs(withShape);
    assertThatThrownBy(() -> encoder(List.of(), List.of(1f, 2f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shapeTemplate");
  }

  @Test
  void kindsHaveTheirCardFileNames() {
    for (ModelKind kind : ModelKind.values()) {
      assertThat(ModelKind.ofJsonName(kind.jsonName())).isEqualTo(kind);
    }
    assertThat(ModelKind.ENCODER.jsonName()).isEqualTo("encoder");
    assertThatThrownBy(() -> ModelKind.ofJsonName("classifier")).hasMessageContaining("classifier");
  }
}
