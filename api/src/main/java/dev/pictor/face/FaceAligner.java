package dev.pictor.face;

import dev.pictor.image.RgbImage;
import dev.pictor.model.ModelCard;
import java.util.List;

/**
 * Cuts faces out of a photo so that their landmarks land on an encoder's alignment template: a
 * similarity transform (rotation, uniform scale, translation) fitted by least squares to the
 * landmarks (five points, or the 51 inner points of a {@link FaceShape}), then a bilinear warp to
 * the encoder's input size.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} ({@code pictor-opencv} provides
 * one), are stateless and thread-safe, and own no native memory between calls.
 */
public interface FaceAligner {

  /**
   * Aligned crops, one per landmark set, in order.
   *
   * @param image the photo the landmarks refer to
   * @param landmarks landmarks in {@code image} coordinates
   * @param encoder card of the encoder; its alignment template and input size are used
   * @throws IllegalArgumentException if the card has no alignment template
   */
  List<FaceImage> align(RgbImage image, List<Landmarks> landmarks, ModelCard encoder);

  /**
   * Aligned crops, one per face shape, in order: the 51 inner points of each shape are fitted to
   * the card's shape template.
   *
   * @param image the photo the shapes refer to
   * @param shapes 68-point shapes in {@code image} coordinates
   * @param encoder card of the encoder; its shape template and input size are used
   * @throws IllegalArgumentException if the card has no shape template
   */
  List<FaceImage> alignShapes(RgbImage image, List<FaceShape> shapes, ModelCard encoder);
}
