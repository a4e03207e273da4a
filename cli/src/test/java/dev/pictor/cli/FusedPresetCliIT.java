package dev.pictor.cli;

import static dev.pictor.cli.Cli.lfw;
import static dev.pictor.cli.Cli.pictor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.cli.Cli.Run;
import dev.pictor.recognition.FusionPreset;
import dev.pictor.recognition.SqliteGallery;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --accuracy best} in-process: verify, enroll and identify with both packaged encoders fused
 * ({@link FusionPreset#best()}), on LFW View 1 photos.
 */
class FusedPresetCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private static JsonNode verify(String... args) throws Exception {
    Run run = pictor(args);
    assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
    return JSON.readTree(run.out());
  }

  @Test
  void aSamePairAndADifferentPairGetTheFusedDistanceAndThreshold() throws Exception {
    FusionPreset preset = FusionPreset.best();
    String a = lfw("Abdullah_Gul", 13).toString();
    String b = lfw("Abdullah_Gul", 14).toString();
    String other = lfw("Aaron_Peirsol", 1).toString();

    Run same = pictor("verify", "--accuracy", "best", a, b);
    assertThat(same.exitCode()).as(same.err()).isZero();
    assertThat(same.out()).contains("same person").contains(FusionPreset.BEST_ID);

    JsonNode sameJson = verify("verify", "--accuracy", "best", "--json", a, b);
    JsonNode differentJson = verify("verify", "--model", FusionPreset.BEST_ID, "--json", a, other);
    assertThat(sameJson.get("model").asText()).isEqualTo(FusionPreset.BEST_ID);
    assertThat(sameJson.get("metric").asText()).isEqualTo("EUCLIDEAN");
    assertThat(sameJson.get("threshold").asDouble()).isEqualTo(preset.threshold());
    assertThat(sameJson.get("thresholdSource").asText()).contains("LFW View 1");
    assertThat(sameJson.get("samePerson").asBoolean()).isTrue();
    assertThat(sameJson.get("distance").asDouble()).isLessThanOrEqualTo(preset.threshold());
    assertThat(differentJson.get("samePerson").asBoolean()).isFalse();
    assertThat(differentJson.get("distance").asDouble()).isGreaterThan(preset.threshold());
    assertThat(pictor("verify", "--accuracy", "best", a, other).exitCode()).isEqualTo(1);

    // The fused distance is the documented fusion of the two encoders' own distances, each with
    // the preset's pipeline: face-resnet128 as by default, mobilefacenet512 without flip.
    for (String[] pair : new String[][] {{a, b}, {a, other}}) {
      double d1 = verify("verify", "--json", pair[0], pair[1]).get("distance").asDouble();
      double d2 =
          verify("verify", "--json", "--model", "mobilefacenet512", "--no-flip", pair[0], pair[1])
              .get("distance")
              .asDouble();
      double expected = Math.sqrt(preset.weight() * d1 * d1 + (1 - preset.weight()) * 2 * d2);
      JsonNode fused = pair[1].equals(b) ? sameJson : differentJson;
      assertThat(fused.get("distance").asDouble()).isCloseTo(expected, within(1e-4));
    }
  }

  @Test
  void enrollKeepsOneGalleryPerEncoderAndIdentifyFusesThem() throws Exception {
    Path gallery = temp.resolve("people.db");
    Run enrolled =
        pictor(
            "enroll",
            "--accuracy",
            "best",
            "--gallery",
            gallery.toString(),
            "--name",
            "Abdullah_Gul",
            lfw("Abdullah_Gul", 13).toString());
    assertThat(enrolled.exitCode()).as(enrolled.err()).isZero();
    Run second =
        pictor(
            "enroll",
            "--accuracy",
            "best",
            "--gallery",
            gallery.toString(),
            "--name",
            "Aaron_Peirsol",
            lfw("Aaron_Peirsol", 1).toString());
    assertThat(second.exitCode()).as(second.err()).isZero();
    Path secondFile = temp.resolve("people.mobilefacenet512.db");
    assertThat(secondFile).exists();
    try (SqliteGallery first = SqliteGallery.openReadOnly(gallery);
        SqliteGallery other = SqliteGallery.openReadOnly(secondFile)) {
      assertThat(first.modelId()).isEqualTo("face-resnet128");
      assertThat(other.modelId()).isEqualTo("mobilefacenet512");
      assertThat(first.names()).containsExactly("Aaron_Peirsol", "Abdullah_Gul");
      assertThat(other.names()).containsExactly("Aaron_Peirsol", "Abdullah_Gul");
      assertThat(other.embeddingsOf("Abdullah_Gul").get(0).size()).isEqualTo(512);
    }

    Run identified =
        pictor(
            "identify",
            "--accuracy",
            "best",
            "--json",
            "--gallery",
            gallery.toString(),
            lfw("Abdullah_Gul", 14).toString());
    assertThat(identified.exitCode()).as(identified.err()).isZero();
    JsonNode root = JSON.readTree(identified.out());
    assertThat(root.get("model").asText()).isEqualTo(FusionPreset.BEST_ID);
    assertThat(root.get("threshold").asDouble()).isEqualTo(FusionPreset.best().threshold());
    JsonNode face = root.get("images").get(0).get("faces").get(0);
    assertThat(face.get("name").asText()).isEqualTo("Abdullah_Gul");
    assertThat(face.get("candidates")).hasSize(2);
    assertThat(face.get("distance").asDouble()).isLessThan(FusionPreset.best().threshold());

    // One encoder's gallery alone is not a fused gallery.
    Files.delete(secondFile);
    Run missing =
        pictor(
            "identify",
            "--accuracy",
            "best",
            "--gallery",
            gallery.toString(),
            lfw("Abdullah_Gul", 14).toString());
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("people.mobilefacenet512.db");
  }

  @Test
  void thePresetFixesAlignmentAndFlip() {
    Run run =
        pictor(
            "verify",
            "--accuracy",
            "best",
            "--alignment",
            "5-point",
            lfw("Abdullah_Gul", 13).toString(),
            lfw("Abdullah_Gul", 14).toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--accuracy best fixes");
  }
}
