package dev.pictor.onnx.support;

import dev.pictor.face.FaceImage;
import dev.pictor.model.ModelCard;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Aligned faces packed as an encoder's input: {@code [N, 3, H, W]} floats in native order, channel
 * order, mean and std from the model card. The one packing of the face encoder and of the trunk
 * sessions of {@code pictor-learning}, so that a trunk sees exactly what its encoder sees.
 */
public final class FaceTensors {
  private FaceTensors() {}

  /**
   * The faces as one direct NCHW buffer, positioned at 0.
   *
   * @throws IllegalArgumentException if a face is not of the card's input size
   */
  public static FloatBuffer pack(ModelCard card, List<FaceImage> faces) {
    int w = card.input().width();
    int h = card.input().height();
    int plane = card.input().pixels();
    FloatBuffer buf =
        ByteBuffer.allocateDirect(faces.size() * 3 * plane * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    float[] mean = new float[3];
    float[] scale = new float[3];
    for (int c = 0; c < 3; c++) {
      mean[c] = card.input().mean().get(c);
      scale[c] = 1f / card.input().std().get(c);
    }
    float[] chw = new float[3 * plane];
    for (FaceImage face : faces) {
      if (face.width() != w || face.height() != h) {
        throw new IllegalArgumentException(
            "face is "
                + face.width()
                + "x"
                + face.height()
                + ", "
                + card.id()
                + " needs "
                + w
                + "x"
                + h);
      }
      for (int c = 0; c < 3; c++) {
        int offset = c * plane;
        face.copyChannel(card.input().wantsRgb() ? c : 2 - c, chw, offset);
        float m = mean[c];
        float s = scale[c];
        for (int p = offset; p < offset + plane; p++) {
          chw[p] = (chw[p] - m) * s;
        }
      }
      buf.put(chw);
    }
    return buf.flip();
  }
}
