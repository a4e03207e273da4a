package dev.pictor.cli;

import dev.pictor.PictorException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pictor verify}: whether two photos show the same person (1:1 verification). The same
 * comparison as {@code pictor compare} of two images ({@link FaceComparison}), under the name a
 * user looks for, with exactly two images.
 *
 * <p>One instance per run; not thread-safe. The analyzer is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "verify",
    description = {
      "Verifies that two photos show the same person: \"same person\" when the distance between"
          + " their faces is at most the threshold (the model's default, or --threshold), else"
          + " \"different people\".",
      "",
      "The face of each photo is its most prominent one, as in compare: the face with the"
          + " largest box (on equal areas, the higher detection score), aligned to the model's"
          + " template before encoding. A photo in which no face is found is an input error"
          + " (exit 2) naming the file, not a silent \"different people\".",
      "With --aligned, both images are face crops instead, resized whole to the model's input"
          + " size without detection."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the same person",
      "1:different people",
      "2:usage error, an image that cannot be read, or a photo without a face",
      "3:the model or device cannot be used, or a run failed"
    })
final class VerifyCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private AnalyzerMixin analysis;

  @Mixin private ThresholdOption threshold;

  @Option(
      names = "--json",
      description =
          "Print one JSON object: files, the faces compared, \"distance\", \"threshold\","
              + " \"samePerson\".")
  private boolean json;

  @Option(
      names = "--pair-classifier",
      paramLabel = "FILE",
      description =
          "Decide with a pair classifier written by pictor train pair-classifier (same person when"
              + " P(same) >= 0.5) instead of the distance threshold.")
  private Path pairClassifier;

  @Parameters(
      arity = "2",
      paramLabel = "IMAGE",
      description = "The two photos, or two face crops with --aligned.")
  private List<Path> images;

  @Override
  public Integer call() throws PictorException, InputException {
    if (images.size() != 2) {
      // picocli would accept IMAGE IMAGE repeated: a verdict on only the first pair, or none,
      // must not look like "the same person".
      throw new ParameterException(
          spec.commandLine(),
          "verify takes exactly two images, got "
              + images.size()
              + "; use pictor compare to compare more");
    }
    if (pairClassifier != null) {
      return new PairClassifierComparison(spec, analysis, pairClassifier, json, images).run();
    }
    return FaceComparison.ofPair(spec, analysis, threshold, json, images).run();
  }
}
