package dev.pictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.face.DistanceMetric;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCardTest {
  static final String SHA = "0".repeat(64);

  static ModelCard card(String sha, ChannelOrder order, List<Float> template) {
    return new ModelCard(
        "m",
        "1",
        "m.onnx",
        sha,
        "https://x",
        150,
        150,
        order,
        List.of(1f, 2f, 3f),
        List.of(255f, 255f, 255f),
        template,
        128,
        DistanceMetric.EUCLIDEAN,
        0.4,
        "test",
        "src",
        SHA,
        "MIT");
  }

  @Test
  void acceptsAValidCard() {
    ModelCard c = card(SHA, ChannelOrder.BGR, List.of());
    assertThat(c.wantsRgb()).isFalse();
    assertThat(c.alignmentTemplate()).isEmpty();
  }

  @Test
  void rejectsBadValuesNamingTheField() {
    assertThatThrownBy(() -> card("xyz", ChannelOrder.RGB, List.of()))
        .hasMessageContaining("fileSha256");
    assertThatThrownBy(() -> card(SHA, null, List.of())).hasMessageContaining("channelOrder");
    assertThatThrownBy(() -> card(SHA, ChannelOrder.RGB, List.of(1f, 2f)))
        .hasMessageContaining("alignmentTemplate");
  }

  @Test
  void shapeTemplatesHave51PointsAndSurviveATemplateChange() {
    ModelCard plain = card(SHA, ChannelOrder.RGB, List.of());
    assertThat(plain.shapeTemplate()).isEmpty();
    List<Float> shape = Collections.nCopies(102, 5f);
    ModelCard withShape =
        new ModelCard(
            "m",
            "1",
            "m.onnx",
            SHA,
            "https://x",
            150,
            150,
            ChannelOrder.RGB,
            List.of(1f, 2f, 3f),
            List.of(255f, 255f, 255f),
            List.of(),
            shape,
            128,
            DistanceMetric.EUCLIDEAN,
            0.4,
            "test",
            "src",
            SHA,
            "MIT");
    assertThat(
            withShape
                .withAlignmentTemplate(List.of(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f))
                .shapeTemplate())
        .isEqualTo(shape);
    assertThatThrownBy(
            () ->
                new ModelCard(
                    "m",
                    "1",
                    "m.onnx",
                    SHA,
                    "https://x",
                    150,
                    150,
                    ChannelOrder.RGB,
                    List.of(1f, 2f, 3f),
                    List.of(255f, 255f, 255f),
                    List.of(),
                    List.of(1f, 2f),
                    128,
                    DistanceMetric.EUCLIDEAN,
                    0.4,
                    "test",
                    "src",
                    SHA,
                    "MIT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shapeTemplate");
  }
}
