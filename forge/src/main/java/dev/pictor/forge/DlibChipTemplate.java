package dev.pictor.forge;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of dlib's face chips, which dlib's face descriptor network (and so face-api.js's
 * port of it) was trained on: the 51 inner points (17-67) of dlib's mean 68-point face shape, in a
 * unit square, placed in a chip with a padding around them.
 *
 * <p>The coordinates are the published values of dlib's {@code get_face_chip_details} mean shape
 * (points 17-67; x in [0, 1] from the left eyebrow's outer end to the right one's). Stateless.
 */
final class DlibChipTemplate {
  private DlibChipTemplate() {}

  private static final double[] MEAN_X = {
    0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991,
    0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217,
    0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428,
    0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395,
    0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379, 0.428096,
    0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689
  };

  private static final double[] MEAN_Y = {
    0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915,
    0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345,
    0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852,
    0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388,
    0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746,
    0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182
  };

  /**
   * The 51 points (x then y, 102 values) in a square chip of {@code size} pixels with {@code
   * padding} (a fraction of the mean shape's extent added on each side; dlib uses 0.25).
   */
  static List<Float> points(int size, double padding) {
    List<Float> out = new ArrayList<>(2 * MEAN_X.length);
    double scale = size / (1 + 2 * padding);
    for (int i = 0; i < MEAN_X.length; i++) {
      out.add((float) ((MEAN_X[i] + padding) * scale));
      out.add((float) ((MEAN_Y[i] + padding) * scale));
    }
    return List.copyOf(out);
  }
}
