package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.Pictor;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.model.ModelCard;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.VerifiedModel;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged {@code mobilefacenet512} encoder against golden features written by the feature code
 * of faceplugin-face-recognition-js@0.0.1 itself ({@code
 * tools/reference/mobilefacenet/mobilefacenet-features.mjs}: the package's {@code extractFeature},
 * its OpenCV.js, onnxruntime-web 1.14.0) for 16 real face windows, tinted so that the channel order
 * matters.
 */
class MobileFaceNetParityIT {
  private static final Logger LOG = LoggerFactory.getLogger(MobileFaceNetParityIT.class);
  private static final int SIDE = 112;

  record Golden(String path, float[] feature) {}

  private static List<Golden> golden;
  private static int windowX;
  private static int windowY;

  @BeforeAll
  static void loadGolden() throws Exception {
    try (InputStream in =
        MobileFaceNetParityIT.class.getResourceAsStream("/golden/mobilefacenet512-features.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      assertThat(root.path("package").asText()).isEqualTo("faceplugin-face-recognition-js@0.0.1");
      assertThat(root.path("modelSha256").asText())
          .isEqualTo("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581");
      windowX = root.path("window").path("x0").asInt();
      windowY = root.path("window").path("y0").asInt();
      assertThat(root.path("window").path("x1").asInt() - windowX + 1).isEqualTo(SIDE);
      golden = new ArrayList<>();
      for (JsonNode image : root.path("images")) {
        JsonNode f = image.path("feature");
        float[] v = new float[f.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) f.get(i).asDouble();
        }
        golden.add(new Golden(image.path("path").asText(), v));
      }
    }
    assertThat(golden).hasSize(16);
    assertThat(golden).allSatisfy(g -> assertThat(g.feature()).hasSize(512));
  }

  /** The golden input: the window of the crop, tinted as the reference script tints it. */
  private static FaceImage tintedWindow(String path) throws Exception {
    FaceImage crop = TestFaces.read(TestFaces.dataDir().resolve(path));
    float[] rgb = new float[SIDE * SIDE * 3];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int g = Math.round(crop.value(windowX + x, windowY + y, 0));
        int o = (y * SIDE + x) * 3;
        rgb[o] = g;
        rgb[o + 1] = (3 * g) / 4;
        rgb[o + 2] = g / 2 + 64;
      }
    }
    return new FaceImage(SIDE, SIDE, rgb);
  }

  @Test
  void cardDescribesThePackagesPreprocessing() throws Exception {
    VerifiedModel model = ModelStore.standard(Optional.empty()).resolve("mobilefacenet512");
    ModelCard card = model.card();

    assertThat(model.location()).startsWith("classpath:");
    assertThat(card.input().width()).isEqualTo(SIDE);
    assertThat(card.input().height()).isEqualTo(SIDE);
    assertThat(card.input().channelOrder()).isEqualTo(dev.pictor.model.ChannelOrder.RGB);
    assertThat(card.input().mean()).containsExactly(127f, 127f, 127f);
    assertThat(card.input().std()).containsExactly(128f, 128f, 128f);
    assertThat(card.encoder().embeddingSize()).isEqualTo(512);
    assertThat(card.encoder().metric()).isEqualTo(DistanceMetric.COSINE);
    assertThat(card.encoder().alignmentTemplate()).hasSize(10);
    assertThat(card.encoder().alignmentTemplate().get(0)).isCloseTo(38.2946f, within(1e-4f));
    assertThat(card.weightsSha256())
        .isEqualTo("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581");
  }

  @Test
  void embeddingsInOneBatchAreTheNormalisedReferenceFeatures() throws Exception {
    List<FaceImage> faces = new ArrayList<>();
    for (Golden g : golden) {
      faces.add(tintedWindow(g.path()));
    }
    double worst = 0;
    double worstCosine = 1;
    try (FaceEncoder encoder =
        Pictor.faceEncoder(
            EncoderOptions.builder().modelId("mobilefacenet512").maxBatchSize(16).build())) {
      List<FaceEmbedding> embeddings = encoder.encodeAll(faces);
      assertThat(embeddings).hasSize(golden.size());
      for (int k = 0; k < golden.size(); k++) {
        float[] expected =
            FaceEmbedding.normalised("mobilefacenet512", golden.get(k).feature()).values();
        float[] actual = embeddings.get(k).values();
        double maxAbs = 0;
        double dot = 0;
        for (int i = 0; i < 512; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(actual[i] - expected[i]));
          dot += (double) actual[i] * expected[i];
        }
        LOG.info("{}: max abs diff {}, cosine {}", golden.get(k).path(), maxAbs, dot);
        assertThat(maxAbs).as("max abs difference for %s", golden.get(k).path()).isLessThan(1e-5);
        assertThat(dot).as("cosine for %s", golden.get(k).path()).isGreaterThan(0.99999);
        assertThat(embeddings.get(k).modelId()).isEqualTo("mobilefacenet512");
        worst = Math.max(worst, maxAbs);
        worstCosine = Math.min(worstCosine, dot);
      }
    }
    LOG.info(
        "mobilefacenet512 parity over {} faces (one batch): worst max abs diff {}, worst cosine {}",
        golden.size(),
        worst,
        worstCosine);
  }

  @Test
  void swappingRedAndBlueWouldBeCaught() throws Exception {
    // The tint makes R and B differ, so feeding BGR instead of RGB moves the embedding far away.
    Golden g = golden.get(0);
    FaceImage face = tintedWindow(g.path());
    float[] swapped = new float[SIDE * SIDE * 3];
    for (int p = 0; p < SIDE * SIDE; p++) {
      swapped[p * 3] = face.rgb()[p * 3 + 2];
      swapped[p * 3 + 1] = face.rgb()[p * 3 + 1];
      swapped[p * 3 + 2] = face.rgb()[p * 3];
    }
    try (FaceEncoder encoder =
        Pictor.faceEncoder(EncoderOptions.builder().modelId("mobilefacenet512").build())) {
      FaceEmbedding expected = FaceEmbedding.normalised("mobilefacenet512", g.feature());
      double right = encoder.encode(face).distanceTo(expected, DistanceMetric.COSINE);
      double wrong =
          encoder
              .encode(new FaceImage(SIDE, SIDE, swapped))
              .distanceTo(expected, DistanceMetric.COSINE);
      assertThat(right).isLessThan(1e-5);
      assertThat(wrong).isGreaterThan(1e-3);
    }
  }
}
