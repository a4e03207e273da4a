package dev.pictor.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --threshold T} option of the commands that decide "same person" or "recognised": the
 * largest distance still counted as a match, by default the encoder's model card's.
 *
 * <p>A picocli mixin: one instance per parsed command line, not thread-safe.
 */
final class ThresholdOption {
  private static final String COMMAND_LINE = "--threshold on the command line";

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  /** Null for the model card's default. */
  private Double threshold;

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description =
          "Largest distance still counted as the same person (default: the model card's).")
  private void setThreshold(double value) {
    if (!(Double.isFinite(value) && value >= 0)) {
      throw new ParameterException(
          spec.commandLine(), "--threshold must be a finite number >= 0, was " + value);
    }
    threshold = value;
  }

  /** The threshold to use with embeddings scored by {@code scoring}. */
  double limit(Scoring scoring) {
    return threshold != null ? threshold : scoring.defaultThreshold();
  }

  /** Where {@link #limit(Scoring)} comes from, in words: the full account, for JSON. */
  String source(Scoring scoring) {
    return threshold != null ? COMMAND_LINE : scoring.thresholdSource();
  }

  /**
   * Where {@link #limit(Scoring)} comes from, in a few words for text output; the full account is
   * in {@code pictor models} for one model, and in {@code --json} for a fusion of two.
   */
  String shortSource(Scoring scoring) {
    if (threshold != null) {
      return COMMAND_LINE;
    }
    boolean fused = scoring.modelId().contains("+");
    return "the default of "
        + scoring.modelId()
        + "; how it was chosen: "
        + (fused ? "--json" : "pictor models");
  }
}
