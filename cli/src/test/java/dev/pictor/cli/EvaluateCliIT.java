package dev.pictor.cli;

import static dev.pictor.cli.Cli.lfw;
import static dev.pictor.cli.Cli.pictor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.cli.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code pictor evaluate lfw} and {@code pictor evaluate identify} in-process on small subsets
 * of LFW View 1, written to a temporary folder, with the packaged encoder and the YuNet detector.
 */
class EvaluateCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Matched (and as many mismatched) pairs in the small pairs files. */
  private static final int PER_CLASS = 20;

  @TempDir Path temp;

  /**
   * A single-set pairs file with the first {@code PER_CLASS} matched and mismatched pairs of {@code
   * source}, in the format of pairsDevTest.txt.
   */
  private Path smallPairs(String source) throws Exception {
    List<String[]> pairs = Cli.lfwPairs(source);
    List<String> lines = new ArrayList<>();
    lines.add(Integer.toString(PER_CLASS));
    pairs.stream().filter(p -> p.length == 3).limit(PER_CLASS).forEach(p -> lines.add(line(p)));
    pairs.stream().filter(p -> p.length == 4).limit(PER_CLASS).forEach(p -> lines.add(line(p)));
    return Files.write(temp.resolve("small-" + source), lines);
  }

  private static String line(String[] fields) {
    return String.join("\t", fields);
  }

  private String images() {
    return Cli.lfwView1().resolve("images").toString();
  }

  @Test
  void lfwOnSmallPairsGivesAnAccuracyAndTheDocumentedJsonKeys() throws Exception {
    Path roc = temp.resolve("roc.png");

    Run run =
        pictor(
            "evaluate",
            "lfw",
            "--images",
            images(),
            "--pairs",
            smallPairs("pairsDevTest.txt").toString(),
            "--train-pairs",
            smallPairs("pairsDevTrain.txt").toString(),
            "--roc",
            roc.toString(),
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    for (String key : List.of("accuracy", "std", "auc", "eer", "threshold", "pairs", "failures")) {
      assertThat(root.has(key)).as(key).isTrue();
    }
    assertThat(root.get("accuracy").asDouble()).isBetween(0.85, 1.0);
    assertThat(root.get("std").asDouble()).isZero();
    assertThat(root.get("auc").asDouble()).isBetween(0.85, 1.0);
    assertThat(root.get("eer").asDouble()).isBetween(0.0, 0.15);
    assertThat(root.get("threshold").asDouble()).isBetween(0.2, 0.8);
    assertThat(root.get("pairs").asInt()).isEqualTo(2 * PER_CLASS);
    assertThat(root.get("failures").asInt()).isZero();
    assertThat(root.get("foldThresholds").get(0).asDouble())
        .isEqualTo(root.get("threshold").asDouble());
    assertThat(root.get("faceChoice").asText()).isEqualTo("central");
    assertThat(root.get("model").asText()).isEqualTo("face-resnet128");
    assertThat(root.get("flip").asBoolean()).isTrue();
    assertThat(root.get("alignment").asText()).isEqualTo("68-point");
    assertThat(root.get("template")).isEmpty();
    byte[] png = Files.readAllBytes(roc);
    assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
  }

  @Test
  void lfwTextNamesTheMeasuresAndThePipeline() throws Exception {
    Run run =
        pictor(
            "evaluate",
            "lfw",
            "--images",
            images(),
            "--pairs",
            smallPairs("pairsDevTest.txt").toString(),
            "--train-pairs",
            smallPairs("pairsDevTrain.txt").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(1)).matches("accuracy   \\d+\\.\\d\\d%");
    assertThat(run.out())
        .contains("AUC        ")
        .contains("EER        ")
        .contains("threshold  ")
        .contains("pairs      40\n")
        .contains("failures   0 pairs")
        .contains("detector   yunet-s, score >= 0.7, central face")
        .contains("alignment  68-point landmarks (51 inner points) fitted to the model card's")
        .contains("model      face-resnet128, flip on");

    Run fivePoints =
        pictor(
            "evaluate",
            "lfw",
            "--alignment",
            "5-point",
            "--images",
            images(),
            "--pairs",
            smallPairs("pairsDevTest.txt").toString(),
            "--train-pairs",
            smallPairs("pairsDevTrain.txt").toString());
    assertThat(fivePoints.exitCode()).as(fivePoints.err()).isZero();
    assertThat(fivePoints.out())
        .contains("alignment  5-point similarity to the model card's template 45.6,44.6,");
  }

  @Test
  void pooledCrossValidationWritesOutcomesAndComparesTwoPipelines() throws Exception {
    String pooled = smallPairs("pairsDevTrain.txt") + "," + smallPairs("pairsDevTest.txt");
    Path outcomes = temp.resolve("five-point.json");
    Path shapeOutcomes = temp.resolve("shape.json");

    Run five =
        pictor(
            "evaluate",
            "lfw",
            "--json",
            "--alignment",
            "5-point",
            "--folds",
            "4",
            "--images",
            images(),
            "--pairs",
            pooled,
            "--outcomes",
            outcomes.toString());
    Run shape =
        pictor(
            "evaluate",
            "lfw",
            "--json",
            "--folds",
            "4",
            "--images",
            images(),
            "--pairs",
            pooled,
            "--compare",
            outcomes.toString(),
            "--outcomes",
            shapeOutcomes.toString());
    Run otherFolds =
        pictor(
            "evaluate",
            "lfw",
            "--folds",
            "5",
            "--images",
            images(),
            "--pairs",
            pooled,
            "--compare",
            outcomes.toString());

    assertThat(five.exitCode()).as(five.err()).isZero();
    JsonNode fiveRoot = JSON.readTree(five.out());
    assertThat(fiveRoot.get("protocol").asText()).isEqualTo("identity-folds");
    assertThat(fiveRoot.get("folds").asInt()).isEqualTo(4);
    assertThat(fiveRoot.get("pairs").asInt()).isEqualTo(4 * PER_CLASS);
    assertThat(fiveRoot.get("pairsFiles")).hasSize(2);
    JsonNode saved = JSON.readTree(outcomes.toFile());
    assertThat(saved.get("format").asText()).isEqualTo("pictor-lfw-outcomes/1");
    assertThat(saved.get("pairs")).hasSize(4 * PER_CLASS);
    long right = 0;
    for (JsonNode pair : saved.get("pairs")) {
      assertThat(pair.get("fold").asInt()).isBetween(0, 3);
      right += pair.get("correct").asBoolean() ? 1 : 0;
    }
    assertThat(right / (4.0 * PER_CLASS))
        .isCloseTo(fiveRoot.get("accuracy").asDouble(), within(0.05));

    assertThat(shape.exitCode()).as(shape.err()).isZero();
    JsonNode comparison = JSON.readTree(shape.out()).get("comparison");
    assertThat(comparison.get("otherPipeline").get("alignment").asText()).isEqualTo("5-point");
    assertThat(
            comparison.get("bothRight").asInt()
                + comparison.get("onlyThisRight").asInt()
                + comparison.get("onlyOtherRight").asInt()
                + comparison.get("bothWrong").asInt())
        .isEqualTo(4 * PER_CLASS);
    assertThat(comparison.get("otherAccuracy").asDouble())
        .isCloseTo(right / (4.0 * PER_CLASS), within(1e-12));
    assertThat(comparison.get("mcNemarP").asDouble()).isBetween(0.0, 1.0);
    assertThat(comparison.get("differenceLow").asDouble())
        .isLessThanOrEqualTo(comparison.get("difference").asDouble());
    assertThat(comparison.get("differenceHigh").asDouble())
        .isGreaterThanOrEqualTo(comparison.get("difference").asDouble());

    assertThat(otherFolds.exitCode()).isEqualTo(2);
    assertThat(otherFolds.err()).contains("differs from this run at pair");

    Run fused =
        pictor(
            "evaluate",
            "fuse",
            "--json",
            "--outcomes",
            outcomes.toString(),
            "--outcomes",
            shapeOutcomes.toString());
    assertThat(fused.exitCode()).as(fused.err()).isZero();
    JsonNode fusion = JSON.readTree(fused.out());
    assertThat(fusion.get("pairs").asInt()).isEqualTo(4 * PER_CLASS);
    assertThat(fusion.get("foldWeights")).hasSize(4);
    assertThat(fusion.get("weight").asDouble()).isBetween(0.0, 1.0);
    assertThat(fusion.get("accuracy").asDouble()).isBetween(0.5, 1.0);
    assertThat(fusion.get("comparisons").get(0).get("otherAccuracy").asDouble())
        .isCloseTo(right / (4.0 * PER_CLASS), within(1e-12));
    // evaluate compare gives the same paired comparison as --compare did, from the two files.
    Run compared =
        pictor(
            "evaluate",
            "compare",
            "--json",
            "--outcomes",
            shapeOutcomes.toString(),
            "--outcomes",
            outcomes.toString());
    assertThat(compared.exitCode()).as(compared.err()).isZero();
    JsonNode pairwise = JSON.readTree(compared.out());
    for (String key :
        List.of("accuracy", "otherAccuracy", "onlyThisRight", "onlyOtherRight", "mcNemarP")) {
      assertThat(pairwise.get(key).asDouble())
          .as(key)
          .isCloseTo(comparison.get(key).asDouble(), within(1e-12));
    }
    assertThat(pairwise.get("otherPipeline").get("alignment").asText()).isEqualTo("5-point");
    Run compareOne = pictor("evaluate", "compare", "--outcomes", outcomes.toString());
    assertThat(compareOne.exitCode()).isEqualTo(2);
    assertThat(compareOne.err()).contains("exactly two --outcomes");

    Run oneFile = pictor("evaluate", "fuse", "--outcomes", outcomes.toString());
    assertThat(oneFile.exitCode()).isEqualTo(2);
    assertThat(oneFile.err()).contains("exactly two --outcomes");
  }

  @Test
  void anUpsideDownTemplateIsUsedAndSeparatesPeopleWorse() throws Exception {
    String test = smallPairs("pairsDevTest.txt").toString();
    String train = smallPairs("pairsDevTrain.txt").toString();
    // The card's template turned by 180 degrees: faces upside down in the crops.
    String shifted = "104.4,105.4,47.7,105.4,76.1,73.3,101.3,45.0,50.8,45.0";

    Run plain =
        pictor(
            "evaluate",
            "lfw",
            "--json",
            "--images",
            images(),
            "--pairs",
            test,
            "--train-pairs",
            train);
    Run moved =
        pictor(
            "evaluate",
            "lfw",
            "--json",
            "--template",
            shifted,
            "--images",
            images(),
            "--pairs",
            test,
            "--train-pairs",
            train);

    assertThat(moved.exitCode()).as(moved.err()).isZero();
    JsonNode root = JSON.readTree(moved.out());
    assertThat(root.get("customTemplate").asBoolean()).isTrue();
    assertThat(root.get("template").get(0).asDouble()).isCloseTo(104.4, within(1e-4));
    assertThat(root.get("auc").asDouble())
        .isLessThan(JSON.readTree(plain.out()).get("auc").asDouble());
  }

  @Test
  void lfwUsageAndInputErrorsExitWith2() throws Exception {
    Path test = smallPairs("pairsDevTest.txt");
    Path broken = Files.writeString(temp.resolve("broken.txt"), "2\nAbdullah_Gul\t13\n");

    Run oneFold =
        pictor("evaluate", "lfw", "--images", images(), "--pairs", test.toString(), "--folds", "1");
    Run trainWithPool =
        pictor(
            "evaluate",
            "lfw",
            "--images",
            images(),
            "--pairs",
            test + "," + test,
            "--train-pairs",
            test.toString());
    Run notOutcomes =
        pictor(
            "evaluate",
            "lfw",
            "--images",
            images(),
            "--pairs",
            test.toString(),
            "--compare",
            test.toString());
    Run malformed =
        pictor(
            "evaluate",
            "lfw",
            "--images",
            images(),
            "--pairs",
            broken.toString(),
            "--train-pairs",
            test.toString());
    Run shortTemplate =
        pictor(
            "evaluate",
            "lfw",
            "--template",
            "1,2,3",
            "--images",
            images(),
            "--pairs",
            test.toString(),
            "--train-pairs",
            test.toString());
    Run templateWithShapes =
        pictor(
            "evaluate",
            "lfw",
            "--alignment",
            "68-point",
            "--template",
            "1,2,3,4,5,6,7,8,9,10",
            "--images",
            images(),
            "--pairs",
            test.toString(),
            "--train-pairs",
            test.toString());
    Run badAlignment =
        pictor(
            "evaluate",
            "lfw",
            "--alignment",
            "7-point",
            "--images",
            images(),
            "--pairs",
            test.toString(),
            "--train-pairs",
            test.toString());
    Run noImages =
        pictor(
            "evaluate",
            "lfw",
            "--images",
            temp.resolve("none").toString(),
            "--pairs",
            test.toString(),
            "--train-pairs",
            test.toString());
    Run noSubcommand = pictor("evaluate");

    assertThat(templateWithShapes.exitCode()).isEqualTo(2);
    assertThat(templateWithShapes.err()).contains("--alignment 5-point");
    assertThat(badAlignment.exitCode()).isEqualTo(2);
    assertThat(badAlignment.err()).contains("'7-point' is not an alignment");
    assertThat(oneFold.exitCode()).isEqualTo(2);
    assertThat(oneFold.err()).contains("--folds must be at least 2");
    assertThat(trainWithPool.exitCode()).isEqualTo(2);
    assertThat(trainWithPool.err()).contains("give no --train-pairs");
    assertThat(notOutcomes.exitCode()).isEqualTo(2);
    assertThat(notOutcomes.err()).contains("is not an outcomes file");
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).contains("broken.txt:2");
    assertThat(shortTemplate.exitCode()).isEqualTo(2);
    assertThat(shortTemplate.err()).contains("--template needs 10 finite numbers");
    assertThat(noImages.exitCode()).isEqualTo(2);
    assertThat(noImages.err()).contains("is not a folder");
    assertThat(noSubcommand.exitCode()).isEqualTo(2);
    assertThat(noSubcommand.err()).contains("choose lfw, identify, fuse or compare");
  }

  @Test
  void identifyOverASmallFolderCountsGalleryProbesAndFailures() throws Exception {
    // Four people with two or three photos, three with one (impostors); one photo has no face.
    Path root = temp.resolve("people");
    List<String[]> matched =
        Cli.lfwPairs("pairsDevTest.txt").stream().filter(p -> p.length == 3).toList();
    int genuine = 0;
    List<String> enrolled = new ArrayList<>();
    for (String[] pair : matched) {
      if (enrolled.size() == 4) {
        break;
      }
      if (!enrolled.contains(pair[0])) {
        enrolled.add(pair[0]);
        copy(lfw(pair[0], Integer.parseInt(pair[1])), root.resolve(pair[0]));
        copy(lfw(pair[0], Integer.parseInt(pair[2])), root.resolve(pair[0]));
        genuine++;
      }
    }
    // A painting as the last photo of the last person: a genuine probe without a face.
    Path faceless = root.resolve(enrolled.get(3)).resolve("zz_starry_night.jpg");
    Files.copy(Cli.starryNight(), faceless);
    genuine++;
    List<String> impostors = new ArrayList<>();
    for (String[] pair : Cli.lfwPairs("pairsDevTest.txt")) {
      if (pair.length == 4
          && impostors.size() < 3
          && !enrolled.contains(pair[0])
          && !impostors.contains(pair[0])) {
        impostors.add(pair[0]);
        copy(lfw(pair[0], Integer.parseInt(pair[1])), root.resolve(pair[0]));
      }
    }

    Run json = pictor("evaluate", "identify", "--images", root.toString(), "--json");
    Run text = pictor("evaluate", "identify", "--images", root.toString());

    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode r = JSON.readTree(json.out());
    assertThat(r.get("galleryPeople").asInt()).isEqualTo(4);
    assertThat(r.get("genuineProbes").asInt()).isEqualTo(genuine);
    assertThat(r.get("impostorProbes").asInt()).isEqualTo(3);
    assertThat(r.get("failures").asInt()).isEqualTo(1);
    assertThat(r.get("imagesWithoutFace").get(0).asText())
        .isEqualTo(enrolled.get(3) + "/zz_starry_night.jpg");
    // Every probe with a face is a clear LFW matched pair; the painting is a miss.
    assertThat(r.get("rank1Accuracy").asDouble())
        .isCloseTo((genuine - 1) / (double) genuine, within(1e-9));
    assertThat(r.get("dir").asDouble()).isBetween(0.0, r.get("rank1Accuracy").asDouble());
    assertThat(r.get("falseAcceptRate").asDouble()).isZero();
    assertThat(r.get("faceChoice").asText()).isEqualTo("mostProminent");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("4 people enrolled (first photo each), " + genuine + " genuine probes, 3")
        .contains("rank-1     80.00%")
        .contains("failures   1 photos without a face");
  }

  @Test
  void identifyWithNobodyToEnrollIsAnInputError() throws Exception {
    Path root = temp.resolve("singles");
    copy(lfw("Abdullah_Gul", 13), root.resolve("Abdullah_Gul"));

    Run run = pictor("evaluate", "identify", "--images", root.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nobody can be enrolled");
  }

  private static void copy(Path image, Path folder) throws Exception {
    Files.createDirectories(folder);
    Files.copy(image, folder.resolve(image.getFileName()));
  }
}
