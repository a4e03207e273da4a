package dev.pictor.cli;

import dev.pictor.ExecutionDevice;
import dev.pictor.PictorException;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.DistanceMetric;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.learning.EmbeddingHead;
import dev.pictor.learning.FeatureExtractor;
import dev.pictor.learning.FeatureSet;
import dev.pictor.learning.FineTunedEncoder;
import dev.pictor.learning.MinerStrategy;
import dev.pictor.learning.ParentEncoder;
import dev.pictor.learning.TrainingOptions;
import dev.pictor.learning.TripletTrainer;
import dev.pictor.model.ModelCard;
import dev.pictor.recognition.Calibration;
import dev.pictor.recognition.LfwPairs;
import dev.pictor.recognition.LfwProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pictor train triplet}: fine-tunes the head of an encoder (a new 128x128 projection, and
 * optionally its final fully-connected layer) with the triplet loss on the people of an LFW pairs
 * file, and writes the result as a new encoder (ONNX, model card, training record) that {@code
 * pictor verify --model ID --model-dir DIR} loads.
 *
 * <p>One instance per run; not thread-safe. The extractor is opened and closed within {@link
 * #call()}.
 */
@Command(
    name = "triplet",
    description = {
      "Fine-tunes the encoder's head with the triplet loss on the people of an LFW pairs file"
          + " (their images under --images), holding out some of them for early stopping, and"
          + " writes a new encoder to --out: ID.onnx, ID.card.json and ID.training.json (parent,"
          + " data, options, loss curve). The face pipeline is that of pictor evaluate lfw"
          + " (YuNet, the central face, the default alignment); the trunk's pooled features are"
          + " computed once (cached with --cache-dir).",
      "With --test-pairs, also reports the LFW accuracy of the parent and of the new encoder on"
          + " those pairs, with the threshold chosen on --pairs.",
      "Use the result with: pictor verify --model ID --model-dir OUT A.jpg B.jpg"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the encoder was trained and written",
      "2:usage error, or input that cannot be used",
      "3:the model or device cannot be used, or a run failed"
    })
final class TrainTripletCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "LFW image root.")
  private Path images;

  @Option(
      names = "--pairs",
      required = true,
      paramLabel = "FILE",
      description = "Pairs file whose people are trained on (e.g. pairsDevTrain.txt).")
  private Path pairsFile;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for the new encoder (created if needed).")
  private Path out;

  @Option(
      names = "--id",
      defaultValue = "face-resnet128-triplet",
      paramLabel = "ID",
      description = "Id of the new encoder (default: ${DEFAULT-VALUE}).")
  private String id;

  @Option(
      names = "--parent",
      defaultValue = EncoderOptions.DEFAULT_MODEL_ID,
      paramLabel = "ID",
      description = "Encoder to fine-tune (default: ${DEFAULT-VALUE}).")
  private String parentId;

  @Option(
      names = "--test-pairs",
      paramLabel = "FILE",
      description = "Pairs of other people to report accuracy on (e.g. pairsDevTest.txt).")
  private Path testPairsFile;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Keep the extracted trunk features here and reuse them on later runs.")
  private Path cacheDir;

  @Option(
      names = "--margin",
      paramLabel = "ALPHA",
      defaultValue = "0.2",
      description = "Triplet margin alpha (default: ${DEFAULT-VALUE}).")
  private double margin;

  @Option(
      names = "--miner",
      paramLabel = "NAME",
      defaultValue = "semi-hard",
      description = "semi-hard, batch-hard or random (default: ${DEFAULT-VALUE}).")
  private String miner;

  @Option(
      names = "--people-per-batch",
      paramLabel = "P",
      defaultValue = "32",
      description = "P (default: ${DEFAULT-VALUE}).")
  private int people;

  @Option(
      names = "--images-per-person",
      paramLabel = "K",
      defaultValue = "4",
      description = "K (default: ${DEFAULT-VALUE}).")
  private int perPerson;

  @Option(
      names = "--learning-rate",
      paramLabel = "RATE",
      defaultValue = "1e-5",
      description = "Adam step size (default: ${DEFAULT-VALUE}).")
  private double learningRate;

  @Option(
      names = "--max-epochs",
      paramLabel = "N",
      defaultValue = "60",
      description = "Most epochs (default: ${DEFAULT-VALUE}).")
  private int maxEpochs;

  @Option(
      names = "--patience",
      paramLabel = "N",
      defaultValue = "8",
      description =
          "Stop after this many epochs without a better held-out loss (default: ${DEFAULT-VALUE}).")
  private int patience;

  @Option(
      names = "--train-fc",
      description =
          "Also train the encoder's final fully-connected layer (256x128), not only the new"
              + " projection. On LFW View 1 this lowered held-out loss but cost DevTest accuracy.")
  private boolean trainFc;

  @Option(
      names = "--stop-on-auc",
      description =
          "Early stopping keeps the epoch with the best held-out pair AUC instead of the lowest"
              + " held-out triplet loss.")
  private boolean stopOnAuc;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description = "Look for models (the YuNet detector) in DIR first.")
  private Path modelDirectory;

  @Override
  public Integer call() throws PictorException, InputException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    TrainingOptions options;
    try {
      options =
          TrainingOptions.builder()
              .margin(margin)
              .miner(MinerStrategy.of(miner))
              .peoplePerBatch(people)
              .imagesPerPerson(perPerson)
              .learningRate(learningRate)
              .maxEpochs(maxEpochs)
              .patience(patience)
              .trainFc(trainFc)
              .stopOnAuc(stopOnAuc)
              .seed(seed)
              .build();
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    }
    TrainData.imageRoot(images);
    LfwPairs train = TrainData.pairs(pairsFile);
    LfwPairs test = testPairsFile == null ? null : TrainData.pairs(testPairsFile);
    ParentEncoder parent = ParentEncoder.resolve(parentId, Optional.ofNullable(modelDirectory));

    FeatureSet trainFeatures;
    FeatureSet testFeatures = null;
    try (FeatureExtractor extractor =
        new FeatureExtractor(parent, analyzerOptions(parentId), ExecutionDevice.cpu())) {
      trainFeatures = features(extractor, parent, train, pairsFile, err);
      if (test != null) {
        testFeatures = features(extractor, parent, test, testPairsFile, err);
      }
    }

    EmbeddingHead stock = EmbeddingHead.of(parent);
    TripletTrainer.Result result =
        new TripletTrainer(options)
            .train(
                trainFeatures,
                stock,
                s ->
                    err.printf(
                        Locale.ROOT,
                        "epoch %3d/%d  train loss %.5f (%5.1f%% violate)  held-out loss %.5f"
                            + " (%5.1f%% violate)  held-out AUC %.5f%n",
                        s.epoch(),
                        maxEpochs,
                        s.trainLoss(),
                        100 * s.trainViolationFraction(),
                        s.heldOut().mean(),
                        100 * s.heldOut().violationFraction(),
                        s.heldOutAuc()));
    err.flush();

    Calibration calibration = calibrate(train, trainFeatures, result.head());
    double threshold = calibration.accuracyOptimalThreshold();
    Map<String, Object> extra = new LinkedHashMap<>();
    if (test != null) {
      LfwProtocol.Result before = evaluate(test, train, trainFeatures, testFeatures, stock);
      LfwProtocol.Result after = evaluate(test, train, trainFeatures, testFeatures, result.head());
      extra.put("testPairs", testPairsFile.getFileName().toString());
      extra.put("testAccuracyParent", before.accuracy());
      extra.put("testAccuracy", after.accuracy());
      extra.put("testAucParent", before.auc());
      extra.put("testAuc", after.auc());
      outWriter.printf(
          Locale.ROOT,
          "%s: parent %s accuracy %.2f%% (AUC %.5f), %s accuracy %.2f%% (AUC %.5f)%n",
          testPairsFile.getFileName(),
          parent.card().id(),
          100 * before.accuracy(),
          before.auc(),
          id,
          100 * after.accuracy(),
          after.auc());
    }
    String data =
        String.format(
            Locale.ROOT,
            "LFW %s (%d people, %d images; %d people held out for early stopping)",
            pairsFile.getFileName(),
            result.trainPeople().size() + result.heldOutPeople().size(),
            trainFeatures.size(),
            result.heldOutPeople().size());
    String thresholdSource =
        String.format(
            Locale.ROOT,
            "accuracy-optimal Euclidean threshold on %s (%d pairs) with this encoder: %.2f%%",
            pairsFile.getFileName(),
            calibration.size(),
            100 * calibration.accuracyAt(threshold));
    ModelCard card;
    try {
      card =
          FineTunedEncoder.export(
              parent,
              result.head(),
              new FineTunedEncoder.Provenance(
                  id, data, threshold, thresholdSource, options, result, extra),
              out);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    } catch (IOException e) {
      throw new InputException("cannot write the encoder to " + out + ": " + e.getMessage(), e);
    }
    outWriter.printf(
        Locale.ROOT,
        "held-out triplet loss %.5f -> %.5f, violations %.1f%% -> %.1f%% (best epoch %d)%n",
        result.heldOutBefore().mean(),
        result.heldOutAfter().mean(),
        100 * result.heldOutBefore().violationFraction(),
        100 * result.heldOutAfter().violationFraction(),
        result.bestEpoch());
    outWriter.printf(
        Locale.ROOT,
        "wrote %s (threshold %.4f) to %s%n",
        card.id(),
        card.encoder().threshold(),
        out.toAbsolutePath());
    return PictorCli.OK;
  }

  /** The default analyzer for encoder {@code id}, looking in --model-dir first. */
  private AnalyzerOptions analyzerOptions(String id) {
    EncoderOptions.Builder encoder = EncoderOptions.builder().modelId(id);
    DetectorOptions.Builder detector = DetectorOptions.builder();
    if (modelDirectory != null) {
      encoder.modelDirectory(modelDirectory);
      detector.modelDirectory(modelDirectory);
    }
    return AnalyzerOptions.defaults().withDetector(detector.build()).withEncoder(encoder.build());
  }

  private FeatureSet features(
      FeatureExtractor extractor, ParentEncoder parent, LfwPairs pairs, Path file, PrintWriter err)
      throws PictorException, InputException {
    Path cache =
        cacheDir == null
            ? null
            : cacheDir.resolve(
                String.join(
                    ".",
                    file.getFileName().toString(),
                    parent.card().id(),
                    extractor.alignment().name().toLowerCase(Locale.ROOT),
                    "features"));
    if (cache != null && Files.isRegularFile(cache)) {
      try {
        FeatureSet cached = FeatureSet.read(cache);
        if (cached.parentSha256().equals(parent.card().fileSha256())) {
          return cached;
        }
        err.println("pictor: " + cache + " was made by another model file; extracting again");
      } catch (IOException e) {
        err.println("pictor: ignoring unusable cache " + cache + ": " + e.getMessage());
      }
    }
    List<String> names = TrainData.images(pairs);
    FeatureExtractor.Result result;
    try (ProgressBar progress =
        Progress.of(spec).items("features of " + file.getFileName(), names.size())) {
      int[] last = {0};
      result =
          extractor.extract(
              images,
              names,
              n -> {
                progress.advance(n - last[0]);
                last[0] = n;
              });
    }
    if (!result.withoutFace().isEmpty()) {
      err.println(
          "pictor: no central face in "
              + result.withoutFace().size()
              + " images of "
              + file.getFileName()
              + ", e.g. "
              + result.withoutFace().get(0));
    }
    if (cache != null) {
      try {
        result.features().write(cache);
      } catch (IOException e) {
        throw new InputException("cannot write feature cache " + cache + ": " + e.getMessage(), e);
      }
    }
    return result.features();
  }

  private static Map<String, FaceEmbedding> embeddings(FeatureSet set, EmbeddingHead head) {
    Map<String, FaceEmbedding> m = new HashMap<>();
    for (int i = 0; i < set.size(); i++) {
      double[] e = head.embed(set.row(i));
      float[] f = new float[e.length];
      for (int k = 0; k < e.length; k++) {
        f[k] = (float) e[k];
      }
      m.put(set.images().get(i), FaceEmbedding.normalised("head", f));
    }
    return m;
  }

  private static Calibration calibrate(LfwPairs pairs, FeatureSet set, EmbeddingHead head) {
    Map<String, FaceEmbedding> m = embeddings(set, head);
    List<Calibration.ScoredPair> scored =
        pairs.pairs().stream()
            .filter(p -> m.containsKey(p.firstImage()) && m.containsKey(p.secondImage()))
            .map(
                p ->
                    new Calibration.ScoredPair(
                        m.get(p.firstImage())
                            .distanceTo(m.get(p.secondImage()), DistanceMetric.EUCLIDEAN),
                        p.same()))
            .toList();
    return Calibration.of(scored);
  }

  private static LfwProtocol.Result evaluate(
      LfwPairs test, LfwPairs train, FeatureSet trainSet, FeatureSet testSet, EmbeddingHead head) {
    Map<String, FaceEmbedding> m = embeddings(trainSet, head);
    m.putAll(embeddings(testSet, head));
    return LfwProtocol.evaluate(
        test, train, n -> Optional.ofNullable(m.get(n)), DistanceMetric.EUCLIDEAN);
  }
}
