package dev.pictor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pictor.PictorException;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceSelection;
import dev.pictor.recognition.LfwPairs;
import dev.pictor.recognition.LfwProtocol;
import dev.pictor.recognition.PairedComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
      "  pooled:  --pairs pairsDevTrain.txt --pairs pairsDevTest.txt [--folds 10]   the pairs of"
          + " all files are pooled and dealt into identity-disjoint folds (people linked by a"
          + " pair stay in one fold; no pair is split or dropped); each fold is tested with the"
          + " threshold that is most accurate on the other folds; accuracy is the mean over the"
          + " folds, std their sample standard deviation. Use this to choose between pipelines.",
      "  View 2:  --pairs pairs.txt (10 folds)   the file's own folds, tested the same way",
      "  View 1 split:  --pairs pairsDevTest.txt --train-pairs pairsDevTrain.txt   the threshold"
          + " that is most accurate on the train pairs is applied to the test pairs",
      "",
      "Paired comparison: --outcomes FILE saves whether each pair was answered right; a later"
          + " run of another pipeline on the same pairs with --compare FILE prints the exact"
          + " McNemar p-value and a 95%% bootstrap interval of the accuracy difference.",
      "",
      "Each image's face is its central face: the detected box that contains the image centre"
          + " (nearest to it if several do), as LFW images are centred on the person named. It is"
          + " aligned as --alignment says (by default on its 68-point shape, fitted to the model"
          + " card's shape template; on the detector's 5 landmarks with --alignment 5-point or"
          + " --template) and encoded; every image is encoded once, and the embeddings are kept in memory only."
          + " An image without a central face makes its pairs failures: counted as wrong"
          + " answers, and left out of AUC and EER.",
      "Text output: accuracy (and std for 10 folds), AUC, EER, threshold, pairs, failures, and"
          + " the detector, alignment and model used. With --json, one object with the keys"
          + " accuracy, std, auc, eer, threshold, pairs and failures (the number of failed"
          + " pairs), plus protocol (identity-folds, file-folds or train-test), folds,"
          + " foldAccuracies, foldThresholds, imagesWithoutFace, failedPairLines, metric, the"
          + " pipeline (detector, template, model, flip) and, with --compare, comparison."
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

  /** Folds of a cross-validation over pooled pairs unless --folds says otherwise. */
  static final int DEFAULT_FOLDS = 10;

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
      split = ",",
      description = {
        "The test pairs; repeat the option or give a comma list to pool several files (View 1:"
            + " pairsDevTrain.txt,pairsDevTest.txt). pairs.txt (View 2) alone keeps its 10 folds"
            + " unless --folds is given."
      })
  private List<Path> pairs;

  @Option(
      names = "--folds",
      paramLabel = "K",
      description =
          "Cross-validate over the pooled pairs in K identity-disjoint folds (default: 10 when"
              + " no --train-pairs is given and the pairs are not a single 10-fold file).")
  private Integer folds;

  @Option(
      names = "--outcomes",
      paramLabel = "JSON",
      description =
          "Also write each test pair's fold, distance and correctness into this file, for a"
              + " later --compare.")
  private Path outcomes;

  @Option(
      names = "--compare",
      paramLabel = "JSON",
      description =
          "Compare this run pair by pair with an earlier run's --outcomes file on the same pairs"
              + " and folds: exact McNemar test and 95%% bootstrap interval of the difference.")
  private Path compare;

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
      description = {
        "Also draw the ROC curve of the test pairs into this PNG file: false accept rate on a"
            + " log axis, true accept rate zoomed to the curve, the chosen threshold's operating"
            + " point marked."
      })
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
    if (roc != null) {
      // Before the minutes of encoding, not after.
      WritableOutput.check("--roc", roc);
    }
    List<LfwPairs> tests = new ArrayList<>();
    for (Path file : pairs) {
      tests.add(read(file));
    }
    LfwPairs train = trainPairs == null ? null : read(trainPairs);
    Protocol protocol = protocol(tests, train);
    LfwPairs test = tests.get(0);
    if (!Files.isDirectory(images)) {
      throw new InputException("--images " + images + " is not a folder");
    }
    // Checked before the long encoding run; matched to this run's pairs after it.
    LfwOutcomes.Loaded earlier = compare == null ? null : LfwOutcomes.load(compare);
    Set<String> names = new LinkedHashSet<>();
    List<LfwPairs> sets = new ArrayList<>(tests);
    if (train != null) {
      sets.add(train);
    }
    for (LfwPairs set : sets) {
      for (LfwPairs.Pair pair : set.pairs()) {
        names.add(pair.firstImage());
        names.add(pair.secondImage());
      }
    }
    try (FaceAnalyzer analyzer = analysis.openAnalyzer(template);
        FaceAnalyzer second = analysis.openSecondAnalyzer()) {
      Scoring card = analysis.scoring(analyzer);
      Map<String, Optional<FaceEmbedding>> embeddings =
          analysis.reader(analyzer, second).embeddingsByName(images, names, FaceSelection.CENTRAL);
      LfwProtocol.Result result;
      try {
        result =
            protocol == Protocol.IDENTITY_FOLDS
                ? LfwProtocol.crossValidate(tests, foldCount(), embeddings::get, card.metric())
                : LfwProtocol.evaluate(test, train, embeddings::get, card.metric());
      } catch (IllegalArgumentException e) {
        throw new InputException("cannot evaluate " + pairsText() + ": " + e.getMessage(), e);
      }
      if (roc != null) {
        writeRoc(result, card);
      }
      Pipeline pipeline =
          Pipeline.of(analysis, analyzer, second, FaceSelection.CENTRAL, !template.isEmpty());
      ObjectNode pipelineJson = Json.object();
      pipeline.putJson(pipelineJson);
      int resultFolds = result.foldAccuracies().size();
      if (outcomes != null) {
        LfwOutcomes.write(outcomes, result, protocol.key, resultFolds, pipelineJson);
      }
      Comparison comparison = null;
      if (compare != null) {
        LfwOutcomes.Baseline baseline = LfwOutcomes.match(earlier, result.outcomes());
        comparison = new Comparison(baseline, LfwOutcomes.compare(result.outcomes(), baseline));
      }
      List<String> faceless =
          embeddings.entrySet().stream()
              .filter(entry -> entry.getValue().isEmpty())
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      if (json) {
        printJson(result, protocol, pipeline, faceless, comparison);
      } else {
        printText(result, protocol, pipeline, names.size(), faceless, comparison);
      }
    }
    return PictorCli.OK;
  }

  /** How thresholds are chosen and accuracy is measured. */
  enum Protocol {
    /** Pooled pairs in identity-disjoint folds ({@link LfwProtocol#crossValidate}). */
    IDENTITY_FOLDS("identity-folds"),
    /** The folds of a single k-fold file such as View 2 {@code pairs.txt}. */
    FILE_FOLDS("file-folds"),
    /** Threshold from {@code --train-pairs}, accuracy on {@code --pairs}. */
    TRAIN_TEST("train-test");

    final String key;

    Protocol(String key) {
      this.key = key;
    }
  }

  /** This run compared with an earlier run's outcomes file. */
  private record Comparison(LfwOutcomes.Baseline baseline, PairedComparison test) {}

  private Protocol protocol(List<LfwPairs> tests, LfwPairs train) {
    if (folds != null && folds < 2) {
      throw new ParameterException(spec.commandLine(), "--folds must be at least 2, was " + folds);
    }
    if (train != null) {
      if (tests.size() > 1 || folds != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--train-pairs chooses the threshold for one --pairs file; to pool several files or"
                + " cross-validate with --folds, give no --train-pairs");
      }
      if (tests.get(0).folds() > 1) {
        throw new ParameterException(
            spec.commandLine(),
            pairs.get(0)
                + " has "
                + tests.get(0).folds()
                + " folds: thresholds come from the other folds, so"
                + " give no --train-pairs");
      }
      return Protocol.TRAIN_TEST;
    }
    if (tests.size() == 1 && tests.get(0).folds() > 1 && folds == null) {
      return Protocol.FILE_FOLDS;
    }
    return Protocol.IDENTITY_FOLDS;
  }

  private int foldCount() {
    return folds == null ? DEFAULT_FOLDS : folds;
  }

  private String pairsText() {
    return pairs.stream().map(Path::toString).collect(Collectors.joining(" + "));
  }

  private static LfwPairs read(Path file) throws InputException {
    try {
      return LfwPairs.read(file);
    } catch (IOException e) {
      // A format error names the file and line itself; a missing file says which.
      throw new InputException("cannot read the pairs: " + e.getMessage(), e);
    }
  }

  private void writeRoc(LfwProtocol.Result result, Scoring card) throws InputException {
    String title =
        String.format(
            Locale.ROOT,
            "LFW %s, %s%s: accuracy %.2f%%",
            pairs.stream()
                .map(p -> String.valueOf(p.getFileName()))
                .collect(Collectors.joining(" + ")),
            card.modelId(),
            analysis.options().flipAugmentation() ? " + flip" : "",
            100 * result.accuracy());
    try {
      RocPlot.write(result.calibration(), result.threshold(), roc, title);
    } catch (IOException e) {
      throw new InputException("cannot write the ROC plot to " + roc + ": " + e, e);
    }
  }

  private void printText(
      LfwProtocol.Result r,
      Protocol protocol,
      Pipeline pipeline,
      int imageCount,
      List<String> faceless,
      Comparison comparison) {
    PrintWriter out = spec.commandLine().getOut();
    int k = r.foldAccuracies().size();
    out.printf(
        Locale.ROOT,
        "LFW verification: %s, %s%n",
        pairsText(),
        switch (protocol) {
          case IDENTITY_FOLDS ->
              k + " identity-disjoint folds, each tested with the threshold chosen on the others";
          case FILE_FOLDS -> k + " folds, each tested with the threshold chosen on the others";
          case TRAIN_TEST -> "threshold chosen on " + trainPairs;
        });
    if (protocol != Protocol.TRAIN_TEST) {
      out.printf(
          Locale.ROOT,
          "accuracy   %.2f%% +- %.2f%% (mean and sample std over %d folds)%n",
          100 * r.accuracy(),
          100 * r.std(),
          k);
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
    if (protocol != Protocol.TRAIN_TEST) {
      // What a model card's default threshold is calibrated to: the test pairs pooled.
      out.printf(
          Locale.ROOT,
          "           (mean of the fold thresholds; %.4f is the most accurate on all %d scored"
              + " pairs)%n",
          r.calibration().accuracyOptimalThreshold(),
          r.calibration().size());
    }
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
    if (outcomes != null) {
      out.printf(Locale.ROOT, "outcomes   %s%n", outcomes);
    }
    if (comparison != null) {
      PairedComparison c = comparison.test();
      JsonNode other = comparison.baseline().pipeline();
      out.printf(
          Locale.ROOT,
          "compared   with %s (%s, %s alignment, flip %s): %.2f%% vs %.2f%% on the same %d"
              + " pairs%n",
          compare,
          other.path("model").asText("?"),
          other.path("alignment").asText("no"),
          other.path("flip").asBoolean() ? "on" : "off",
          100 * c.firstAccuracy(),
          100 * c.secondAccuracy(),
          c.pairs());
      PairedComparisonReport.printTests(out, c, "this run", "the other");
    }
    out.flush();
  }

  private void printJson(
      LfwProtocol.Result r,
      Protocol protocol,
      Pipeline pipeline,
      List<String> faceless,
      Comparison comparison) {
    ObjectNode root = Json.object();
    root.put("accuracy", r.accuracy());
    root.put("std", r.std());
    root.put("auc", r.auc());
    root.put("eer", r.eer());
    root.put("threshold", r.threshold());
    root.put("allPairsThreshold", r.calibration().accuracyOptimalThreshold());
    root.put("pairs", r.pairs());
    root.put("failures", r.failures().size());
    root.put("protocol", protocol.key);
    root.put("folds", r.foldAccuracies().size());
    ArrayNode accuracies = root.putArray("foldAccuracies");
    r.foldAccuracies().forEach(accuracies::add);
    ArrayNode thresholds = root.putArray("foldThresholds");
    r.foldThresholds().forEach(thresholds::add);
    root.put("metric", r.metric().name());
    ArrayNode withoutFace = root.putArray("imagesWithoutFace");
    faceless.forEach(withoutFace::add);
    ArrayNode failed = root.putArray("failedPairLines");
    r.failures().forEach(pair -> failed.add(pair.line()));
    root.put("pairsFile", pairsText());
    ArrayNode files = root.putArray("pairsFiles");
    pairs.forEach(file -> files.add(file.toString()));
    if (trainPairs == null) {
      root.putNull("trainPairsFile");
    } else {
      root.put("trainPairsFile", trainPairs.toString());
    }
    pipeline.putJson(root);
    if (roc != null) {
      root.put("roc", roc.toString());
    }
    if (outcomes != null) {
      root.put("outcomes", outcomes.toString());
    }
    if (comparison != null) {
      PairedComparison c = comparison.test();
      ObjectNode node = root.putObject("comparison");
      node.put("file", compare.toString());
      node.set("otherPipeline", comparison.baseline().pipeline());
      PairedComparisonReport.put(node, c);
    }
    Json.print(spec.commandLine().getOut(), root);
  }
}
