package dev.pictor.image.opencv;

import dev.pictor.face.FaceAligner;
import dev.pictor.face.FaceImage;
import dev.pictor.face.FaceShape;
import dev.pictor.face.Landmarks;
import dev.pictor.face.Point;
import dev.pictor.image.RgbImage;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Aligns faces with OpenCV: fits a {@link SimilarityTransform} from the five landmarks (or the 51
 * inner points of a {@link FaceShape}) to the encoder's template, then warps with bilinear
 * interpolation, in floating point (no rounding), to the encoder's input size. Pixels that fall
 * outside the photo are black.
 *
 * <p>Only the part of the photo under each crop is converted to floats, so large photos cost
 * little. Stateless and thread-safe; registered for {@link java.util.ServiceLoader} as a {@link
 * FaceAligner}. Native buffers are released before each call returns.
 */
public final class OpenCvFaceAligner implements FaceAligner {

  @Override
  public List<FaceImage> align(RgbImage image, List<Landmarks> landmarks, ModelCard card) {
    List<Point> target = points(card.encoder().alignmentTemplate());
    if (target.size() != 5) {
      throw new IllegalArgumentException(
          "model " + card.id() + " has no 5-point alignment template in its card");
    }
    return alignAll(image, landmarks.stream().map(Landmarks::points).toList(), target, card);
  }

  @Override
  public List<FaceImage> alignShapes(RgbImage image, List<FaceShape> shapes, ModelCard card) {
    List<Point> target = points(card.encoder().shapeTemplate());
    if (target.size() != EncoderSection.SHAPE_TEMPLATE_POINTS) {
      throw new IllegalArgumentException(
          "model " + card.id() + " has no face-shape template in its card");
    }
    return alignAll(image, shapes.stream().map(FaceShape::innerPoints).toList(), target, card);
  }

  private static List<Point> points(List<Float> xy) {
    List<Point> out = new ArrayList<>(xy.size() / 2);
    for (int i = 0; i + 1 < xy.size(); i += 2) {
      out.add(new Point(xy.get(i), xy.get(i + 1)));
    }
    return out;
  }

  /** One crop per point set, each fitted to {@code target}. */
  private static List<FaceImage> alignAll(
      RgbImage image, List<List<Point>> faces, List<Point> target, ModelCard card) {
    if (faces.isEmpty()) {
      return List.of();
    }
    OpenCvNatives.ensureLoaded();
    Mat photo = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    try {
      photo.put(0, 0, image.rgb());
      List<FaceImage> crops = new ArrayList<>(faces.size());
      for (List<Point> face : faces) {
        SimilarityTransform toCrop = SimilarityTransform.fit(face, target);
        crops.add(warp(photo, toCrop, card.input().width(), card.input().height()));
      }
      return crops;
    } finally {
      photo.release();
    }
  }

  /** Warps the region of {@code photo} that maps into the crop. */
  private static FaceImage warp(Mat photo, SimilarityTransform toCrop, int width, int height) {
    SimilarityTransform toPhoto = toCrop.inverse();
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Point corner :
        List.of(
            new Point(0, 0), new Point(width, 0), new Point(0, height), new Point(width, height))) {
      Point p = toPhoto.apply(corner);
      minX = Math.min(minX, p.x());
      minY = Math.min(minY, p.y());
      maxX = Math.max(maxX, p.x());
      maxY = Math.max(maxY, p.y());
    }
    int x0 = clamp((int) Math.floor(minX) - 2, photo.cols());
    int y0 = clamp((int) Math.floor(minY) - 2, photo.rows());
    int x1 = clamp((int) Math.ceil(maxX) + 2, photo.cols());
    int y1 = clamp((int) Math.ceil(maxY) + 2, photo.rows());
    float[] rgb = new float[width * height * 3];
    if (x1 <= x0 || y1 <= y0) {
      return new FaceImage(width, height, rgb);
    }
    Mat region = photo.submat(new Rect(x0, y0, x1 - x0, y1 - y0));
    Mat floats = new Mat();
    Mat matrix = new Mat(2, 3, CvType.CV_64F);
    Mat crop = new Mat();
    try {
      region.convertTo(floats, CvType.CV_32FC3);
      double[] m = toCrop.matrix();
      // the region's origin is (x0, y0) in the photo: shift the translation accordingly
      m[2] += m[0] * x0 + m[1] * y0;
      m[5] += m[3] * x0 + m[4] * y0;
      matrix.put(0, 0, m);
      Imgproc.warpAffine(
          floats,
          crop,
          matrix,
          new Size(width, height),
          Imgproc.INTER_LINEAR,
          Core.BORDER_CONSTANT,
          new Scalar(0, 0, 0));
      crop.get(0, 0, rgb);
    } finally {
      crop.release();
      matrix.release();
      floats.release();
      region.release();
    }
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = Math.min(255f, Math.max(0f, rgb[i]));
    }
    return new FaceImage(width, height, rgb);
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
