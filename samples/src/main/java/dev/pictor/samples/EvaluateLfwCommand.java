package dev.pictor.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.LfwPairs;
import dev.pictor.recognition.LfwProtocol;
import dev.pictor.samples.FaceReader.Pick;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pictor evaluate lfw}: verification accuracy on the LFW benchmark ({@link LfwProtocol}).
 *
 * <p>One instance per run; not thread-safe. The analyzer is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "lfw",
    description = {
      "Measures verification accuracy on Labeled Faces in the Wild: for each pair of images, is"
          + " the distance between their faces at most the threshold exactly when they show the"
          + " same person?",
      "",
      "  View 1:  --pairs pairsDevTest.txt --train-pairs pairsDevTrain.txt   the threshold that"
          + " is most accurate on the train pairs is applied to the test pairs",
      "  View 2:  --pairs pairs.txt (10 folds)   each fold is tested with the threshold that is"
          + " most accurate on the other nine; accuracy is the mean over the folds, std their"
          + " sample standard deviation",
      "",
      "Each image's face is its central face: the detected box that contains the image centre"
          + " (nearest to it if several do), as LFW images are centred on the person named. It is"
          + " aligned on its 5 landmarks to the model card's template (or --template) and"
          + " encoded; every image is encoded once, and the embeddings are kept in memory only."
          + " An image without a central face makes its pairs failures: counted as wrong"
          + " answers, and left out of AUC and EER.",
      "Text output: accuracy (and std for 10 folds), AUC, EER, threshold, pairs, failures, and"
          + " the detector, alignment and model used. With --json, one object with the keys"
          + " accuracy, std, auc, eer, threshold, pairs and failures (the number of failed"
          + " pairs), plus foldAccuracies, foldThresholds, imagesWithoutFace, failedPairLines,"
          + " metric and the pipeline (detector, template, model, flip)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the evaluation ran (whatever the accuracy)",
      "2:usage error, a pairs file that is malformed, an image that is missing or cannot be"
          + " read, too few pairs with faces to choose a threshold, or a ROC file that cannot be"
          + " written",
      "3:the model or device cannot be used, or a run failed"
    })
final class EvaluateLfwCommand implements Callable<Integer> {
  /** Images without a face listed in the text output; the JSON lists them all. */
  private static final int LISTED = 10;

  @Spec private CommandSpec spec;

