package dev.pictor.onnx.forge;

import dev.pictor.ModelException;
import dev.pictor.model.ModelCard;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Command line of the forge, run by the {@code pictor-models} build: {@code ForgeMain <out-dir>
 * <cache-dir>} writes the converted face-api models and their cards into {@code out-dir}.
 */
public final class ForgeMain {
  private ForgeMain() {}

  public static void main(String[] args) throws IOException, ModelException {
    if (args.length != 2) {
      System.err.println("usage: ForgeMain <out-dir> <cache-dir>");
      System.exit(2);
    }
    ModelCard card = FaceApiModels.forgeEncoder(Path.of(args[1]), Path.of(args[0]));
    System.out.println(
        "forged "
            + card.id()
            + " -> "
            + Path.of(args[0]).resolve(card.file())
            + " sha256 "
            + card.fileSha256());
  }
}
