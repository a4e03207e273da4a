package dev.pictor.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ExecutionDevice;
import dev.pictor.ImageException;
import dev.pictor.image.RgbImage;
import dev.pictor.model.ChannelOrder;
import dev.pictor.model.DetectorSection;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelInput;
import dev.pictor.model.ModelSection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batch loop of {@link FaceAnalyzer#analyzeAll} on fake parts: a photo's first byte says how
 * many faces it has, face {@code i} has a box of side {@code 5 (i + 1)} at {@code x = 10 i}, and
 * the aligned crop's value (and so the embedding) is that x.
 */
class FaceAnalyzerTest {
  private static final int BATCH = 4;

  private final List<Integer> encoderBatches = new ArrayList<>();
  private final List<Integer> read = new ArrayList<>();

  private final FaceDetector detector =
      new FaceDetector() {
        @Override
        public ModelCard card() {
          return cardOf("detector", new DetectorSection(0.7, "test"));
        }

        @Override
        public ExecutionDevice device() {
          return ExecutionDevice.cpu();
        }

        @Override
        public List<DetectedFace> detect(RgbImage image) {
          List<DetectedFace> faces = new ArrayList<>();
          for (int i = 0; i < image.rgb()[0]; i++) {
            Point p = new Point(10 * i, 0);
            Box box = new Box(10 * i, 0, 5 * (i + 1), 5 * (i + 1));
            faces.add(new DetectedFace(box, 0.9f, new Landmarks(p, p, p, p, p)));
          }
          return faces;
        }

        @Override
        public void close() {}
      };

  private final FaceAligner aligner =
      new FaceAligner() {
        @Override
        public List<FaceImage> align(RgbImage image, List<Landmarks> landmarks, ModelCard card) {
          return landmarks.stream().map(l -> crop(l.leftEye().x())).toList();
        }

        @Override
        public List<FaceImage> alignShapes(RgbImage image, List<FaceShape> shapes, ModelCard c) {
          throw new AssertionError("five-point alignment only");
        }
      };

  private final FaceEncoder encoder =
      new FaceEncoder() {
        @Override
        public ModelCard card() {
          return cardOf("encoder", encoderSection());
        }

        @Override
        public ExecutionDevice device() {
          return ExecutionDevice.cpu();
        }

        @Override
        public FaceEmbedding encode(FaceImage face) {
          return encodeAll(List.of(face)).get(0);
        }

        @Override
        public List<FaceEmbedding> encodeAll(List<FaceImage> faces) {
          encoderBatches.add(faces.size());
          return faces.stream().map(f -> embedding(f.rgb()[0])).toList();
        }

        @Override
        public void close() {}
      };

  private FaceAnalyzer analyzer() {
    return new FaceAnalyzer(
        detector,
        null,
        aligner,
        encoder,
        AnalyzerOptions.defaults()
            .withEncoder(EncoderOptions.builder().maxBatchSize(BATCH).build())
            .withAlignment(FaceAlignment.FIVE_POINTS)
            .withFlipAugmentation(false));
  }

  /** Reads source n as a photo with n faces; a negative n is unreadable. */
  private RgbImage photo(int faces) throws ImageException {
    read.add(faces);
    if (faces < 0) {
      throw new ImageException("photo " + faces + " is unreadable");
    }
    byte[] rgb = new byte[3 * 8 * 8];
    rgb[0] = (byte) faces;
    return new RgbImage(8, 8, rgb);
  }

  @Test
  void oneResultPerSourceInOrderWithFacesEncodedABatchOfPhotosAtATime() throws Exception {
    List<Integer> sources = List.of(3, 0, -1, 1, 2, 2, 5, 0, 1);
    List<FaceChoice<Integer, Face>> results = new ArrayList<>();
    try (FaceAnalyzer analyzer = analyzer()) {
      analyzer.analyzeAll(sources, this::photo, FaceSelection.MOST_PROMINENT, results::add);
    }
    assertThat(results).extracting(FaceChoice::source).containsExactlyElementsOf(sources);
    assertThat(results)
        .extracting(FaceChoice::facesFound)
        .containsExactly(3, 0, 0, 1, 2, 2, 5, 0, 1);
    FaceChoice<Integer, Face> unreadable = results.get(2);
    assertThat(unreadable.readable()).isFalse();
    assertThat(unreadable.unreadable().get()).hasMessage("photo -1 is unreadable");
    assertThat(results.get(1).face()).isEmpty();
    assertThat(results.get(1).readable()).isTrue();
    // the most prominent face is the largest box, the last one: its x is 10 (n - 1)
    for (int i : new int[] {0, 3, 4, 5, 6, 8}) {
      Face face = results.get(i).face().orElseThrow();
      float x = 10 * (sources.get(i) - 1);
      assertThat(face.detection().box().x()).isEqualTo(x);
      assertThat(face.embedding().values()).containsExactly(embedding(x).values());
    }
    // photos 1-4 have 2 faces to encode, 5-8 have 3, 9 has 1: one encoder run per batch
    assertThat(encoderBatches).containsExactly(2, 3, 1);
  }

  @Test
  void aSinkThatThrowsStopsTheRunAfterItsBatch() {
    List<Integer> sources = Collections.nCopies(3 * BATCH, 1);
    try (FaceAnalyzer analyzer = analyzer()) {
      assertThatThrownBy(
              () ->
                  analyzer.analyzeAll(
                      sources,
                      this::photo,
                      FaceSelection.CENTRAL,
                      choice -> {
                        throw new ImageException("stop at " + choice.source());
                      }))
          .isInstanceOf(ImageException.class)
          .hasMessage("stop at 1");
    }
    assertThat(read).hasSize(BATCH);
  }

  @Test
  void givenFacesAreAlignedAndEncodedWithoutDetection() throws Exception {
    Point p = new Point(42, 0);
    DetectedFace given = new DetectedFace(new Box(0, 0, 5, 5), 1f, new Landmarks(p, p, p, p, p));
    List<FaceChoice<Integer, Face>> results = new ArrayList<>();
    try (FaceAnalyzer analyzer = analyzer()) {
      analyzer.analyzeAll(List.of(0), this::photo, List.of(given), results::add);
      assertThatThrownBy(
              () -> analyzer.analyzeAll(List.of(0, 0), this::photo, List.of(given), c -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("one face is needed per source");
    }
    Face face = results.get(0).face().orElseThrow();
    assertThat(face.detection()).isEqualTo(given);
    assertThat(face.embedding().values()).containsExactly(embedding(42).values());
  }

  @Test
  void alignAllGivesTheCropsWithoutEncoding() throws Exception {
    List<FaceChoice<Integer, FaceImage>> results = new ArrayList<>();
    try (FaceAnalyzer analyzer = analyzer()) {
      analyzer.alignAll(List.of(2, 0), this::photo, FaceSelection.MOST_PROMINENT, results::add);
    }
    assertThat(results.get(0).face().orElseThrow()).isEqualTo(crop(10));
    assertThat(results.get(1).face()).isEmpty();
    assertThat(encoderBatches).isEmpty();
  }

  private static FaceImage crop(float value) {
    float[] rgb = new float[150 * 150 * 3];
    java.util.Arrays.fill(rgb, value);
    return new FaceImage(150, 150, rgb);
  }

  private static FaceEmbedding embedding(float x) {
    double a = x / 100.0;
    return new FaceEmbedding("encoder", new float[] {(float) Math.cos(a), (float) Math.sin(a)});
  }

  private static ModelCard cardOf(String id, ModelSection section) {
    return new ModelCard(
        id,
        "1",
        id + ".onnx",
        "0".repeat(64),
        "https://x",
        new ModelInput(150, 150, ChannelOrder.RGB, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)),
        section,
        "src",
        "0".repeat(64),
        "MIT");
  }

  private static EncoderSection encoderSection() {
    List<Float> template = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      template.add(10f * i);
    }
    return new EncoderSection(2, DistanceMetric.EUCLIDEAN, 0.4, "test", template, List.of());
  }
}
