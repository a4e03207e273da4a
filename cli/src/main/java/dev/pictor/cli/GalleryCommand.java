package dev.pictor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pictor gallery}: the group of commands that look after a gallery file ({@code list},
 * {@code remove}, {@code rename}, {@code copy}). They load no model.
 *
 * <p>One instance per run; not thread-safe; opens nothing itself.
 */
@Command(
    name = "gallery",
    description = {
      "Looks after a gallery made by enroll: lists, removes or renames enrolled people, or copies"
          + " the gallery (SQLite and PostgreSQL). No model is loaded."
    },
    subcommands = {
      GalleryListCommand.class,
      GalleryRemoveCommand.class,
      GalleryRenameCommand.class,
      GalleryCopyCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage error, a gallery that is missing or cannot be used, or an unknown name",
      "3:a run failed"
    })
final class GalleryCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** {@code pictor gallery} without a subcommand is a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing subcommand: choose list, remove, rename or copy.");
  }
}
