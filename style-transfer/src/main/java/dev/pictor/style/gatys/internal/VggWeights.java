package dev.pictor.style.gatys.internal;

import dev.pictor.ModelException;
import dev.pictor.forge.TfjsWeights;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelKind;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.store.PackagedFolder;
import dev.pictor.onnx.store.Sha256;
import dev.pictor.onnx.store.VerifiedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the VGG-19 TF.js weights through the model store: the manifest {@code model.json} is
 * resolved and sha256-checked by the store against the card {@value #MODEL_ID} (in a model
 * directory, or packaged by {@code pictor-style-models}); the eight shard files beside it (blocks
 * 1-3) are checked here against their published sha256. Stateless.
 */
public final class VggWeights {
  /** Id of the card of the manifest. */
  public static final String MODEL_ID = "vgg19-tfjs";

  /** sha256 of {@code group1-shard1of1} ... {@code group8-shard1of1} (conv1_1 ... conv3_4). */
  static final List<String> SHARD_SHA256 =
      List.of(
          "c68eefa00d6af917fc28b127b756e48597c25cc11144b38fdf8ea65753c197e1",
          "a0e2bb4fbef5e0ce3d8e2fbc6f903c713c9893a0aa2e26c687b0b5758c6af079",
          "71a6dbaa06d7e454db3e56d6d2eb5f2defd8b60cccd5af5fc8a6b773be1c5aa5",
          "ab1d44f13a37e4af119cc56c7e9a4f8ab4ba281019cb057737d5e2f47dae2268",
          "df21209f6d1a0bfd90a17eb705fbb9b520ece764914a067b0d94cefe99a43318",
          "3b44315d503e5f24957aef369df5e89a1d54fdcbd78e93c93df560d1ff0ba11d",
          "f94ad0c1d2fcb380fe57649a0764a25e7602a436efb8767ce65faf28964f10d0",
          "f0dc43a70868cb7edce398eac3422b45fb93333c2e6c274f89adc969c37791ee");

  private VggWeights() {}

  /**
   * Reads the weights of blocks 1-3.
   *
   * @throws ModelException naming the file, where it was looked for, its sha256 and its source,
   *     when a file is missing or differs from the published one
   */
  public static Map<String, Tensor> load(ModelStore store) throws ModelException {
    VerifiedModel manifest = store.resolve(MODEL_ID);
    manifest.requireKind(ModelKind.FEATURES);
    if (!manifest.location().startsWith("classpath:")) {
      return load(manifest.card(), Path.of(manifest.location()));
    }
    String manifestName = Path.of(manifest.card().file()).getFileName().toString();
    List<String> names = new ArrayList<>();
    names.add(manifestName);
    for (int g = 0; g < SHARD_SHA256.size(); g++) {
      names.add(shardName(g));
    }
    String folder = Path.of(manifest.card().file()).getParent().toString();
    try (PackagedFolder packaged =
        PackagedFolder.copy(VggWeights.class.getClassLoader(), folder, names)
            .orElseThrow(
                () -> new ModelException("model " + MODEL_ID + " vanished from the class path"))) {
      return load(manifest.card(), packaged.path().resolve(manifestName));
    }
  }

  private static String shardName(int group) {
    return "group" + (group + 1) + "-shard1of1";
  }

  private static Map<String, Tensor> load(ModelCard card, Path json) throws ModelException {
    Path dir = json.getParent();
    for (int g = 0; g < SHARD_SHA256.size(); g++) {
      String name = shardName(g);
      Path shard = dir.resolve(name);
      String expected = SHARD_SHA256.get(g);
      if (!Files.isRegularFile(shard)) {
        throw ModelException.missing(
            MODEL_ID, "vgg19-tfjs/" + name, List.of(shard.toString()), expected, card.url());
      }
      String actual;
      try {
        actual = Sha256.of(shard);
      } catch (IOException e) {
        throw new ModelException("cannot read " + shard, e);
      }
      if (!actual.equals(expected)) {
        throw ModelException.corrupt(
            MODEL_ID, "vgg19-tfjs/" + name, shard.toString(), expected, actual, card.url());
      }
    }
    return TfjsWeights.readPresentGroups(json);
  }
}
