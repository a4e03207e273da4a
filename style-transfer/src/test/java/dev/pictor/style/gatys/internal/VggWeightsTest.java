package dev.pictor.style.gatys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ModelException;
import dev.pictor.onnx.store.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VggWeightsTest {
  private static final Path SHARED_VGG =
      Path.of(System.getProperty("pictor.model.dir", "../../shared/models")).resolve("vgg19-tfjs");

  @TempDir Path dir;

  private ModelStore store() {
    return new ModelStore(getClass().getClassLoader(), List.of(dir));
  }

  @Test
  void readsBlocksOneToThreeFromTheSharedCopy() throws Exception {
    var weights =
        VggWeights.load(
            new ModelStore(getClass().getClassLoader(), List.of(SHARED_VGG.getParent())));
    assertThat(weights).hasSize(16).containsKeys("block1_conv1/kernel", "block3_conv4/bias");
  }

  @Test
  void missingManifestNamesFileShaAndSource() {
    assertThatThrownBy(() -> VggWeights.load(store()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("vgg19-tfjs/model.json")
        .hasMessageContaining("0a55a4ea97c30cdcee63cc614e9f2d41f43ea4f0a9554bb151e742cbfd59c256")
        .hasMessageContaining("github.com/DavidCai1993/vgg19-tensorflowjs-model");
  }

  @Test
  void alteredShardIsRefusedWithItsName() throws Exception {
    Path vgg = Files.createDirectories(dir.resolve("vgg19-tfjs"));
    Files.copy(SHARED_VGG.resolve("model.json"), vgg.resolve("model.json"));
    for (int g = 1; g <= 8; g++) {
      Files.copy(
          SHARED_VGG.resolve("group" + g + "-shard1of1"), vgg.resolve("group" + g + "-shard1of1"));
    }
    byte[] shard = Files.readAllBytes(vgg.resolve("group3-shard1of1"));
    shard[100] ^= 1;
    Files.write(vgg.resolve("group3-shard1of1"), shard);
    assertThatThrownBy(() -> VggWeights.load(store()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("group3-shard1of1")
        .hasMessageContaining(VggWeights.SHARD_SHA256.get(2));

    Files.delete(vgg.resolve("group5-shard1of1"));
    Files.write(
        vgg.resolve("group3-shard1of1"),
        Files.readAllBytes(SHARED_VGG.resolve("group3-shard1of1")));
    assertThatThrownBy(() -> VggWeights.load(store()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("group5-shard1of1")
        .hasMessageContaining("not found");
  }
}
