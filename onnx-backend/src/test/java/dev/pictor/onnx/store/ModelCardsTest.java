package dev.pictor.onnx.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ModelException;
import dev.pictor.face.DistanceMetric;
import dev.pictor.model.ChannelOrder;
import dev.pictor.model.DetectorSection;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.FeatureSection;
import dev.pictor.model.LandmarkerSection;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelInput;
import dev.pictor.model.ModelKind;
import dev.pictor.model.ModelSection;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardsTest {
  @TempDir Path dir;

  private static ModelCard card(ModelSection section) {
    return new ModelCard(
        "m",
        "1",
        "m.onnx",
        "a".repeat(64),
        "https://example.org/m.onnx",
        new ModelInput(112, 112, ChannelOrder.BGR, List.of(1f, 2f, 3f), List.of(4f, 5f, 6f)),
        section,
        "test weights",
        "1".repeat(64),
        "MIT");
  }

  private static ModelCard read(String json) throws ModelException {
    return ModelCards.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.card.json");
  }

  private ModelCard roundTrip(ModelCard card) throws Exception {
    Path file = dir.resolve("m" + ModelCards.SUFFIX);
    ModelCards.write(card, file);
    return read(Files.readString(file));
  }

  @Test
  void everyKindSurvivesAWriteAndARead() throws Exception {
    List<Float> five = List.of(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f);
    List<ModelSection> sections =
        List.of(
            new EncoderSection(
                128, DistanceMetric.EUCLIDEAN, 0.41, "LFW", five, Collections.nCopies(102, 2f)),
            new DetectorSection(0.7, "photos"),
            new LandmarkerSection(68, "x, y as fractions"),
            new FeatureSection("style loss"));
    for (ModelSection section : sections) {
      ModelCard card = card(section);
      assertThat(roundTrip(card)).isEqualTo(card);
      assertThat(roundTrip(card).kind()).isEqualTo(section.kind());
    }
  }

  @Test
  void theFileNamesTheKindAndHoldsOnlyItsSection() throws Exception {
    Path file = dir.resolve("d" + ModelCards.SUFFIX);
    ModelCards.write(card(new DetectorSection(0.7, "photos")), file);
    String json = Files.readString(file);
    assertThat(json)
        .contains("\"kind\" : \"detector\"")
        .contains("\"detector\" : {")
        .contains("\"minScore\" : 0.7")
        .doesNotContain("encoder")
        .doesNotContain("embeddingSize")
        .doesNotContain("null");
  }

  @Test
  void aSectionOfAnotherKindOrTwoSectionsAreRefused() throws Exception {
    Path file = dir.resolve("d" + ModelCards.SUFFIX);
    ModelCards.write(card(new DetectorSection(0.7, "photos")), file);
    String json = Files.readString(file);
    assertThatThrownBy(
            () -> read(json.replace("\"kind\" : \"detector\"", "\"kind\" : \"encoder\"")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("test.card.json")
        .hasMessageContaining("kind 'encoder' needs exactly one section");
    String both =
        json.replace("\"detector\" : {", "\"features\" : {\"use\" : \"x\"},\n  \"detector\" : {");
    assertThatThrownBy(() -> read(both))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("'features'");
    assertThatThrownBy(() -> read(json.replace("\"detector\"", "\"classifier\"")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("classifier");
    assertThatThrownBy(() -> read("[1, 2]"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void anEncoderCardInTheFlatLayoutOfEarlierVersionsIsStillRead() throws Exception {
    String flat =
        """
        {"id": "tuned", "version": "1", "file": "tuned.onnx", "fileSha256": "%s",
         "url": "file:tuned.onnx", "inputWidth": 150, "inputHeight": 150, "channelOrder": "RGB",
         "mean": [122.8, 117.0, 104.0], "std": [255.0, 255.0, 255.0],
         "alignmentTemplate": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "shapeTemplate": [],
         "embeddingSize": 128, "metric": "EUCLIDEAN", "defaultThreshold": 0.45,
         "thresholdSource": "calibrated", "weightsSource": "fine-tuned",
         "weightsSha256": "%s", "license": "MIT"}
        """
            .formatted("b".repeat(64), "c".repeat(64));
    ModelCard card = read(flat);
    assertThat(card.kind()).isEqualTo(ModelKind.ENCODER);
    assertThat(card.input().width()).isEqualTo(150);
    assertThat(card.input().mean()).containsExactly(122.8f, 117.0f, 104.0f);
    assertThat(card.encoder().threshold()).isEqualTo(0.45);
    assertThat(card.encoder().alignmentTemplate()).hasSize(10);
    assertThat(card.encoder().metric()).isEqualTo(DistanceMetric.EUCLIDEAN);
    assertThat(roundTrip(card)).isEqualTo(card);

    String detector = flat.replace("\"embeddingSize\": 128", "\"embeddingSize\": 0");
    assertThatThrownBy(() -> read(detector))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("flat card layout");
  }
}
