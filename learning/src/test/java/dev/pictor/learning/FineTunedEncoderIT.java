package dev.pictor.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.ExecutionDevice;
import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.LfwPairs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On real LFW View 1 DevTrain photos (a small subset: 40 people with several images, plus 20 with
 * one): features of the stock trunk reproduce the stock encoder, a short training run lowers the
 * held-out loss, and the exported ONNX encoder gives the Java head's embeddings.
 */
class FineTunedEncoderIT {
  private static ParentEncoder parent;
  private static FeatureSet features;
  private static List<FaceImage> crops;

  private static Path lfw() {
    Path dir =
        Path.of(System.getProperty("pictor.shared.dir", "../../shared")).resolve("data/lfw-view1");
    assertThat(dir).as("LFW View 1 (set -Dpictor.shared.dir)").isDirectory();
    return dir;
  }

  @BeforeAll
  static void extract() throws Exception {
    Path lfw = lfw();
    Map<String, TreeSet<String>> byPerson = new TreeMap<>();
    for (LfwPairs.Pair p : LfwPairs.read(lfw.resolve("pairsDevTrain.txt")).pairs()) {
      for (String image : List.of(p.firstImage(), p.secondImage())) {
        byPerson
            .computeIfAbsent(image.substring(0, image.indexOf('/')), k -> new TreeSet<>())
            .add(image);
      }
    }
    List<String> images = new ArrayList<>();
    int multi = 0;
    int single = 0;
    for (TreeSet<String> own : byPerson.values()) {
      if (own.size() >= 3 && multi < 40) {
        images.addAll(own);
        multi++;
      } else if (own.size() == 1 && single < 20) {
        images.addAll(own);
        single++;
      }
    }
    parent = ParentEncoder.resolve(EncoderOptions.DEFAULT_MODEL_ID, Optional.empty());
    try (FeatureExtractor fx =
        new FeatureExtractor(parent, AnalyzerOptions.defaults(), ExecutionDevice.cpu())) {
      features = fx.extract(lfw.resolve("images"), images, n -> {}).features();
      crops = new ArrayList<>();
      for (String name : features.images().subList(0, 12)) {
        crops.add(fx.centralFace(Images.read(lfw.resolve("images").resolve(name))).orElseThrow());
      }
      float[][] again = fx.features(crops);
      for (int i = 0; i < crops.size(); i++) {
        assertThat(again[i]).containsExactly(features.row(i), within(1e-5f));
      }
    }
    assertThat(features.size()).isGreaterThan(120);
  }

  @Test
  void stockHeadOnTrunkFeaturesReproducesTheStockEncoder() throws Exception {
    EmbeddingHead stock = EmbeddingHead.of(parent);
    try (FaceEncoder encoder = Pictor.faceEncoder(EncoderOptions.defaults())) {
      List<FaceEmbedding> expected = encoder.encodeAll(crops);
      for (int i = 0; i < crops.size(); i++) {
        double[] mine = stock.embed(features.row(i));
        float[] theirs = expected.get(i).values();
        for (int k = 0; k < theirs.length; k++) {
          assertThat(mine[k]).isCloseTo(theirs[k], within(1e-5));
        }
      }
    }
  }

  @Test
  void trainingOnASubsetLowersHeldOutLossAndExportsAnEquivalentOnnxEncoder(@TempDir Path dir)
      throws Exception {
    TrainingOptions options =
        TrainingOptions.builder()
            .peoplePerBatch(8)
            .learningRate(1e-4)
            .maxEpochs(15)
            .heldOutFraction(0.25)
            .trainFc(true)
            .build();
    TripletTrainer.Result result =
        new TripletTrainer(options).train(features, EmbeddingHead.of(parent), s -> {});
    assertThat(result.bestEpoch()).isPositive();
    assertThat(result.heldOutAfter().mean()).isLessThan(result.heldOutBefore().mean());
    assertThat(result.heldOutAfter().violations()).isLessThan(result.heldOutBefore().violations());

    FineTunedEncoder.Provenance provenance =
        new FineTunedEncoder.Provenance(
            "face-resnet128-it",
            "a 60-person subset of LFW View 1 pairsDevTrain.txt",
            0.5,
            "not calibrated (test)",
            options,
            result,
            Map.of());
    ModelCard card = FineTunedEncoder.export(parent, result.head(), provenance, dir);
    assertThat(card.encoder().alignmentTemplate())
        .isEqualTo(parent.card().encoder().alignmentTemplate());
    assertThat(card.encoder().shapeTemplate()).isEqualTo(parent.card().encoder().shapeTemplate());
    assertThat(card.input()).isEqualTo(parent.card().input());
    assertThat(card.weightsSource())
        .contains(parent.card().id())
        .contains(parent.card().fileSha256());
    assertThat(Files.readString(dir.resolve("face-resnet128-it.training.json")))
        .contains("\"parentModelId\" : \"face-resnet128\"")
        .contains("lossCurve");

    EncoderOptions tuned = EncoderOptions.builder().modelId(card.id()).modelDirectory(dir).build();
    try (FaceEncoder encoder = Pictor.faceEncoder(tuned)) {
      List<FaceEmbedding> onnx = encoder.encodeAll(crops);
      double worst = 0;
      double moved = 0;
      EmbeddingHead stock = EmbeddingHead.of(parent);
      for (int i = 0; i < crops.size(); i++) {
        assertThat(onnx.get(i).modelId()).isEqualTo("face-resnet128-it");
        double[] java = result.head().embed(features.row(i));
        double[] before = stock.embed(features.row(i));
        float[] got = onnx.get(i).values();
        for (int k = 0; k < got.length; k++) {
          worst = Math.max(worst, Math.abs(java[k] - got[k]));
          moved = Math.max(moved, Math.abs(before[k] - got[k]));
        }
      }
      assertThat(worst).isLessThan(1e-5);
      assertThat(moved).as("training changed the embeddings").isGreaterThan(1e-3);
    }
  }
}
