package dev.pictor.style.gatys;

import dev.pictor.ExecutionDevice;
import dev.pictor.ImageException;
import dev.pictor.ModelException;
import dev.pictor.PictorException;
import dev.pictor.forge.TfjsWeights.Tensor;
import dev.pictor.forge.VggLayers;
import dev.pictor.forge.VggOnnxWeights;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.ImageWriter;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleProgress;
import dev.pictor.style.StyleResult;
import dev.pictor.style.StyleTransfer;
import dev.pictor.style.gatys.internal.CostSession;
import dev.pictor.style.gatys.internal.Evaluation;
import dev.pictor.style.gatys.internal.FeatureSession;
import dev.pictor.style.gatys.internal.Lbfgs;
import dev.pictor.style.gatys.internal.Objective;
import dev.pictor.style.gatys.internal.PixelAdam;
import dev.pictor.style.gatys.internal.Planes;
import dev.pictor.style.gatys.internal.VggGraphs;
import dev.pictor.style.gatys.internal.VggWeights;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Neural style transfer by optimisation (Gatys et al.): starting from the content photo plus noise
 * (or noise), the pixels are changed by Adam or L-BFGS to lower J = alpha J_content + beta J_style
 * (+ tv J_tv) measured with VGG-19, scale by scale (coarse to fine). The style painting is fixed
 * when the instance is opened; {@link #stylize} takes the content.
 *
 * <pre>{@code
 * try (GatysStyleTransfer gatys =
 *     GatysStyleTransfer.open(Images.read(Path.of("starry_night.jpg")), GatysOptions.defaults())) {
 *   StyleResult result = gatys.stylize(Images.read(Path.of("tubingen.jpg")), monitor);
 *   ImageWriter.writePng(result.image(), Path.of("out.png"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: concurrent {@code stylize} calls are allowed (each builds its own cost sessions;
 * the target network is shared). Owns native sessions; the creator closes it. {@link #close()} is
 * idempotent and waits for calls in flight; calls after it throw {@link IllegalStateException}.
 */
public final class GatysStyleTransfer implements StyleTransfer {
  private static final Logger LOG = LoggerFactory.getLogger(GatysStyleTransfer.class);

  /**
   * The model id of the bundled loss network: VGG-19 blocks 1-3 (its card is packaged beside the
   * face models' cards, its weights in {@code pictor-style-models}).
   */
  public static final String LOSS_NETWORK_ID = VggWeights.MODEL_ID;

  /** VGG mean colour, RGB: the grey the noise is centred on. */
  private static final float[] MEAN_RGB = {123.68f, 116.779f, 103.939f};

  private static final float NOISE_AMPLITUDE = 20f;

  private final RgbImage style;
  private final GatysOptions options;
  private final Map<String, Tensor> weights;
  private final VggGraphs.Normalization normalization;
  private final FeatureSession features;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private GatysStyleTransfer(
      RgbImage style,
      GatysOptions options,
      Map<String, Tensor> weights,
      VggGraphs.Normalization normalization,
      FeatureSession features) {
    this.style = style;
    this.options = options;
    this.weights = weights;
    this.normalization = normalization;
    this.features = features;
  }

  /**
   * Loads VGG-19 through the model store and prepares the style.
   *
   * @throws ImageException if the style image is smaller than 16x16
   * @throws ModelException if the weights are missing or corrupt, or a layer needs VGG-19 blocks
   *     4-5 (not in the TF.js weights; give {@link GatysOptions#vggOnnx()})
   */
  public static GatysStyleTransfer open(RgbImage style, GatysOptions options)
      throws PictorException {
    if (style == null || options == null) {
      throw new IllegalArgumentException("style and options must not be null");
    }
    requireSize(style, "style image");
    List<VggLayer> layers = new ArrayList<>(options.styleLayers().keySet());
    layers.add(options.contentLayer());
    if (options.vggOnnx().isPresent()) {
      Map<String, Tensor> weights = VggOnnxWeights.read(options.vggOnnx().get());
      for (VggLayer layer : layers) {
        if (!weights.containsKey(VggLayers.kerasName(layer.label()) + "/kernel")) {
          throw new ModelException(
              "layer " + layer + " is not in the VGG-19 ONNX file " + options.vggOnnx().get());
        }
      }
      return open(style, options, weights, VggGraphs.TORCHVISION);
    }
    for (VggLayer layer : layers) {
      if (!GatysOptions.BLOCKS_1_TO_3.contains(layer)) {
        throw new ModelException(
            "layer "
                + layer
                + " needs VGG-19 blocks 4-5, but the weights of model "
                + VggWeights.MODEL_ID
                + " cover blocks 1-3 only (conv1_1 .. conv3_4); give a full VGG-19 ONNX file"
                + " (GatysOptions.vggOnnx) for blocks 4-5");
      }
    }
    Map<String, Tensor> weights = VggWeights.load(ModelStore.standard(options.modelDirectory()));
    return open(style, options, weights, VggGraphs.CAFFE);
  }

  private static GatysStyleTransfer open(
      RgbImage style,
      GatysOptions options,
      Map<String, Tensor> weights,
      VggGraphs.Normalization normalization)
      throws PictorException {
    FeatureSession features =
        new FeatureSession(
            weights,
            normalization,
            options.pooling(),
            options.contentLayer().label(),
            options.styleLayers().keySet().stream().map(VggLayer::label).toList(),
            options.device(),
            options.intraOpThreads());
    return new GatysStyleTransfer(style, options, weights, normalization, features);
  }

  /** The style weights keyed by layer label, in the options' order, as the graphs name layers. */
  private static Map<String, Double> styleWeightsByLabel(Map<VggLayer, Double> weights) {
    Map<String, Double> byLabel = new LinkedHashMap<>();
    weights.forEach((layer, lambda) -> byLabel.put(layer.label(), lambda));
    return byLabel;
  }

  /** The options this instance runs with. */
  public GatysOptions options() {
    return options;
  }

  @Override
  public String styleId() {
    return "gatys-vgg19";
  }

  /**
   * The device the VGG-19 sessions actually run on (the CPU after a PREFER fallback; the cost
   * session of each scale is opened with the same request).
   */
  @Override
  public ExecutionDevice device() {
    return features.device();
  }

  /**
   * Optimises an image with the content of {@code content} and this instance's style. The result's
   * long side is the last of {@link GatysOptions#sizes()}; when the run is cancelled or runs out of
   * time it holds the image with the lowest J so far (resized to the final size).
   *
   * @throws ImageException if the content image is smaller than 16x16 or too narrow for the size
   * @throws dev.pictor.InferenceException if ONNX Runtime fails
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public StyleResult stylize(RgbImage content, StyleMonitor monitor) throws PictorException {
    if (content == null) {
      throw new IllegalArgumentException("content must not be null");
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("GatysStyleTransfer is closed");
      }
      return run(content, monitor == null ? StyleMonitor.NONE : monitor);
    } finally {
      lock.readLock().unlock();
    }
  }

  private StyleResult run(RgbImage content, StyleMonitor monitor) throws PictorException {
    requireSize(content, "content image");
    List<int[]> dims = new ArrayList<>();
    for (int size : options.sizes()) {
      dims.add(scaledSize(content, size));
    }
    Tracker tracker = new Tracker(monitor, System.nanoTime());
    Random random = new Random(options.seed());
    float[] best = null;
    int bw = 0;
    int bh = 0;
    for (int k = 0; k < dims.size() && tracker.stop == null; k++) {
      int w = dims.get(k)[0];
      int h = dims.get(k)[1];
      float[] c = Planes.of(content, w, h);
      float[] s = Planes.cover(style, w, h);
      if (options.preserveColors()) {
        float[] yc = Planes.luminance(c);
        float[] ys = Planes.luminance(s);
        Planes.matchMeanAndDeviation(ys, yc);
        c = Planes.grey(yc);
        s = Planes.grey(ys);
      }
      FeatureSession.Features fc = features.compute(c, w, h);
      FeatureSession.Features fs = features.compute(s, w, h);
      float[] x = best == null ? initial(c, random) : Planes.resize(best, bw, bh, w, h);
      VggGraphs.CostSpec spec =
          new VggGraphs.CostSpec(
              h,
              w,
              options.pooling(),
              options.contentLayer().label(),
              styleWeightsByLabel(options.styleLayers()),
              options.alpha(),
              options.beta(),
              options.tvWeight());
      try (CostSession cost =
          new CostSession(
              weights,
              normalization,
              spec,
              fc.content(),
              fs.grams(),
              options.device(),
              options.intraOpThreads())) {
        LOG.debug("scale {}x{}: {} steps on {}", w, h, options.iterations(), cost.device());
        tracker.beginScale(cost, w, h, Planes.of(content, w, h));
        Evaluation first = tracker.first(x);
        if (options.optimizer() == GatysOptions.Optimizer.ADAM) {
          PixelAdam.minimize(x, first, tracker, options.learningRate());
        } else {
          Lbfgs.minimize(x, first, tracker, options.learningRate() * 5);
        }
      }
      best = tracker.best;
      bw = w;
      bh = h;
    }
    int fw = dims.get(dims.size() - 1)[0];
    int fh = dims.get(dims.size() - 1)[1];
    float[] out = bw == fw && bh == fh ? best : Planes.resize(best, bw, bh, fw, fh);
    if (options.preserveColors()) {
      out = Planes.withColoursOf(out, Planes.of(content, fw, fh));
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - tracker.start);
    StyleResult.Outcome outcome =
        tracker.stop == null ? StyleResult.Outcome.COMPLETED : tracker.stop;
    return new StyleResult(
        Planes.toImage(out, fw, fh),
        outcome,
        tracker.steps,
        tracker.initial,
        tracker.last,
        elapsed);
  }

  private float[] initial(float[] content, Random random) {
    int n = content.length / 3;
    float[] x = new float[content.length];
    double r = options.init() == GatysOptions.Init.NOISE ? 1 : options.noiseRatio();
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < n; i++) {
        float noise = MEAN_RGB[c] + (random.nextFloat() * 2 - 1) * NOISE_AMPLITUDE;
        x[c * n + i] = (float) ((1 - r) * content[c * n + i] + r * noise);
      }
    }
    Planes.clamp(x);
    return x;
  }

  private static void requireSize(RgbImage image, String what) throws ImageException {
    if (image.width() < GatysOptions.MIN_SIZE || image.height() < GatysOptions.MIN_SIZE) {
      throw new ImageException(
          what
              + " "
              + image.width()
              + "x"
              + image.height()
              + " is too small: at least "
              + GatysOptions.MIN_SIZE
              + "x"
              + GatysOptions.MIN_SIZE
              + " pixels needed");
    }
  }

  /** The content's size with its long side scaled to {@code size}. */
  private static int[] scaledSize(RgbImage content, int size) throws ImageException {
    int w = content.width();
    int h = content.height();
    double s = (double) size / Math.max(w, h);
    int sw = (int) Math.round(w * s);
    int sh = (int) Math.round(h * s);
    if (Math.min(sw, sh) < GatysOptions.MIN_SIZE) {
      throw new ImageException(
          "content image "
              + w
              + "x"
              + h
              + " is too narrow for size "
              + size
              + ": its short side would be "
              + Math.min(sw, sh)
              + " pixels, at least "
              + GatysOptions.MIN_SIZE
              + " needed");
    }
    return new int[] {sw, sh};
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        features.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Counts steps, keeps the best image, reports progress, snapshots, and decides when to stop. */
  private final class Tracker implements Objective {
    final StyleMonitor monitor;
    final long start;
    final int total = options.totalSteps();
    CostSession cost;
    int width;
    int height;
    float[] colours;
    int steps;
    int scaleSteps;
    float[] best;
    double bestCost;
    StyleProgress initial;
    StyleProgress last;
    StyleResult.Outcome stop;

    Tracker(StyleMonitor monitor, long start) {
      this.monitor = monitor;
      this.start = start;
    }

    void beginScale(CostSession cost, int width, int height, float[] colours) {
      this.cost = cost;
      this.width = width;
      this.height = height;
      this.colours = colours;
      this.scaleSteps = 0;
      this.best = null;
      this.bestCost = Double.POSITIVE_INFINITY;
    }

    /** Evaluates the start of a scale (not a step). */
    Evaluation first(float[] x) throws PictorException {
      Evaluation e = cost.evaluate(x);
      keepBest(x, e);
      if (initial == null) {
        initial = progress(0, e);
        last = initial;
      }
      checkStop();
      return e;
    }

    @Override
    public Evaluation evaluate(float[] x) throws PictorException {
      Evaluation e = cost.evaluate(x);
      steps++;
      scaleSteps++;
      keepBest(x, e);
      last = progress(steps, e);
      monitor.onProgress(last);
      if (options.snapshotEvery() > 0 && steps % options.snapshotEvery() == 0) {
        snapshot(x);
      }
      checkStop();
      return e;
    }

    @Override
    public boolean done() {
      return stop != null || scaleSteps >= options.iterations();
    }

    private void checkStop() {
      if (monitor.isCancelled()) {
        stop = StyleResult.Outcome.CANCELLED;
      } else if (options.timeBudget().isPresent()
          && System.nanoTime() - start >= options.timeBudget().get().toNanos()) {
        stop = StyleResult.Outcome.TIME_BUDGET;
      }
    }

    private void keepBest(float[] x, Evaluation e) {
      if (best == null || e.cost() < bestCost) {
        best = x.clone();
        bestCost = e.cost();
      }
    }

    private StyleProgress progress(int step, Evaluation e) {
      return new StyleProgress(
          step,
          total,
          e.cost(),
          e.content(),
          e.style(),
          Duration.ofNanos(System.nanoTime() - start));
    }

    private void snapshot(float[] x) throws ImageException {
      float[] planes = options.preserveColors() ? Planes.withColoursOf(x, colours) : x;
      RgbImage image = Planes.toImage(planes, width, height);
      if (options.snapshotListener().isPresent()) {
        options.snapshotListener().get().onSnapshot(steps, image);
      }
      if (options.snapshotDirectory().isPresent()) {
        Path dir = options.snapshotDirectory().get();
        ImageWriter.writePng(image, dir.resolve(String.format("step-%05d.png", steps)));
      }
    }
  }
}
