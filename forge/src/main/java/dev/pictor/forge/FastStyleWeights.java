package dev.pictor.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.onnx.store.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reader of the ml5 fast style transfer checkpoints: a folder with {@value #MANIFEST} (variable
 * name to {@code filename} and {@code shape}) and one raw little-endian float32 file per variable
 * ({@code Variable}, {@code Variable_1}, ... {@code Variable_47}).
 *
 * <p>Every file is checked against an expected sha256 before it is used; a missing file, an
 * unexpected digest or a size that does not fit the manifest's shape is a {@link ModelException}
 * naming the file. Stateless.
 */
public final class FastStyleWeights {
  /** Name of the manifest file in a style folder. */
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private FastStyleWeights() {}

  /**
   * Reads and verifies the variables of one style.
   *
   * @param dir the style folder
   * @param expectedSha256 file name (as in the folder) to expected sha256; must list the manifest
   *     and every file the manifest names
   * @param source where the files can be obtained, for messages
   * @return variables by manifest name, in manifest order
   */
  public static Map<String, Tensor> read(
      Path dir, Map<String, String> expectedSha256, String source) throws ModelException {
    byte[] manifestBytes = verified(dir, MANIFEST, expectedSha256, source);
    JsonNode manifest;
    try {
      manifest = JSON.readTree(manifestBytes);
    } catch (IOException e) {
      throw new ModelException("cannot parse " + dir.resolve(MANIFEST) + ": " + e.getMessage(), e);
    }
    if (!manifest.isObject()) {
      throw new ModelException(dir.resolve(MANIFEST) + " is not a JSON object of variables");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = manifest.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      String file = entry.getValue().path("filename").asText("");
      JsonNode shapeNode = entry.getValue().path("shape");
      if (file.isEmpty() || file.contains("/") || file.contains("\\") || !shapeNode.isArray()) {
        throw new ModelException(
            dir.resolve(MANIFEST) + ": variable '" + name + "' lacks a plain filename or a shape");
      }
      int[] shape = new int[shapeNode.size()];
      long count = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asInt(-1);
        if (shape[i] <= 0) {
          throw new ModelException(
              dir.resolve(MANIFEST) + ": variable '" + name + "' has a bad shape " + shapeNode);
        }
        count *= shape[i];
      }
      byte[] bytes = verified(dir, file, expectedSha256, source);
      if (bytes.length != count * Float.BYTES) {
        throw new ModelException(
            dir.resolve(file)
                + " has "
                + bytes.length
                + " bytes, variable '"
                + name
                + "' of shape "
                + shapeNode
                + " needs "
                + count * Float.BYTES);
      }
      float[] values = new float[(int) count];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      tensors.put(name, new Tensor(name, shape, values));
    }
    return tensors;
  }

  private static byte[] verified(
      Path dir, String file, Map<String, String> expectedSha256, String source)
      throws ModelException {
    String expected = expectedSha256.get(file);
    Path path = dir.resolve(file);
    if (expected == null) {
      throw new ModelException(
          path + " is not a known file of this style (no expected sha256); source " + source);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ModelException(
          "style weights file "
              + path
              + " not found. Expected sha256 "
              + expected
              + ". Get it from "
              + source,
          e);
    } catch (IOException e) {
      throw new ModelException("cannot read style weights file " + path + ": " + e.getMessage(), e);
    }
    String actual = Sha256.of(bytes);
    if (!actual.equals(expected)) {
      throw new ModelException(
          "style weights file "
              + path
              + " is corrupt or a different version: sha256 is "
              + actual
              + ", expected "
              + expected
              + ". Replace it with the file from "
              + source);
    }
    return bytes;
  }
}
