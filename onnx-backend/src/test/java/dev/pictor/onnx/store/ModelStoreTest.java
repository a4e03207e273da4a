package dev.pictor.onnx.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ModelException;
import dev.pictor.face.DistanceMetric;
import dev.pictor.model.ChannelOrder;
import dev.pictor.model.EncoderSection;
import dev.pictor.model.ModelCard;
import dev.pictor.model.ModelInput;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @TempDir Path first;
  @TempDir Path second;
  @TempDir Path classpathRoot;

  private final byte[] content = "not really onnx".getBytes(StandardCharsets.UTF_8);
  private ClassLoader emptyLoader;

  @BeforeEach
  void setUp() {
    emptyLoader = new URLClassLoader(new URL[0], null);
  }

  private ModelCard card(String id, String sha) {
    return new ModelCard(
        id,
        "1",
        id + ".onnx",
        sha,
        "https://example.org/" + id + ".onnx",
        new ModelInput(150, 150, ChannelOrder.RGB, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)),
        new EncoderSection(128, DistanceMetric.COSINE, 0.3, "test", List.of(), List.of()),
        "test weights",
        "1".repeat(64),
        "MIT");
  }

  private void install(Path dir, ModelCard card, byte[] file) throws Exception {
    Files.createDirectories(dir);
    ModelCards.write(card, dir.resolve(card.id() + ModelCards.SUFFIX));
    if (file != null) {
      Files.write(dir.resolve(card.file()), file);
    }
  }

  @Test
  void resolvesFromTheFirstDirectoryThatHasTheModel() throws Exception {
    install(second, card("m", Sha256.of(content)), content);
    VerifiedModel model = new ModelStore(emptyLoader, List.of(first, second)).resolve("m");
    assertThat(model.onnx()).isEqualTo(content);
    assertThat(model.location()).isEqualTo(second.resolve("m.onnx").toAbsolutePath().toString());
    assertThat(model.card().encoder().metric()).isEqualTo(DistanceMetric.COSINE);
  }

  @Test
  void aModelDirectoryOverridesThePackagedModel() throws Exception {
    byte[] other = "another version".getBytes(StandardCharsets.UTF_8);
    install(
        classpathRoot.resolve(ModelStore.RESOURCE_ROOT), card("m", Sha256.of(content)), content);
    install(first, card("m", Sha256.of(other)), other);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classpathRoot.toUri().toURL()}, null)) {
      VerifiedModel model = new ModelStore(loader, List.of(first)).resolve("m");
      assertThat(model.location()).isEqualTo(first.resolve("m.onnx").toAbsolutePath().toString());
      assertThat(model.onnx()).isEqualTo(other);
    }
  }

  @Test
  void thePackagedModelIsUsedWhenNoDirectoryHasIt() throws Exception {
    install(
        classpathRoot.resolve(ModelStore.RESOURCE_ROOT), card("m", Sha256.of(content)), content);
    install(first, card("extra", Sha256.of(content)), content);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classpathRoot.toUri().toURL()}, null)) {
      ModelStore store = new ModelStore(loader, List.of(first, second));
      assertThat(store.resolve("m").location()).isEqualTo("classpath:dev/pictor/models/m.onnx");
      assertThat(store.resolve("m").onnx()).isEqualTo(content);
      // a directory extends the packaged set with models of its own
      assertThat(store.resolve("extra").location())
          .isEqualTo(first.resolve("extra.onnx").toAbsolutePath().toString());
    }
  }

  @Test
  void aCorruptFileIsNeverUsedAndTheErrorSaysWhy() throws Exception {
    install(first, card("m", Sha256.of(content)), "tampered".getBytes(StandardCharsets.UTF_8));
    install(second, card("m", Sha256.of(content)), content);
    assertThatThrownBy(() -> new ModelStore(emptyLoader, List.of(first, second)).resolve("m"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(first.resolve("m.onnx").toString())
        .hasMessageContaining("expected " + Sha256.of(content))
        .hasMessageContaining("https://example.org/m.onnx");
  }

  @Test
  void aMissingFileNamesEveryPlaceSearched() throws Exception {
    install(first, card("m", Sha256.of(content)), null);
    assertThatThrownBy(() -> new ModelStore(emptyLoader, List.of(first, second)).resolve("m"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("'m.onnx' not found")
        .hasMessageContaining(first.resolve("m.onnx").toString())
        .hasMessageContaining(second.resolve("m.onnx").toString())
        .hasMessageContaining("classpath:dev/pictor/models/m.onnx")
        .hasMessageContaining(Sha256.of(content))
        .hasMessageContaining("https://example.org/m.onnx");
  }

  @Test
  void anUnknownIdSaysWhichArtifactCarriesPackagedModels() {
    assertThatThrownBy(() -> new ModelStore(emptyLoader, List.of(first)).card("nope"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("nope.card.json")
        .hasMessageContaining("pictor-models");
  }

  @Test
  void aCardWhoseIdDiffersFromItsNameIsRejected() throws Exception {
    install(first, card("other", Sha256.of(content)), content);
    Files.move(first.resolve("other.card.json"), first.resolve("m.card.json"));
    assertThatThrownBy(() -> new ModelStore(emptyLoader, List.of(first)).card("m"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("has id 'other'");
  }

  @Test
  void anInvalidCardIsAModelException() throws Exception {
    Files.writeString(first.resolve("m.card.json"), "{\"id\": \"m\", \"surprise\": 1}");
    assertThatThrownBy(() -> new ModelStore(emptyLoader, List.of(first)).card("m"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("invalid model card");
  }

  @Test
  void anUnknownChannelOrderIsAModelExceptionNamingTheValue() throws Exception {
    ModelCard good = card("m", "a".repeat(64));
    install(first, good, new byte[] {1});
    Path json = first.resolve("m" + ModelCards.SUFFIX);
    Files.writeString(json, Files.readString(json).replace("\"RGB\"", "\"RGBA\""));
    assertThat(Files.readString(json)).contains("RGBA");
    assertThatThrownBy(() -> new ModelStore(emptyLoader, List.of(first)).card("m"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("invalid model card")
        .hasMessageContaining("RGBA");
  }

  @Test
  void standardStoreHonoursThePropertyAfterTheExplicitDirectory() {
    String old = System.getProperty(ModelStore.DIRECTORY_PROPERTY);
    System.setProperty(ModelStore.DIRECTORY_PROPERTY, second.toString());
    try {
      List<Path> dirs = ModelStore.standard(java.util.Optional.of(first)).directories();
      assertThat(dirs.get(0)).isEqualTo(first);
      assertThat(dirs.get(1)).isEqualTo(second);
      assertThat(dirs.get(dirs.size() - 1).endsWith(Path.of(".cache", "pictor", "models")))
          .isTrue();
    } finally {
      if (old == null) {
        System.clearProperty(ModelStore.DIRECTORY_PROPERTY);
      } else {
        System.setProperty(ModelStore.DIRECTORY_PROPERTY, old);
      }
    }
  }

  @Test
  void sha256OfBytesAndFileAgree() throws Exception {
    Path f = first.resolve("x");
    Files.write(f, content);
    assertThat(Sha256.of(f)).isEqualTo(Sha256.of(content)).hasSize(64);
    assertThat(Sha256.of(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
