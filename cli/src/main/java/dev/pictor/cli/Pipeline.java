package dev.pictor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.FaceAlignment;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceSelection;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the faces of an evaluation were obtained (detector, which face, alignment template, model,
 * flip), so that a reported accuracy says what it measured. Immutable.
 *
 * @param detector the detector's model id, or null with {@code --aligned}
 * @param scoreThreshold the smallest detection score counted as a face
 * @param minFaceSize the smallest box side counted as a face, in pixels
 * @param pick which face of a photo was used
 * @param alignment how faces were aligned (null with {@code --aligned})
 * @param template the 5-point alignment template (empty with {@code --aligned} or 68-point
 *     alignment)
 * @param customTemplate whether the template was given on the command line
 * @param model the encoder's model id (the fused id for a fusion of two encoders)
 * @param flip whether flip augmentation was on (of the first encoder for a fusion)
 * @param fusion the fusion's second encoder and weight, or null for one encoder
 */
record Pipeline(
    String detector,
    float scoreThreshold,
    float minFaceSize,
    FaceSelection pick,
    FaceAlignment alignment,
    List<Float> template,
    boolean customTemplate,
    String model,
    boolean flip,
    Fusion fusion) {

  /**
   * The second encoder of a fusion and how its faces were prepared, and the first encoder's weight.
   *
   * @param firstModel the first encoder's model id
   * @param secondModel the second encoder's model id
   * @param secondAlignment how the second encoder's faces were aligned
   * @param secondFlip whether its flip augmentation was on
   * @param weight the first encoder's weight
   */
  record Fusion(
      String firstModel,
      String secondModel,
      FaceAlignment secondAlignment,
      boolean secondFlip,
      double weight) {}

  Pipeline {
    template = List.copyOf(template);
  }

  /**
   * The pipeline of {@code analyzer} (and {@code second}, the second analyzer of a fusion, or
   * null), opened from {@code analysis}.
   */
  static Pipeline of(
      AnalyzerMixin analysis,
      FaceAnalyzer analyzer,
      FaceAnalyzer second,
      FaceSelection pick,
      boolean customTemplate) {
    DetectorOptions detection = analysis.options().detector();
    boolean aligned = analysis.aligned();
    Fusion fusion =
        analysis
            .fusion()
            .map(
                preset ->
                    new Fusion(
                        preset.firstModelId(),
                        preset.secondModelId(),
                        second.alignment(),
                        second.flipAugmentation(),
                        preset.weight()))
            .orElse(null);
    return new Pipeline(
        aligned ? null : analyzer.detectorCard().id(),
        detection.scoreThreshold(),
        detection.minFaceSize(),
        pick,
        aligned ? null : analyzer.alignment(),
        aligned || analyzer.alignment() == FaceAlignment.FACE_SHAPE
            ? List.of()
            : analyzer.alignmentTemplate(),
        customTemplate,
        analysis.scoring(analyzer).modelId(),
        analysis.options().flipAugmentation(),
        fusion);
  }

  /** Three lines: detector, alignment, model. */
  void printText(PrintWriter out) {
    if (detector == null) {
      out.println("detector   none (--aligned: each image is a face crop, resized whole)");
    } else {
      out.printf(
          Locale.ROOT,
          "detector   %s, score >= %s%s, %s%n",
          detector,
          scoreThreshold,
          minFaceSize > 0 ? ", boxes >= " + minFaceSize + " px" : "",
          pick == FaceSelection.CENTRAL
              ? "central face (the box around the image centre)"
              : "most prominent face (the largest box)");
      if (alignment == FaceAlignment.FACE_SHAPE) {
        out.println(
            "alignment  68-point landmarks (51 inner points) fitted to the model card's shape"
                + " template");
      } else {
        out.printf(
            Locale.ROOT,
            "alignment  5-point similarity to the %s template %s%n",
            customTemplate ? "--template" : "model card's",
            template.stream()
                .map(v -> String.format(Locale.ROOT, "%.1f", v))
                .collect(Collectors.joining(",")));
      }
    }
    if (fusion == null) {
      out.printf(Locale.ROOT, "model      %s, flip %s%n", model, flip ? "on" : "off");
    } else {
      out.printf(
          Locale.ROOT,
          "model      %s fused: %s (weight %.2f, as aligned above, flip %s) and %s (weight %.2f,"
              + " %s alignment to its card's template, flip %s)%n",
          model,
          fusion.firstModel(),
          fusion.weight(),
          flip ? "on" : "off",
          fusion.secondModel(),
          1 - fusion.weight(),
          fusion.secondAlignment() == FaceAlignment.FACE_SHAPE ? "68-point" : "5-point",
          fusion.secondFlip() ? "on" : "off");
    }
  }

  /**
   * Adds {@code detector}, {@code faceChoice}, {@code alignment}, {@code template}, {@code model},
   * {@code flip} and, for a fusion, {@code fusion}.
   */
  void putJson(ObjectNode node) {
    if (detector == null) {
      node.putNull("detector");
    } else {
      node.put("detector", detector);
      node.put("scoreThreshold", scoreThreshold);
      node.put("minFaceSize", minFaceSize);
      node.put("faceChoice", pick == FaceSelection.CENTRAL ? "central" : "mostProminent");
      node.put("alignment", alignment == FaceAlignment.FACE_SHAPE ? "68-point" : "5-point");
      ArrayNode values = node.putArray("template");
      template.forEach(values::add);
      node.put("customTemplate", customTemplate);
    }
    node.put("model", model);
    node.put("flip", flip);
    if (fusion != null) {
      ObjectNode fused = node.putObject("fusion");
      fused.put("firstModel", fusion.firstModel());
      fused.put("secondModel", fusion.secondModel());
      fused.put(
          "secondAlignment",
          fusion.secondAlignment() == FaceAlignment.FACE_SHAPE ? "68-point" : "5-point");
      fused.put("secondFlip", fusion.secondFlip());
      fused.put("weight", fusion.weight());
    }
  }
}
