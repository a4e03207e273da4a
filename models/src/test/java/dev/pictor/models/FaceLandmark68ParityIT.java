package dev.pictor.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.ExecutionDevice;
import dev.pictor.face.Box;
import dev.pictor.face.FaceImage;
import dev.pictor.image.RgbImage;
import dev.pictor.model.ModelCard;
import dev.pictor.onnx.OnnxFaceLandmarker;
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
 * The converted 68-point landmark network against golden outputs written by the original
 * face-api.js code ({@code tools/reference/face-landmarks.js}, tfjs CPU backend) for 112x112
 * windows of 16 real face crops, and {@link OnnxFaceLandmarker}'s cropping and mapping on the same
 * inputs.
 */
class FaceLandmark68ParityIT {
  private static final Logger LOG = LoggerFactory.getLogger(FaceLandmark68ParityIT.class);
  private static final int SIDE = 112;

  record Golden(String path, float[] landmarks) {}

  private static List<Golden> golden;
  private static int windowX;
  private static int windowY;

  @BeforeAll
  static void loadGolden() throws Exception {
    try (InputStream in =
        FaceLandmark68ParityIT.class.getResourceAsStream("/golden/face-landmark68.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      assertThat(root.path("backend").asText()).isEqualTo("cpu");
      JsonNode window = root.path("window");
      windowX = window.path("x0").asInt();
      windowY = window.path("y0").asInt();
      assertThat(window.path("x1").asInt() - windowX + 1).isEqualTo(SIDE);
      assertThat(window.path("y1").asInt() - windowY + 1).isEqualTo(SIDE);
      golden = new ArrayList<>();
      for (JsonNode image : root.path("images")) {
        JsonNode d = image.path("landmarks");
        float[] v = new float[d.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) d.get(i).asDouble();
        }
        golden.add(new Golden(image.path("path").asText(), v));
      }
    }
    assertThat(golden).hasSizeGreaterThanOrEqualTo(5);
    assertThat(golden).allSatisfy(g -> assertThat(g.landmarks()).hasSize(136));
  }

  @Test
  void rawOnnxOutputMatchesTheOriginalNetwork() throws Exception {
    VerifiedModel model = ModelStore.standard(Optional.empty()).resolve("face-landmark68");
    ModelCard card = model.card();
    assertThat(model.location()).startsWith("classpath:");
    assertThat(card.input().width()).isEqualTo(SIDE);
    int plane = SIDE * SIDE;
    float[] batch = new float[golden.size() * 3 * plane];
    for (int k = 0; k < golden.size(); k++) {
      FaceImage face = TestFaces.read(TestFaces.dataDir().resolve(golden.get(k).path()));
      System.arraycopy(normalisedWindow(face, card), 0, batch, k * 3 * plane, 3 * plane);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double worst = 0;
    try (OrtSession session = env.createSession(model.onnx(), new OrtSession.SessionOptions());
        OnnxTensor input =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(batch), new long[] {golden.size(), 3, SIDE, SIDE});
        OrtSession.Result result = session.run(Map.of("input", input))) {
      float[][] actual = (float[][]) result.get(0).getValue();
      assertThat(actual).hasNumberOfRows(golden.size());
      for (int k = 0; k < golden.size(); k++) {
        Golden g = golden.get(k);
        double maxAbs = 0;
        for (int i = 0; i < 136; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(actual[k][i] - g.landmarks()[i]));
        }
        LOG.info("{}: max abs diff {} ({} px at 112)", g.path(), maxAbs, maxAbs * SIDE);
        assertThat(maxAbs).as("max abs difference for %s", g.path()).isLessThanOrEqualTo(1e-4);
        worst = Math.max(worst, maxAbs);
      }
    }
    LOG.info(
        "landmark parity over {} inputs (one batch): worst max abs diff {}", golden.size(), worst);
  }

  /**
   * The landmarker given the window as the face box crops exactly the golden input (no resampling
   * at scale 1), so its points are the golden fractions times 112 plus the window's offset.
   */
  @Test
  void landmarkerMapsTheOriginalOutputIntoImageCoordinates() throws Exception {
    try (OnnxFaceLandmarker landmarker = open()) {
      for (Golden g : golden) {
        RgbImage image = rgb(TestFaces.read(TestFaces.dataDir().resolve(g.path())), 1);
        float[] points =
            landmarker.landmarks68(image, List.of(new Box(windowX, windowY, SIDE, SIDE))).get(0);
        assertPoints(points, g, windowX, windowY, SIDE, g.path());
      }
    }
  }

  /**
   * A photo enlarged 2x (each pixel repeated 2x2) with the window's box scaled alike: shrinking by
   * 2 averages 2x2 samples that fall exactly on the repeated pixels, so the crop is the golden
   * input again and the points scale by 2. A box of the same centre and longer side but narrower
   * gives the same square crop.
   */
  @Test
  void cropScalesWithTheBoxAndIsMadeSquare() throws Exception {
    try (OnnxFaceLandmarker landmarker = open()) {
      for (Golden g : golden.subList(0, 4)) {
        RgbImage big = rgb(TestFaces.read(TestFaces.dataDir().resolve(g.path())), 2);
        Box square = new Box(2 * windowX, 2 * windowY, 2 * SIDE, 2 * SIDE);
        Box narrow = new Box(2 * windowX + 40, 2 * windowY, 2 * SIDE - 80, 2 * SIDE);
        List<float[]> points = landmarker.landmarks68(big, List.of(square, narrow));
        assertPoints(points.get(0), g, 2 * windowX, 2 * windowY, 2 * SIDE, g.path() + " 2x");
        assertPoints(points.get(1), g, 2 * windowX, 2 * windowY, 2 * SIDE, g.path() + " narrow");
      }
    }
  }

  static OnnxFaceLandmarker open() throws Exception {
    return OnnxFaceLandmarker.open(
        ModelStore.standard(Optional.empty()).resolve("face-landmark68"),
        ExecutionDevice.cpu(),
        2,
        8);
  }

  private static void assertPoints(
      float[] points, Golden g, double x0, double y0, double side, String what) {
    assertThat(points).hasSize(136);
    double worst = 0;
    for (int p = 0; p < 68; p++) {
      double ex = x0 + g.landmarks()[2 * p] * side;
      double ey = y0 + g.landmarks()[2 * p + 1] * side;
      worst =
          Math.max(worst, Math.max(Math.abs(points[2 * p] - ex), Math.abs(points[2 * p + 1] - ey)));
    }
    // 1e-4 of the side from the network, plus float rounding of the mapping
    assertThat(worst)
        .as("largest point error (px) for %s", what)
        .isLessThanOrEqualTo(1e-4 * side + 1e-3);
  }

  /** The golden input window with the card's normalisation, written out independently. */
  private static float[] normalisedWindow(FaceImage face, ModelCard card) {
    int plane = SIDE * SIDE;
    float[] chw = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      float mean = card.input().mean().get(c);
      float std = card.input().std().get(c);
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          chw[c * plane + y * SIDE + x] = (face.value(windowX + x, windowY + y, c) - mean) / std;
        }
      }
    }
    return chw;
  }

  /** The face as 8-bit RGB, each pixel repeated {@code factor x factor} times. */
  static RgbImage rgb(FaceImage face, int factor) {
    int w = face.width() * factor;
    int h = face.height() * factor;
    byte[] bytes = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          bytes[(y * w + x) * 3 + c] = (byte) Math.round(face.value(x / factor, y / factor, c));
        }
      }
    }
    return new RgbImage(w, h, bytes);
  }
}
