package dev.pictor.style.fast;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.ExecutionDevice;
import dev.pictor.forge.FastStyleForge;
import dev.pictor.forge.FastStyleWeights;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.image.RgbImage;
import dev.pictor.onnx.support.SessionFactory;
import dev.pictor.style.fast.internal.StyleCards;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of the forged ONNX networks, on downscaled copies of the tubingen photo (64x48 for the
 * four styles; 50x38, sides that are not multiples of 4, for udnie), with two references that do
 * not use ONNX Runtime:
 *
 * <ul>
 *   <li>{@link ReferenceTransformNet}, a direct Java implementation of the ops in double precision:
 *       ONNX Runtime (float32, the production session options) must agree within {@value
 *       #TOLERANCE} on the 0..255 scale;
 *   <li>the committed golden outputs of tfjs running ml5's layer sequence in float32 ({@code
 *       tools/reference/fast-style.js}): they pin the layer semantics; both implementations must
 *       agree with them within {@value #FLOAT32_TOLERANCE} (two float32 implementations with
 *       different summation orders differ by about 1e-3 after 16 instance normalisations and the
 *       150x tanh scaling).
 * </ul>
 */
class FastStyleParityIT {
  /** ONNX Runtime vs the double-precision reference, on the 0..255 scale. */
  static final double TOLERANCE = 1e-3;

  /** Anything vs the float32 tfjs golden data, on the 0..255 scale. */
  static final double FLOAT32_TOLERANCE = 2e-3;

  static List<JsonNode> goldens() throws Exception {
    try (InputStream in = TestData.golden("fast-style.json")) {
      List<JsonNode> list = new ArrayList<>();
      new ObjectMapper().readTree(in).get("outputs").forEach(list::add);
      assertThat(list).hasSize(5);
      return list;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void onnxMatchesTheReferences(JsonNode golden) throws Exception {
    String style = golden.get("style").asText();
    RgbImage input = TestData.goldenImage(golden.get("input").asText());
    int w = input.width();
    int h = input.height();
    assertThat(w).isEqualTo(golden.get("inputWidth").asInt());
    assertThat(h).isEqualTo(golden.get("inputHeight").asInt());
    int refW = golden.get("outputWidth").asInt();
    int refH = golden.get("outputHeight").asInt();
    float[] tfjs = new float[refW * refH * 3]; // HWC
    try (InputStream in = TestData.golden(golden.get("file").asText())) {
      ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(tfjs);
    }

    FastStyleCard card = StyleCards.card(style);
    Map<String, Tensor> weights =
        FastStyleWeights.read(
            TestData.modelDir().resolve(card.directory()), card.files(), card.url());
    double[][][] image = new double[3][h][w];
    float[] chw = new float[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          image[c][y][x] = input.value(x, y, c);
          chw[(c * h + y) * w + x] = input.value(x, y, c);
        }
      }
    }
    double[][][] java = new ReferenceTransformNet(weights).run(image);
    assertThat(java[0].length).isEqualTo(refH);
    assertThat(java[0][0].length).isEqualTo(refW);

    byte[] onnx = FastStyleForge.build(weights, Map.of()).toByteArray();
    float[] ort;
    long[] shape;
    SessionFactory.OpenedSession opened =
        SessionFactory.open(card.id(), onnx, ExecutionDevice.cpu(), 0);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = opened.session();
        OnnxTensor tensor =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, h, w});
        OrtSession.Result result = session.run(Map.of(FastStyleForge.INPUT, tensor))) {
      OnnxTensor o = (OnnxTensor) result.get(0);
      shape = o.getInfo().getShape();
      FloatBuffer buffer = o.getFloatBuffer();
      ort = new float[buffer.remaining()];
      buffer.get(ort);
    }
    assertThat(shape).containsExactly(1, 3, h, w);

    // Over the full reference output (what ml5 makes): Java vs tfjs.
    double javaVsTfjs = 0;
    for (int y = 0; y < refH; y++) {
      for (int x = 0; x < refW; x++) {
        for (int c = 0; c < 3; c++) {
          javaVsTfjs = Math.max(javaVsTfjs, Math.abs(java[c][y][x] - tfjs[(y * refW + x) * 3 + c]));
        }
      }
    }
    // Over the input's size (ONNX crops to it, keeping the top-left part).
    double ortVsJava = 0;
    double ortVsTfjs = 0;
    double mean = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          float o = ort[(c * h + y) * w + x];
          ortVsJava = Math.max(ortVsJava, Math.abs(o - java[c][y][x]));
          ortVsTfjs = Math.max(ortVsTfjs, Math.abs(o - tfjs[(y * refW + x) * 3 + c]));
          mean += o;
        }
      }
    }
    mean /= 3.0 * w * h;
    System.out.printf(
        "fast style parity %s on %s: max abs diff ONNX vs Java double %.3g, ONNX vs tfjs %.3g,"
            + " Java double vs tfjs %.3g (0..255 scale); mean output %.1f%n",
        style, golden.get("input").asText(), ortVsJava, ortVsTfjs, javaVsTfjs, mean);
    // A real picture, not a constant or a clipped wash.
    assertThat(mean).isBetween(20.0, 235.0);
    assertThat(javaVsTfjs).as("Java reference vs tfjs").isLessThanOrEqualTo(FLOAT32_TOLERANCE);
    assertThat(ortVsTfjs).as("ONNX vs tfjs").isLessThanOrEqualTo(FLOAT32_TOLERANCE);
    assertThat(ortVsJava).as("ONNX vs Java reference").isLessThanOrEqualTo(TOLERANCE);
  }
}
