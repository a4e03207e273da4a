package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.FaceImage;
import dev.pictor.face.FaceShape;
import dev.pictor.face.Landmarks;
import dev.pictor.image.RgbImage;
import dev.pictor.model.ChannelOrder;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelInput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenCvFaceAlignerTest {
  private static final List<Float> TEMPLATE =
      List.of(10f, 10f, 30f, 10f, 20f, 20f, 12f, 30f, 28f, 30f);

  /** 51 points spread over a 40x40 crop (a 3-by-17 grid), as a shape template. */
  private static List<Float> shapeTemplate() {
    List<Float> xy = new ArrayList<>();
    for (int i = 0; i < EncoderSection.SHAPE_TEMPLATE_POINTS; i++) {
      xy.add(4f + 2f * (i % 17));
      xy.add(8f + 12f * (i / 17));
    }
    return xy;
  }

  private static ModelCard card(List<Float> template) {
    return card(template, List.of());
  }

  private static ModelCard card(List<Float> template, List<Float> shapeTemplate) {
    return new ModelCard(
        "t",
        "1",
        "t.onnx",
        "0".repeat(64),
        "https://x",
        new ModelInput(40, 40, ChannelOrder.RGB, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)),
        new EncoderSection(8, DistanceMetric.EUCLIDEAN, 0.5, "test", template, shapeTemplate),
        "test",
        "0".repeat(64),
        "MIT");
  }

  /** A photo whose pixel at (x, y) has R = x, G = y, B = 7. */
  private static RgbImage gradient(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        rgb[(y * w + x) * 3] = (byte) x;
        rgb[(y * w + x) * 3 + 1] = (byte) y;
        rgb[(y * w + x) * 3 + 2] = 7;
      }
    }
    return new RgbImage(w, h, rgb);
  }

  @Test
  void landmarksAtTheTemplateScaledByTwoGiveAHalfSizeSampling() {
    float[] xy = new float[10];
    for (int i = 0; i < 10; i++) {
      xy[i] = TEMPLATE.get(i) * 2 + (i % 2 == 0 ? 50 : 60);
    }
    FaceImage crop =
        new OpenCvFaceAligner()
            .align(gradient(200, 200), List.of(Landmarks.of(xy)), card(TEMPLATE))
            .get(0);
    assertThat(crop.width()).isEqualTo(40);
    // crop pixel (u, v) samples photo (2u + 50, 2v + 60)
    assertThat((double) crop.value(5, 7, 0)).isCloseTo(60, within(1e-3));
    assertThat((double) crop.value(5, 7, 1)).isCloseTo(74, within(1e-3));
    assertThat((double) crop.value(5, 7, 2)).isCloseTo(7, within(1e-3));
  }

  @Test
  void rotatedFacesAreTurnedUpright() {
    // template rotated by 90 degrees about (20, 20), then shifted by (100, 100)
    float[] xy = new float[10];
    for (int i = 0; i < 5; i++) {
      float x = TEMPLATE.get(2 * i) - 20;
      float y = TEMPLATE.get(2 * i + 1) - 20;
      xy[2 * i] = -y + 120;
      xy[2 * i + 1] = x + 120;
    }
    FaceImage crop =
        new OpenCvFaceAligner()
            .align(gradient(250, 250), List.of(Landmarks.of(xy)), card(TEMPLATE))
            .get(0);
    // crop (u, v) samples photo (-(v - 20) + 120, (u - 20) + 120)
    assertThat((double) crop.value(30, 10, 0)).isCloseTo(130, within(1e-3));
    assertThat((double) crop.value(30, 10, 1)).isCloseTo(130, within(1e-3));
  }

  @Test
  void areasOutsideThePhotoAreBlack() {
    float[] xy = new float[10];
    for (int i = 0; i < 10; i++) {
      xy[i] = TEMPLATE.get(i) - 15;
    }
    FaceImage crop =
        new OpenCvFaceAligner()
            .align(gradient(60, 60), List.of(Landmarks.of(xy)), card(TEMPLATE))
            .get(0);
    assertThat(crop.value(2, 2, 2)).isZero();
    assertThat((double) crop.value(30, 30, 2)).isCloseTo(7, within(1e-3));
  }

  @Test
  void needsATemplate() {
    assertThatThrownBy(
            () ->
                new OpenCvFaceAligner()
                    .align(gradient(10, 10), List.of(Landmarks.of(new float[10])), card(List.of())))
        .hasMessageContaining("alignment template");
  }

  @Test
  void faceShapesAreFittedOnTheirInnerPointsOnly() {
    // inner points = shape template scaled by 2 and shifted by (50, 60); the jaw line is far off
    List<Float> target = shapeTemplate();
    float[] xy = new float[2 * FaceShape.POINTS];
    for (int i = 0; i < FaceShape.FIRST_INNER; i++) {
      xy[2 * i] = 190;
      xy[2 * i + 1] = 5 + i;
    }
    for (int i = 0; i < EncoderSection.SHAPE_TEMPLATE_POINTS; i++) {
      int p = FaceShape.FIRST_INNER + i;
      xy[2 * p] = target.get(2 * i) * 2 + 50;
      xy[2 * p + 1] = target.get(2 * i + 1) * 2 + 60;
    }
    FaceImage crop =
        new OpenCvFaceAligner()
            .alignShapes(gradient(200, 200), List.of(FaceShape.of(xy)), card(TEMPLATE, target))
            .get(0);
    // crop pixel (u, v) samples photo (2u + 50, 2v + 60), as for 5 points
    assertThat((double) crop.value(5, 7, 0)).isCloseTo(60, within(1e-3));
    assertThat((double) crop.value(5, 7, 1)).isCloseTo(74, within(1e-3));
  }

  @Test
  void faceShapesNeedAShapeTemplate() {
    assertThatThrownBy(
            () ->
                new OpenCvFaceAligner()
                    .alignShapes(
                        gradient(10, 10),
                        List.of(FaceShape.of(new float[2 * FaceShape.POINTS])),
                        card(TEMPLATE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("face-shape template");
  }
}
