package dev.pictor.cli;

import dev.pictor.face.Gallery;
import dev.pictor.face.GalleryException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pictor gallery remove}: deletes a person and all their faces from a gallery.
 *
 * <p>One instance per run; not thread-safe. The gallery is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "remove",
    description = {
      "Removes a person and every face enrolled for them. The name must match exactly"
          + " (case-sensitive)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the person was removed",
      "2:usage error, a gallery that is missing or cannot be used, or a name that is not"
          + " enrolled (nothing changed)",
      "3:a run failed"
    })
final class GalleryRemoveCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private GalleryOption galleryOption;

  @Parameters(index = "0", paramLabel = "NAME", description = "The person to remove.")
  private String name;

  @Override
  public Integer call() throws GalleryException, InputException {
    try (Gallery gallery = galleryOption.openExisting()) {
      if (!gallery.remove(name)) {
        throw new InputException(
            "'" + name + "' is not enrolled in " + galleryOption.label() + "; nothing removed");
      }
    }
    spec.commandLine().getOut().println("removed " + name + " from " + galleryOption.label());
    spec.commandLine().getOut().flush();
    return PictorCli.OK;
  }
}
