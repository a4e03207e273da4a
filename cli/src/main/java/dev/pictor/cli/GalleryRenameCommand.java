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
 * {@code pictor gallery rename}: gives an enrolled person another name, keeping their faces.
 *
 * <p>One instance per run; not thread-safe. The gallery is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "rename",
    description = {
      "Renames an enrolled person; their faces stay. OLD must match exactly (case-sensitive);"
          + " NEW must not be enrolled yet, must not be blank, and must not start or end with a"
          + " space."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:renamed",
      "2:usage error, a gallery that is missing or cannot be used, OLD not enrolled, or NEW"
          + " taken or not a valid name (nothing changed)",
      "3:a run failed"
    })
final class GalleryRenameCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private GalleryOption galleryOption;

  @Parameters(index = "0", paramLabel = "OLD", description = "The enrolled name.")
  private String from;

  @Parameters(index = "1", paramLabel = "NEW", description = "The new name.")
  private String to;

  @Override
  public Integer call() throws GalleryException, InputException {
    try (Gallery gallery = galleryOption.openExisting()) {
      ReservedName.check(to);
      gallery.rename(from, to);
    } catch (IllegalArgumentException e) {
      // The gallery's message says what is wrong: unknown OLD, NEW taken or not a valid name.
      throw new InputException(e.getMessage(), e);
    }
    spec.commandLine().getOut().println("renamed " + from + " to " + to);
    spec.commandLine().getOut().flush();
    return PictorCli.OK;
  }
}
