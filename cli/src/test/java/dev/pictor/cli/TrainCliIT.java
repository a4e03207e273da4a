package dev.pictor.cli;

import static dev.pictor.cli.Cli.pictor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.cli.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code pictor train triplet}, {@code pictor verify --model} with the result, and {@code
 * pictor train pair-classifier} in-process on a small subset of LFW View 1 DevTrain (written to a
 * temporary folder).
 */
class TrainCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_CLASS = 30;

  @TempDir Path temp;

  private Path smallPairs() throws Exception {
    List<String[]> pairs = Cli.lfwPairs("pairsDevTrain.txt");
    List<String> lines = new ArrayList<>();
    lines.add(Integer.toString(PER_CLASS));
    pairs.stream()
        .filter(p -> p.length == 3)
        .limit(PER_CLASS)
        .forEach(p -> lines.add(String.join("\t", p)));
    pairs.stream()
        .filter(p -> p.length == 4)
        .limit(PER_CLASS)
        .forEach(p -> lines.add(String.join("\t", p)));
    return Files.write(temp.resolve("small-pairsDevTrain.txt"), lines);
  }

  @Test
  void trainsAnEncoderThatVerifyLoadsAndAPairClassifier() throws Exception {
    Path images = Cli.lfwView1().resolve("images");
    Path pairs = smallPairs();
    Path out = temp.resolve("my-encoder");
    Run train =
        pictor(
            "train",
            "triplet",
            "--images",
            images.toString(),
            "--pairs",
            pairs.toString(),
            "--out",
            out.toString(),
            "--id",
            "tiny-triplet",
            "--people-per-batch",
            "8",
            "--learning-rate",
            "1e-4",
            "--max-epochs",
            "3",
            "--cache-dir",
            temp.toString());
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.err()).contains("epoch   0/3").contains("held-out loss");
    assertThat(train.out()).contains("wrote tiny-triplet");
    assertThat(out.resolve("tiny-triplet.onnx")).isRegularFile();
    JsonNode card = JSON.readTree(out.resolve("tiny-triplet.card.json").toFile());
    assertThat(card.get("id").asText()).isEqualTo("tiny-triplet");
    assertThat(card.get("weightsSource").asText()).contains("face-resnet128");
    JsonNode record = JSON.readTree(out.resolve("tiny-triplet.training.json").toFile());
    assertThat(record.get("parentModelId").asText()).isEqualTo("face-resnet128");
    assertThat(record.get("lossCurve").size()).isBetween(2, 4);

    String[] pair = Cli.lfwPairs("pairsDevTrain.txt").get(0); // a matched pair
    Run verify =
        pictor(
            "verify",
            "--model",
            "tiny-triplet",
            "--model-dir",
            out.toString(),
            images.resolve(LfwName.of(pair[0], pair[1])).toString(),
            images.resolve(LfwName.of(pair[0], pair[2])).toString());
    assertThat(verify.exitCode()).as(verify.err()).isIn(0, 1);
    assertThat(verify.out()).contains("tiny-triplet");

    Path classifier = temp.resolve("pairs.json");
    Run pc =
        pictor(
            "train",
            "pair-classifier",
            "--images",
            images.toString(),
            "--pairs",
            pairs.toString(),
            "--out",
            classifier.toString(),
            "--test-pairs",
            pairs.toString());
    assertThat(pc.exitCode()).as(pc.err()).isZero();
    assertThat(pc.out()).contains("pair classifier accuracy").contains("AUC");
    JsonNode stored = JSON.readTree(classifier.toFile());
    assertThat(stored.get("encoderModelId").asText()).isEqualTo("face-resnet128");
    assertThat(stored.get("weights").size()).isEqualTo(128);

    String first = images.resolve(LfwName.of(pair[0], pair[1])).toString();
    String second = images.resolve(LfwName.of(pair[0], pair[2])).toString();
    Run decide = pictor("verify", "--pair-classifier", classifier.toString(), first, second);
    assertThat(decide.exitCode()).as(decide.err()).isIn(0, 1);
    assertThat(decide.out()).contains("P(same)");
    Run mismatch =
        pictor(
            "verify",
            "--pair-classifier",
            classifier.toString(),
            "--model",
            "tiny-triplet",
            "--model-dir",
            out.toString(),
            first,
            second);
    assertThat(mismatch.exitCode()).isEqualTo(2);
    assertThat(mismatch.err()).contains("face-resnet128").contains("tiny-triplet");
  }

  /** LFW image names. */
  private static final class LfwName {
    static String of(String person, String number) {
      return person + "/" + person + String.format("_%04d.jpg", Integer.parseInt(number));
    }
  }
}