  @Mixin private AnalyzerMixin analysis;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      required = true,
      description = "The LFW image folder: DIR/<Name>/<Name>_<nnnn>.jpg.")
  private Path images;

  @Option(
      names = "--pairs",
      paramLabel = "FILE",
      required = true,
      description = "The test pairs: pairsDevTest.txt (View 1) or pairs.txt (View 2, 10 folds).")
  private Path pairs;

  @Option(
      names = "--train-pairs",
      paramLabel = "FILE",
      description =
          "The pairs to choose the threshold on, for a single-set --pairs file:"
              + " pairsDevTrain.txt. Not with a 10-fold file.")
  private Path trainPairs;

  @Option(
      names = "--template",
      paramLabel = "x1,y1,...,x5,y5",
      split = ",",
      description = {
        "Align to this template instead of the model card's: where the left eye, right eye, nose"
            + " tip, left and right mouth corner land in the encoder's input (150x150), in pixels."
            + " For template experiments; not with --aligned."
      })
  private List<Float> template = List.of();

  @Option(
      names = "--roc",
      paramLabel = "PNG",
      description = "Also draw the ROC curve of the test pairs into this PNG file.")
  private Path roc;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  @Override
  public Integer call() throws PictorException, InputException {
    if (!template.isEmpty()
        && (template.size() != 10 || template.stream().anyMatch(v -> !Float.isFinite(v)))) {
      throw new ParameterException(
          spec.commandLine(),
          "--template needs 10 finite numbers (x,y of 5 points), had " + template);
    }
    LfwPairs test = read(pairs);
    LfwPairs train = trainPairs == null ? null : read(trainPairs);
    if (test.folds() > 1 && train != null) {
      throw new ParameterException(
          spec.commandLine(),
          pairs
              + " has "
              + test.folds()
              + " folds: thresholds come from the other folds, so"
              + " give no --train-pairs");
    }
    if (test.folds() == 1 && train == null) {
      throw new ParameterException(
          spec.commandLine(),
          pairs
              + " is a single set of pairs: give --train-pairs (such as pairsDevTrain.txt) to"
              + " choose the threshold on");
    }
    if (!Files.isDirectory(images)) {
      throw new InputException("--images " + images + " is not a folder");
    }
    Set<String> names = new LinkedHashSet<>();
    for (LfwPairs set : train == null ? List.of(test) : List.of(test, train)) {
      for (LfwPairs.Pair pair : set.pairs()) {
        names.add(pair.firstImage());
        names.add(pair.secondImage());
      }
    }
    try (FaceAnalyzer analyzer = analysis.openAnalyzer(template)) {
      ModelCard card = analyzer.encoder().card();
      Map<String, Optional<FaceEmbedding>> embeddings =
          analysis
              .reader(analyzer, spec.commandLine().getErr())
              .embeddingsByName(images, names, Pick.CENTRAL);
      LfwProtocol.Result result;
      try {
        result = LfwProtocol.evaluate(test, train, embeddings::get, card.metric());
      } catch (IllegalArgumentException e) {
        throw new InputException("cannot evaluate " + pairs + ": " + e.getMessage(), e);
      }
      if (roc != null) {
        writeRoc(result, card);
      }
      Pipeline pipeline = Pipeline.of(analysis, analyzer, Pick.CENTRAL, !template.isEmpty());
      List<String> faceless =
          embeddings.entrySet().stream()
              .filter(entry -> entry.getValue().isEmpty())
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      if (json) {
        printJson(result, test, pipeline, faceless);
      } else {
        printText(result, test, pipeline, names.size(), faceless);
      }
    }
    return PictorCli.OK;
  }

  private static LfwPairs read(Path file) throws InputException {
    try {
      return LfwPairs.read(file);
    } catch (IOException e) {
      // A format error names the file and line itself; a missing file says which.
      throw new InputException("cannot read the pairs: " + e.getMessage(), e);
    }
  }

  private void writeRoc(LfwProtocol.Result result, ModelCard card) throws InputException {
    String title =
        String.format(
            Locale.ROOT,
            "LFW %s, %s%s: accuracy %.2f%%",
            pairs.getFileName(),
            card.id(),
            analysis.options().flipAugmentation() ? " + flip" : "",
            100 * result.accuracy());
    try {
      RocPlot.write(result.calibration(), roc, title);
    } catch (IOException e) {
      throw new InputException("cannot write the ROC plot to " + roc + ": " + e, e);
    }
  }

  private void printText(
      LfwProtocol.Result r,
      LfwPairs test,
      Pipeline pipeline,
      int imageCount,
      List<String> faceless) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "LFW verification: %s, %s%n",
        pairs,
        test.folds() > 1
            ? test.folds() + " folds, each tested with the threshold chosen on the others"
            : "threshold chosen on " + trainPairs);
    if (test.folds() > 1) {
      out.printf(
          Locale.ROOT,
          "accuracy   %.2f%% +- %.2f%% (mean and sample std over %d folds)%n",
          100 * r.accuracy(),
          100 * r.std(),
          test.folds());
    } else {
      out.printf(Locale.ROOT, "accuracy   %.2f%%%n", 100 * r.accuracy());
    }
    out.printf(Locale.ROOT, "AUC        %.4f%n", r.auc());
    out.printf(Locale.ROOT, "EER        %.2f%%%n", 100 * r.eer());
    out.printf(
        Locale.ROOT,
        "threshold  %.4f (%s distance)%n",
        r.threshold(),
        r.metric().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    out.printf(Locale.ROOT, "pairs      %d%n", r.pairs());
    out.printf(
        Locale.ROOT,
        "failures   %d pairs with an image without a central face (counted as wrong)%n",
        r.failures().size());
    out.printf(
        Locale.ROOT,
        "images     %d read (test and train pairs), %d without a central face%s%n",
        imageCount,
        faceless.size(),
        faceless.isEmpty()
            ? ""
            : ": "
                + String.join(", ", faceless.stream().limit(LISTED).toList())
                + (faceless.size() > LISTED ? ", ..." : ""));
    pipeline.printText(out);
    if (roc != null) {
      out.printf(Locale.ROOT, "roc        %s%n", roc);
    }
    out.flush();
  }

  private void printJson(
      LfwProtocol.Result r, LfwPairs test, Pipeline pipeline, List<String> faceless) {
    ObjectNode root = Json.object();
    root.put("accuracy", r.accuracy());
    root.put("std", r.std());
    root.put("auc", r.auc());
    root.put("eer", r.eer());
    root.put("threshold", r.threshold());
    root.put("pairs", r.pairs());
    root.put("failures", r.failures().size());
    root.put("folds", test.folds());
    ArrayNode accuracies = root.putArray("foldAccuracies");
    r.foldAccuracies().forEach(accuracies::add);
    ArrayNode thresholds = root.putArray("foldThresholds");
    r.foldThresholds().forEach(thresholds::add);
    root.put("metric", r.metric().name());
    ArrayNode withoutFace = root.putArray("imagesWithoutFace");
    faceless.forEach(withoutFace::add);
    ArrayNode failed = root.putArray("failedPairLines");
    r.failures().forEach(pair -> failed.add(pair.line()));
    root.put("pairsFile", pairs.toString());
    if (trainPairs == null) {
      root.putNull("trainPairsFile");
    } else {
      root.put("trainPairsFile", trainPairs.toString());
    }
    pipeline.putJson(root);
    if (roc != null) {
      root.put("roc", roc.toString());
    }
    Json.print(spec.commandLine().getOut(), root);
  }
}
