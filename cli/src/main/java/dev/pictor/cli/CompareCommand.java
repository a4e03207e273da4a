package dev.pictor.cli;

import dev.pictor.PictorException;
import java.nio.file.Files;
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
 * {@code pictor compare}: the distances between the most prominent faces of photos (or between face
 * crops) and, for two images, whether they show the same person.
 *
 * <p>One instance per run; not thread-safe. The analyzer is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "compare",
    description = {
      "Compares the faces in photos: the distance between every pair, in the model's metric.",
      "For two images, also the verdict: \"same person\" when the distance is at most the"
          + " threshold (the model's default, or --threshold), else \"different people\".",
      "",
      "Each IMAGE is a photo of the person: its faces are detected and the most prominent one is"
          + " compared, that is the face with the largest box (on equal areas, the higher"
          + " detection score); it is aligned to the model's template before encoding. A photo"
          + " in which no face is found is an input error (exit 2) naming the file.",
      "With --aligned, each IMAGE is a face crop instead, resized whole to the model's input"
          + " size without detection.",
      "A folder stands for the .jpg, .jpeg and .png files under it, at any depth, sorted by"
          + " path; with a folder the output is always the distance matrix (no verdict), and a"
          + " file or folder that gives no face is reported (exit 2) while the others are compared."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:two images of the same person, or every image of more than two (or of a folder)"
          + " compared",
      "1:two images of different people",
      "2:usage error, an image that cannot be read, a photo without a face, or a folder"
          + " without images",
      "3:the model or device cannot be used, or a run failed"
    })
final class CompareCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private AnalyzerMixin analysis;

  @Mixin private ThresholdOption threshold;

  @Option(
      names = "--json",
      description =
          "Print one JSON object (files, the faces compared, distance matrix, threshold,"
              + " verdict).")
  private boolean json;

  @Parameters(
      arity = "1..*",
      paramLabel = "IMAGE",
      description =
          "Two or more photos (or face crops with --aligned), or folders of them; one folder is"
              + " enough.")
  private List<Path> images;

  @Override
  public Integer call() throws PictorException, InputException {
    boolean folders = images.stream().anyMatch(Files::isDirectory);
    if (images.size() < 2 && !folders) {
      throw new ParameterException(
          spec.commandLine(),
          "compare needs two or more IMAGE arguments, or a folder of images; got " + images);
    }
    ImageArguments.Expanded inputs = ImageArguments.expand(images);
    boolean verdict = !folders && images.size() == 2;
    return new FaceComparison(spec, analysis, threshold, json, inputs, verdict).run();
  }
}
