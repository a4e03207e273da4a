package dev.pictor.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsWeightsTest {
  @TempDir Path dir;

  /**
   * One group of two shards holding a float32, a uint8-quantized, a uint16, a float16 and an int32
   * tensor.
   */
  private Path writeManifest() throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(4 * 2 + 3 + 2 * 2 + 2 * 3 + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(1.5f).putFloat(-2.25f);
    b.put((byte) 0).put((byte) 10).put((byte) 255);
    b.putShort((short) 0).putShort((short) 65535);
    b.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF);
    b.putInt(-7);
    byte[] all = b.array();
    Files.write(dir.resolve("w1.bin"), java.util.Arrays.copyOfRange(all, 0, 5));
    Files.write(dir.resolve("w2.bin"), java.util.Arrays.copyOfRange(all, 5, all.length));
    String json =
        """
        [{"paths": ["w1.bin", "w2.bin"], "weights": [
          {"name": "f", "shape": [2], "dtype": "float32"},
          {"name": "q8", "shape": [3], "dtype": "float32",
           "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1.0}},
          {"name": "q16", "shape": [1, 2], "dtype": "float32",
           "quantization": {"dtype": "uint16", "scale": 0.001, "min": 2.0}},
          {"name": "h", "shape": [3], "dtype": "float32", "quantization": {"dtype": "float16"}},
          {"name": "i", "shape": [], "dtype": "int32"}
        ]}]
        """;
    Path manifest = dir.resolve("m-weights_manifest.json");
    Files.writeString(manifest, json);
    return manifest;
  }

  @Test
  void decodesEveryStorageTypeAcrossShards() throws Exception {
    Map<String, Tensor> t = TfjsWeights.read(writeManifest());
    assertThat(t.keySet()).containsExactly("f", "q8", "q16", "h", "i");
    assertThat(t.get("f").values()).containsExactly(1.5f, -2.25f);
    assertThat(t.get("q8").values()).containsExactly(-1.0f, 4.0f, 126.5f);
    assertThat(t.get("q16").shape()).containsExactly(1, 2);
    assertThat(t.get("q16").values()[0]).isEqualTo(2.0f);
    assertThat((double) t.get("q16").values()[1]).isCloseTo(67.535, within(1e-4));
    assertThat(t.get("h").values()).containsExactly(1.0f, -2.0f, 65504f);
    assertThat(t.get("i").values()).containsExactly(-7f);
  }

  @Test
  void halfPrecisionCornerCases() {
    assertThat(TfjsWeights.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(TfjsWeights.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
    assertThat(TfjsWeights.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(TfjsWeights.halfToFloat((short) 0x7E00)).isNaN();
    assertThat(TfjsWeights.halfToFloat((short) 0x3555)).isCloseTo(0.33325f, within(1e-5f));
  }

  @Test
  void truncatedWeightsAreAnErrorNamingTheTensor() throws Exception {
    Path manifest = writeManifest();
    Files.write(dir.resolve("w2.bin"), new byte[3]);
    assertThatThrownBy(() -> TfjsWeights.read(manifest))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void missingShardIsAnErrorUnlessSkippingAbsentGroups() throws Exception {
    Path manifest = writeManifest();
    Files.delete(dir.resolve("w1.bin"));
    assertThatThrownBy(() -> TfjsWeights.read(manifest)).isInstanceOf(ModelException.class);
    assertThat(TfjsWeights.readPresentGroups(manifest)).isEmpty();
  }

  @Test
  void readsTheLayersFormatOfTheSharedVgg19() throws Exception {
    Path modelJson =
        Path.of(System.getProperty("pictor.shared.dir", "../../shared"))
            .resolve("models/vgg19-tfjs/model.json");
    assertThat(modelJson).isRegularFile();
    Map<String, Tensor> t = TfjsWeights.readPresentGroups(modelJson);
    assertThat(t).hasSize(16).containsKeys("block1_conv1/kernel", "block3_conv4/bias");
    assertThat(t.get("block1_conv1/kernel").shape()).containsExactly(3, 3, 3, 64);
    assertThat(t.get("block3_conv4/kernel").shape()).containsExactly(3, 3, 256, 256);
    assertThat(t.get("block2_conv1/bias").values()).hasSize(128).doesNotContain(Float.NaN);
  }
}
