package dev.pictor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pictor train}: the group of commands that learn from labelled faces ({@code triplet},
 * {@code pair-classifier}).
 *
 * <p>One instance per run; not thread-safe; opens nothing itself.
 */
@Command(
    name = "train",
    description = {
      "Learns from labelled face photos: fine-tunes the encoder's head with the triplet loss and"
          + " exports a new encoder (triplet), or trains a pair classifier that decides \"same"
          + " person\" from embedding differences (pair-classifier)."
    },
    subcommands = {TrainTripletCommand.class, TrainPairClassifierCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the model was trained and written",
      "2:usage error, or input that cannot be used",
      "3:the model or device cannot be used, or a run failed"
    })
final class TrainCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** {@code pictor train} without a subcommand is a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing subcommand: choose triplet or pair-classifier.");
  }
}
