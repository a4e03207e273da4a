package dev.pictor.forge;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.pictor.ModelException;
import dev.pictor.face.DistanceMetric;
import dev.pictor.model.ChannelOrder;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.LandmarkerSection;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelInput;
import dev.pictor.onnx.store.ModelCards;
import dev.pictor.onnx.store.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts the networks of the npm package {@code @vladmandic/face-api} (MIT) into ONNX models with
 * their cards. Stateless.
 */
public final class FaceApiModels {
  /** The pinned package. */
  public static final NpmPackage PACKAGE =
      new NpmPackage(
          "@vladmandic/face-api@1.7.15",
          "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031");

  /** Id of the face encoder converted from {@code face_recognition_model}. */
  public static final String ENCODER_ID = "face-resnet128";

  /** Id of the 68-point face landmark network converted from {@code face_landmark_68_model}. */
  public static final String LANDMARKER_ID = "face-landmark68";

  private static final String TARBALL_URL =
      "https://registry.npmjs.org/@vladmandic/face-api/-/face-api-1.7.15.tgz";

  private static final String MANIFEST =
      "package/model/face_recognition_model-weights_manifest.json";
  private static final String WEIGHTS = "package/model/face_recognition_model.bin";

  private static final String LANDMARK_MANIFEST =
      "package/model/face_landmark_68_model-weights_manifest.json";
  private static final String LANDMARK_WEIGHTS = "package/model/face_landmark_68_model.bin";

  /**
   * Where the 5 landmarks (eye centres, nose tip, mouth corners) land in the 150x150 crop: a
   * dlib-style framing measured in a prototype (98.7% on LFW View 1 DevTest); issue 3 tunes it.
   */
  private static final List<Float> TEMPLATE_150 =
      List.of(45.6f, 44.6f, 102.3f, 44.6f, 73.9f, 76.7f, 48.7f, 105.0f, 99.2f, 105.0f);

  /**
   * Accuracy-optimal Euclidean threshold of the default pipeline on all 3,200 pooled LFW View 1
   * pairs (see the card's threshold source and docs/ACCURACY.md).
   */
  static final double DEFAULT_THRESHOLD = 0.4105;

  private FaceApiModels() {}

  /**
   * Fetches the package (cached in {@code cache}), converts the face recognition network and writes
   * {@code face-resnet128.onnx} and {@code face-resnet128.card.json} into {@code out}.
   *
   * @return the card written
   */
  public static ModelCard forgeEncoder(Path cache, Path out) throws ModelException, IOException {
    Path tarball = PACKAGE.fetch(cache);
    Map<String, Path> files =
        NpmPackage.extract(tarball, Set.of(MANIFEST, WEIGHTS), cache.resolve("face-api-model"));
    Path manifest = files.get(Path.of(MANIFEST).getFileName().toString());
    Path weights = files.get(Path.of(WEIGHTS).getFileName().toString());
    String weightsSha = Sha256.of(weights);

    ModelProto model =
        FaceResNetForge.build(
            TfjsWeights.read(manifest),
            Map.of(
                "pictor.model.id",
                ENCODER_ID,
                "pictor.source",
                PACKAGE.spec() + " model/face_recognition_model.bin",
                "pictor.source.sha256",
                weightsSha,
                "license",
                "MIT"));
    byte[] bytes = model.toByteArray();
    Files.createDirectories(out);
    String file = ENCODER_ID + ".onnx";
    Files.write(out.resolve(file), bytes);

    ModelCard card =
        new ModelCard(
            ENCODER_ID,
            "1.0.0",
            file,
            Sha256.of(bytes),
            TARBALL_URL,
            new ModelInput(
                FaceResNetForge.INPUT_SIZE,
                FaceResNetForge.INPUT_SIZE,
                ChannelOrder.RGB,
                List.of(
                    FaceResNetForge.MEAN_RGB[0],
                    FaceResNetForge.MEAN_RGB[1],
                    FaceResNetForge.MEAN_RGB[2]),
                List.of(255f, 255f, 255f)),
            new EncoderSection(
                128,
                DistanceMetric.EUCLIDEAN,
                DEFAULT_THRESHOLD,
                "accuracy-optimal Euclidean threshold (0.4105) on all 3,200 pairs of LFW View 1"
                    + " (pairsDevTrain.txt + pairsDevTest.txt; YuNet-s, central face, 68-point"
                    + " face-shape alignment to this card's shape template, flip augmentation with the"
                    + " mirrored photo aligned afresh: the default pipeline; pictor evaluate lfw"
                    + " --pairs both files): 99.28% +- 0.49% in 10 identity-disjoint folds, thresholds"
                    + " chosen on the other folds. Without flip the optimum is 0.4252, with 5-point"
                    + " alignment and no flip 0.4298; see docs/ACCURACY.md",
                TEMPLATE_150,
                DlibChipTemplate.points(FaceResNetForge.INPUT_SIZE, 0.25)),
            PACKAGE.spec()
                + " model/face_recognition_model.bin (dlib ResNet face descriptor, ported"
                + " to TF.js by face-api.js, weights uint8-quantized)",
            weightsSha,
            "MIT (face-api.js); dlib model weights CC0");
    ModelCards.write(card, out.resolve(ENCODER_ID + ModelCards.SUFFIX));
    return card;
  }

