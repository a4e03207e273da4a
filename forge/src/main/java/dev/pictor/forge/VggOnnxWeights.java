package dev.pictor.forge;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the convolution weights of a user-supplied VGG-19 ONNX file (a torchvision-style export:
 * {@code features.0.weight} ... as initializers, input RGB normalised with ImageNet mean and std,
 * the torchvision input normalisation) and returns them under the TF.js names and layout that
 * Pictor's VGG graphs take ({@code block<b>_conv<i>/kernel} {@code [3, 3, in, out]}, {@code
 * /bias}), so blocks 4-5 can be used with the same layer names.
 *
 * <p>The convolutions are taken in graph order, whatever their names: the first 16 with VGG-19's
 * channel pattern (64, 64, 128, 128, 256 x4, 512 x8) are conv1_1 ... conv5_4; a file with fewer (at
 * least 8, blocks 1-3) gives the layers it has. Stateless.
 */
public final class VggOnnxWeights {
  private static final int[] CHANNELS = {
    64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512
  };

  private VggOnnxWeights() {}

  /**
   * Reads {@code file}.
   *
   * @throws ModelException naming the file if it is not an ONNX model with VGG-19's convolutions
   */
  public static Map<String, Tensor> read(Path file) throws ModelException {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(Files.readAllBytes(file));
    } catch (InvalidProtocolBufferException e) {
      throw new ModelException(file + " is not an ONNX model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelException("cannot read VGG-19 ONNX file " + file, e);
    }
    Map<String, TensorProto> initializers = new HashMap<>();
    for (TensorProto t : model.getGraph().getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    List<NodeProto> convs = new ArrayList<>();
    for (NodeProto n : model.getGraph().getNodeList()) {
      if (n.getOpType().equals("Conv") && convs.size() < CHANNELS.length) {
        convs.add(n);
      }
    }
    if (convs.size() < 8) {
      throw new ModelException(
          file
              + " has "
              + convs.size()
              + " convolutions; a VGG-19 export has 16 (at least 8 are needed, blocks 1-3)");
    }
    Map<String, Tensor> weights = new LinkedHashMap<>();
    List<String> layers = VggLayers.names();
    int in = 3;
    for (int k = 0; k < convs.size(); k++) {
      NodeProto conv = convs.get(k);
      String layer = layers.get(k);
      TensorProto w = initializers.get(conv.getInput(1));
      if (w == null) {
        throw new ModelException(
            file + ": the weights of convolution " + (k + 1) + " are not an initializer");
      }
      List<Long> dims = w.getDimsList();
      int out = CHANNELS[k];
      if (!dims.equals(List.of((long) out, (long) in, 3L, 3L))) {
        throw new ModelException(
            file
                + ": convolution "
                + (k + 1)
                + " ("
                + layer
                + ") has weights "
                + dims
                + ", VGG-19 has ["
                + out
                + ", "
                + in
                + ", 3, 3]");
      }
      float[] onnx = floats(w, file);
      float[] tfjs = new float[onnx.length];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
              tfjs[((y * 3 + x) * in + i) * out + o] = onnx[((o * in + i) * 3 + y) * 3 + x];
            }
          }
        }
      }
      float[] bias = new float[out];
      if (conv.getInputCount() > 2 && !conv.getInput(2).isEmpty()) {
        TensorProto b = initializers.get(conv.getInput(2));
        if (b == null || b.getDimsCount() != 1 || b.getDims(0) != out) {
          throw new ModelException(file + ": bad or missing bias of convolution " + (k + 1));
        }
        bias = floats(b, file);
      }
      String name = VggLayers.kerasName(layer);
      weights.put(name + "/kernel", new Tensor(name + "/kernel", new int[] {3, 3, in, out}, tfjs));
      weights.put(name + "/bias", new Tensor(name + "/bias", new int[] {out}, bias));
      in = out;
    }
    return weights;
  }

  private static float[] floats(TensorProto t, Path file) throws ModelException {
    if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
      throw new ModelException(file + ": tensor " + t.getName() + " is not float32");
    }
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new ModelException(
          file + ": tensor " + t.getName() + " is stored in an external file (not supported)");
    }
    long count = 1;
    for (long d : t.getDimsList()) {
      count *= d;
    }
    float[] values = new float[Math.toIntExact(count)];
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      if (b.remaining() != values.length * 4) {
        throw new ModelException(file + ": tensor " + t.getName() + " has the wrong data size");
      }
      b.asFloatBuffer().get(values);
    } else {
      if (t.getFloatDataCount() != values.length) {
        throw new ModelException(file + ": tensor " + t.getName() + " has the wrong data size");
      }
      for (int i = 0; i < values.length; i++) {
        values[i] = t.getFloatData(i);
      }
    }
    return values;
  }
}
