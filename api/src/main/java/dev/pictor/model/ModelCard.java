package dev.pictor.model;

import dev.pictor.face.DistanceMetric;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Pictor knows about one model file: identity, how to feed it, how to read its output, and
 * where its weights came from. Loaded from the JSON file {@code <id>.card.json} beside the model.
 *
 * <p>Network input is {@code (pixel - mean[c]) / std[c]} for pixels in 0..255 in the given channel
 * order, laid out NCHW. Immutable.
 *
 * @param id unique model id, stamped on every embedding it makes
 * @param version version of this conversion
 * @param file file name of the ONNX model, relative to the model directory
 * @param fileSha256 sha256 of that file (hex)
 * @param url canonical place to get the file, or the weights it is built from
 * @param inputWidth network input width in pixels
 * @param inputHeight network input height in pixels
 * @param channelOrder the colour channel order the network takes
 * @param mean per-channel mean subtracted from 0..255 pixel values, in channel order
 * @param std per-channel divisor applied after the mean, in channel order
 * @param alignmentTemplate where the 5 landmarks (left eye, right eye, nose, left and right mouth
 *     corner; x then y) land in the input image; empty for models that take no aligned face
 * @param shapeTemplate where the 51 inner points (17-67) of a 68-point face shape land in the input
 *     image (x then y, 102 values), for encoders trained on crops aligned that way (dlib's face
 *     chips); empty when not known
 * @param embeddingSize length of the output vector (0 for models that make no embedding)
 * @param metric distance the threshold is meant for (null for models that make no embedding)
 * @param defaultThreshold for encoders, the distance at or below which two faces are the same
 *     person; for detectors, the minimum face score
 * @param thresholdSource how the default threshold was obtained
 * @param weightsSource where the original weights were published
 * @param weightsSha256 sha256 of the original weights as published
 * @param license license of the weights
 */
public record ModelCard(
    String id,
    String version,
    String file,
    String fileSha256,
    String url,
    int inputWidth,
    int inputHeight,
    ChannelOrder channelOrder,
    List<Float> mean,
    List<Float> std,
    List<Float> alignmentTemplate,
    List<Float> shapeTemplate,
    int embeddingSize,
    DistanceMetric metric,
    double defaultThreshold,
    String thresholdSource,
    String weightsSource,
    String weightsSha256,
    String license) {

  /** Number of points in a shape template: the inner points 17-67 of the 68-point layout. */
  public static final int SHAPE_TEMPLATE_POINTS = 51;

  public ModelCard {
    requireText("id", id);
    requireText("version", version);
    requireText("file", file);
    requireText("url", url);
    requireText("weightsSource", weightsSource);
    requireText("license", license);
    if (fileSha256 == null || !fileSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "card '" + id + "': fileSha256 must be 64 lowercase hex digits, was " + fileSha256);
    }
    if (inputWidth <= 0 || inputHeight <= 0) {
      throw new IllegalArgumentException(
          "card '" + id + "': input size must be positive, was " + inputWidth + "x" + inputHeight);
    }
    if (channelOrder == null) {
      throw new IllegalArgumentException("card '" + id + "': channelOrder must be RGB or BGR");
    }
    mean = List.copyOf(mean == null ? List.of() : mean);
    std = List.copyOf(std == null ? List.of() : std);
    if (mean.size() != 3 || std.size() != 3) {
      throw new IllegalArgumentException("card '" + id + "': mean and std need 3 values each");
    }
    if (std.stream().anyMatch(s -> !(s > 0))) {
      throw new IllegalArgumentException("card '" + id + "': std values must be positive");
    }
    alignmentTemplate = List.copyOf(alignmentTemplate == null ? List.of() : alignmentTemplate);
    if (!alignmentTemplate.isEmpty() && alignmentTemplate.size() != 10) {
      throw new IllegalArgumentException(
          "card '"
              + id
              + "': alignmentTemplate needs 10 values (5 points), had "
              + alignmentTemplate.size());
    }
    shapeTemplate = List.copyOf(shapeTemplate == null ? List.of() : shapeTemplate);
    if (!shapeTemplate.isEmpty() && shapeTemplate.size() != 2 * SHAPE_TEMPLATE_POINTS) {
      throw new IllegalArgumentException(
          "card '"
              + id
              + "': shapeTemplate needs "
              + 2 * SHAPE_TEMPLATE_POINTS
              + " values (51 points), had "
              + shapeTemplate.size());
    }
    if (Stream.concat(alignmentTemplate.stream(), shapeTemplate.stream())
        .anyMatch(v -> v == null || !Float.isFinite(v))) {
      throw new IllegalArgumentException("card '" + id + "': template values must be finite");
    }
    if (embeddingSize < 0) {
      throw new IllegalArgumentException("card '" + id + "': embeddingSize must be >= 0");
    }
    if (embeddingSize > 0 && metric == null) {
      throw new IllegalArgumentException("card '" + id + "': an encoder's card needs a metric");
    }
  }

  /**
   * A card without a shape template, with the components of {@link ModelCard} in order otherwise.
   */
  public ModelCard(
      String id,
      String version,
      String file,
      String fileSha256,
      String url,
      int inputWidth,
      int inputHeight,
      ChannelOrder channelOrder,
      List<Float> mean,
      List<Float> std,
      List<Float> alignmentTemplate,
      int embeddingSize,
      DistanceMetric metric,
      double defaultThreshold,
      String thresholdSource,
      String weightsSource,
      String weightsSha256,
      String license) {
    this(
        id,
        version,
        file,
        fileSha256,
        url,
        inputWidth,
        inputHeight,
        channelOrder,
        mean,
        std,
        alignmentTemplate,
        List.of(),
        embeddingSize,
        metric,
        defaultThreshold,
        thresholdSource,
        weightsSource,
        weightsSha256,
        license);
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("model card field '" + name + "' must not be blank");
    }
  }

  /** Whether the network wants RGB (else BGR) channel order. */
  public boolean wantsRgb() {
    return channelOrder == ChannelOrder.RGB;
  }

  /** This card with another alignment template (10 values, or empty); the card itself if equal. */
  public ModelCard withAlignmentTemplate(List<Float> template) {
    if (alignmentTemplate.equals(template)) {
      return this;
    }
    return new ModelCard(
        id,
        version,
        file,
        fileSha256,
        url,
        inputWidth,
        inputHeight,
        channelOrder,
        mean,
        std,
        template,
        shapeTemplate,
        embeddingSize,
        metric,
        defaultThreshold,
        thresholdSource,
        weightsSource,
        weightsSha256,
        license);
  }
}
