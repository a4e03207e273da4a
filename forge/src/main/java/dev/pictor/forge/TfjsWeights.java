package dev.pictor.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reader of TF.js weight manifests: either a {@code *-weights_manifest.json} (an array of groups)
 * or a layers-format {@code model.json} (an object whose {@code weightsManifest} is that array).
 *
 * <p>Each group lists binary files that are concatenated, then cut into the listed tensors in
 * order. Supported: {@code float32} and {@code int32} tensors, affine {@code uint8} / {@code
 * uint16} quantization ({@code value = q * scale + min}) and {@code float16} quantization. All
 * tensors are returned as float32. Stateless.
 */
public final class TfjsWeights {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TfjsWeights() {}

  /** Reads every tensor of every group; all shard files must be present. */
  public static Map<String, Tensor> read(Path manifest) throws ModelException {
    return read(manifest, false);
  }

  /**
   * Reads the tensors of the groups whose shard files are all present and skips the others (for
   * partial copies such as the first blocks of VGG-19).
   */
  public static Map<String, Tensor> readPresentGroups(Path manifest) throws ModelException {
    return read(manifest, true);
  }

  private static Map<String, Tensor> read(Path manifest, boolean skipMissingGroups)
      throws ModelException {
    JsonNode root;
    try {
      root = JSON.readTree(manifest.toFile());
    } catch (IOException e) {
      throw new ModelException("cannot read TF.js weight manifest " + manifest, e);
    }
    JsonNode groups = root.isArray() ? root : root.path("weightsManifest");
    if (!groups.isArray()) {
      throw new ModelException(
          manifest + " is not a TF.js weight manifest (no array of weight groups)");
    }
    Path dir = manifest.toAbsolutePath().getParent();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (JsonNode group : groups) {
      boolean present = true;
      for (JsonNode p : group.path("paths")) {
        present &= Files.isRegularFile(dir.resolve(p.asText()));
      }
      if (!present && skipMissingGroups) {
        continue;
      }
      ByteBuffer data =
          concatenate(dir, group.path("paths"), manifest).order(ByteOrder.LITTLE_ENDIAN);
      for (JsonNode w : group.path("weights")) {
        Tensor t = decode(w, data, manifest);
        tensors.put(t.name(), t);
      }
      if (data.hasRemaining()) {
        throw new ModelException(
            manifest
                + ": "
                + data.remaining()
                + " bytes left over after the last tensor of a group");
      }
    }
    return tensors;
  }

  private static ByteBuffer concatenate(Path dir, JsonNode paths, Path manifest)
      throws ModelException {
    try {
      long total = 0;
      for (JsonNode p : paths) {
        total += Files.size(dir.resolve(p.asText()));
      }
      ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(total));
      for (JsonNode p : paths) {
        try (InputStream in = Files.newInputStream(dir.resolve(p.asText()))) {
          all.put(in.readAllBytes());
        }
      }
      return all.flip();
    } catch (IOException | ArithmeticException e) {
      throw new ModelException("cannot read the weight files listed in " + manifest, e);
    }
  }

  private static Tensor decode(JsonNode w, ByteBuffer data, Path manifest) throws ModelException {
    String name = w.path("name").asText();
    JsonNode shapeNode = w.path("shape");
    int[] shape = new int[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asInt();
      count *= shape[i];
    }
    String dtype = w.path("dtype").asText();
    JsonNode q = w.path("quantization");
    String storedAs = q.isMissingNode() ? dtype : q.path("dtype").asText();
    int bytesPerValue =
        switch (storedAs) {
          case "float32", "int32" -> 4;
          case "uint16", "float16" -> 2;
          case "uint8" -> 1;
          default ->
              throw new ModelException(
                  manifest + ": tensor '" + name + "' has unsupported dtype " + storedAs);
        };
    if (count * bytesPerValue > data.remaining()) {
      throw new ModelException(
          manifest + ": weight data ends inside tensor '" + name + "' (truncated .bin file?)");
    }
    float[] values = new float[(int) count];
    double scale = q.path("scale").asDouble(1.0);
    double min = q.path("min").asDouble(0.0);
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (storedAs) {
            case "float32" -> data.getFloat();
            case "int32" -> data.getInt();
            case "uint8" -> (float) ((data.get() & 0xFF) * scale + min);
            case "uint16" -> (float) ((data.getShort() & 0xFFFF) * scale + min);
            case "float16" -> halfToFloat(data.getShort());
            default -> throw new AssertionError(storedAs);
          };
    }
    return new Tensor(name, shape, values);
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat arrived only in Java 20). */
  static float halfToFloat(short half) {
    int bits = half & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1F;
    int mantissa = bits & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float subnormal = mantissa * 0x1p-24f;
      return sign == 0 ? subnormal : -subnormal;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /**
   * One named tensor, row-major in its TF.js layout (e.g. conv kernels {@code [kh, kw, in, out]}).
   *
   * @param name the manifest name
   * @param shape dimensions
   * @param values row-major values (shared, not copied: weights can be large)
   */
  public record Tensor(String name, int[] shape, float[] values) {
    /** Dimension {@code i}. */
    public int dim(int i) {
      return shape[i];
    }
  }
}