  /**
   * Fetches the package (cached in {@code cache}), converts the 68-point face landmark network and
   * writes {@code face-landmark68.onnx} and {@code face-landmark68.card.json} into {@code out}.
   *
   * <p>The model takes a square face crop, {@code [N, 3, 112, 112]} RGB normalised as {@code (pixel
   * - mean) / 255} with face-api.js's means, and returns {@code [N, 136]}: the 68 points (x then y
   * of each, in iBUG 300-W order) as fractions of the crop's side, before face-api.js's per-image
   * post-processing (see {@link FaceLandmark68Forge}). The card's section is a landmarker's (68
   * points; the network has no score).
   *
   * @return the card written
   */
  public static ModelCard forgeLandmarker(Path cache, Path out) throws ModelException, IOException {
    Path tarball = PACKAGE.fetch(cache);
    Map<String, Path> files =
        NpmPackage.extract(
            tarball, Set.of(LANDMARK_MANIFEST, LANDMARK_WEIGHTS), cache.resolve("face-api-model"));
    Path manifest = files.get(Path.of(LANDMARK_MANIFEST).getFileName().toString());
    Path weights = files.get(Path.of(LANDMARK_WEIGHTS).getFileName().toString());
    String weightsSha = Sha256.of(weights);

    ModelProto model =
        FaceLandmark68Forge.build(
            TfjsWeights.read(manifest),
            Map.of(
                "pictor.model.id",
                LANDMARKER_ID,
                "pictor.source",
                PACKAGE.spec() + " model/face_landmark_68_model.bin",
                "pictor.source.sha256",
                weightsSha,
                "license",
                "MIT"));
    byte[] bytes = model.toByteArray();
    Files.createDirectories(out);
    String file = LANDMARKER_ID + ".onnx";
    Files.write(out.resolve(file), bytes);

    ModelCard card =
        new ModelCard(
            LANDMARKER_ID,
            "1.0.0",
            file,
            Sha256.of(bytes),
            TARBALL_URL,
            new ModelInput(
                FaceLandmark68Forge.INPUT_SIZE,
                FaceLandmark68Forge.INPUT_SIZE,
                ChannelOrder.RGB,
                List.of(
                    FaceLandmark68Forge.MEAN_RGB[0],
                    FaceLandmark68Forge.MEAN_RGB[1],
                    FaceLandmark68Forge.MEAN_RGB[2]),
                List.of(255f, 255f, 255f)),
            new LandmarkerSection(
                68,
                "[N, 136]: x then y of each of the 68 points (iBUG 300-W order) as fractions of"
                    + " the square input crop's side; no score"),
            PACKAGE.spec()
                + " model/face_landmark_68_model.bin (face-api.js FaceLandmark68Net, 68 points in"
                + " iBUG 300-W order, weights uint8-quantized)",
            weightsSha,
            "MIT (face-api.js)");
    ModelCards.write(card, out.resolve(LANDMARKER_ID + ModelCards.SUFFIX));
    return card;
  }
}
