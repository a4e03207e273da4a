package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.Pictor;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.model.ModelCard;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.VerifiedModel;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The converted encoder against golden descriptors written by the original face-api.js code ({@code
 * tools/reference/face-descriptors.js}, tfjs CPU backend) for 16 real face crops.
 */
class FaceResNetParityIT {
  private static final Logger LOG = LoggerFactory.getLogger(FaceResNetParityIT.class);

  record Golden(String path, float[] descriptor) {}

  private static List<Golden> golden;

  @BeforeAll
  static void loadGolden() throws Exception {
    try (InputStream in =
        FaceResNetParityIT.class.getResourceAsStream("/golden/face-resnet128-descriptors.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      assertThat(root.path("backend").asText()).isEqualTo("cpu");
      golden = new ArrayList<>();
      for (JsonNode image : root.path("images")) {
        JsonNode d = image.path("descriptor");
        float[] v = new float[d.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) d.get(i).asDouble();
        }
        golden.add(new Golden(image.path("path").asText(), v));
      }
    }
    assertThat(golden).hasSizeGreaterThanOrEqualTo(5);
    assertThat(golden).allSatisfy(g -> assertThat(g.descriptor()).hasSize(128));
  }

  @Test
  void rawOnnxOutputMatchesTheOriginalNetwork() throws Exception {
    VerifiedModel model = ModelStore.standard(Optional.empty()).resolve("face-resnet128");
    ModelCard card = model.card();
    assertThat(model.location()).startsWith("classpath:");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double worst = 0;
    double worstCosine = 1;
    try (OrtSession session = env.createSession(model.onnx(), new OrtSession.SessionOptions())) {
      for (Golden g : golden) {
        FaceImage face = TestFaces.read(TestFaces.dataDir().resolve(g.path()));
        try (OnnxTensor input =
                OnnxTensor.createTensor(
                    env, FloatBuffer.wrap(normalisedChw(face, card)), new long[] {1, 3, 150, 150});
            OrtSession.Result result = session.run(Map.of("input", input))) {
          float[] actual = ((float[][]) result.get(0).getValue())[0];
          double maxAbs = 0;
          for (int i = 0; i < 128; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(actual[i] - g.descriptor()[i]));
          }
          double cosine = cosine(actual, g.descriptor());
          LOG.info("{}: max abs diff {}, cosine {}", g.path(), maxAbs, cosine);
          assertThat(maxAbs).as("max abs difference for %s", g.path()).isLessThanOrEqualTo(1e-4);
          assertThat(cosine).as("cosine for %s", g.path()).isGreaterThanOrEqualTo(0.99999);
          worst = Math.max(worst, maxAbs);
          worstCosine = Math.min(worstCosine, cosine);
        }
      }
    }
    LOG.info(
        "parity over {} crops: worst max abs diff {}, worst cosine {}",
        golden.size(),
        worst,
        worstCosine);
  }

  @Test
  void encoderEmbeddingsAreTheNormalisedOriginalDescriptors() throws Exception {
    try (FaceEncoder encoder = Pictor.faceEncoder(EncoderOptions.defaults())) {
      List<FaceImage> faces = new ArrayList<>();
      for (Golden g : golden) {
        faces.add(TestFaces.read(TestFaces.dataDir().resolve(g.path())));
      }
      List<FaceEmbedding> embeddings = encoder.encodeAll(faces);
      for (int k = 0; k < golden.size(); k++) {
        float[] expected =
            FaceEmbedding.normalised("face-resnet128", golden.get(k).descriptor()).values();
        float[] actual = embeddings.get(k).values();
        for (int i = 0; i < 128; i++) {
          assertThat((double) actual[i])
              .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4));
        }
        assertThat(embeddings.get(k).modelId()).isEqualTo("face-resnet128");
      }
    }
  }

  /** The card's preprocessing, written out independently of the encoder's. */
  private static float[] normalisedChw(FaceImage face, ModelCard card) {
    int plane = face.width() * face.height();
    float[] chw = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      float mean = card.input().mean().get(c);
      float std = card.input().std().get(c);
      for (int y = 0; y < face.height(); y++) {
        for (int x = 0; x < face.width(); x++) {
          chw[c * plane + y * face.width() + x] = (face.value(x, y, c) - mean) / std;
        }
      }
    }
    return chw;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(aa * bb);
  }
}
