package dev.pictor.forge;

import dev.pictor.ModelException;
import dev.pictor.model.ModelCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/**
 * Command line of the forge, run by the {@code pictor-models} build: {@code ForgeMain <out-dir>
 * <cache-dir> [<license-file>]} writes the converted face-api models (the face encoder and the
 * 68-point landmark network), the packaged MobileFaceNet encoder ({@link MobileFaceNetModels}) and
 * their cards into {@code out-dir}, and the face-api package's license text to {@code license-file}
 * if given.
 */
public final class ForgeMain {
  private ForgeMain() {}

  public static void main(String[] args) throws IOException, ModelException {
    if (args.length != 2 && args.length != 3) {
      System.err.println("usage: ForgeMain <out-dir> <cache-dir> [<license-file>]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Path cache = Path.of(args[1]);
    for (ModelCard card :
        List.of(
            FaceApiModels.forgeEncoder(cache, out),
            FaceApiModels.forgeLandmarker(cache, out),
            MobileFaceNetModels.forgeEncoder(cache, out))) {
      System.out.println(
          "forged "
              + card.id()
              + " -> "
              + out.resolve(card.file())
              + " sha256 "
              + card.fileSha256());
    }
    if (args.length == 3) {
      Path license = Path.of(args[2]);
      Path extracted =
          NpmPackage.extract(
                  FaceApiModels.PACKAGE.fetch(cache),
                  Set.of("package/LICENSE"),
                  cache.resolve("face-api-license"))
              .get("LICENSE");
      Files.createDirectories(license.toAbsolutePath().getParent());
      Files.copy(extracted, license, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
