package dev.pictor.style.gatys;

import dev.pictor.ExecutionDevice;
import dev.pictor.RuntimeOptionsBuilder;
import dev.pictor.RuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link GatysStyleTransfer} optimises an image. Immutable; build with {@link #builder()}; the
 * defaults are explained in {@code docs/GATYS.md}.
 *
 * @param sizes the long side of the image at each scale, increasing (coarse to fine); the output
 *     has the last size
 * @param iterations optimisation steps (cost evaluations) per scale
 * @param alpha weight of J_content
 * @param beta weight of J_style
 * @param contentLayer VGG-19 layer of the content cost (its ReLU output)
 * @param styleLayers style layers and their weights lambda (iteration order kept)
 * @param tvWeight weight of the total-variation cost, 0 for none
 * @param pooling pooling between VGG blocks
 * @param seed seed of the initial noise
 * @param init how the first scale starts
 * @param noiseRatio share of noise in {@link Init#CONTENT_NOISE}, 0..1
 * @param optimizer Adam or L-BFGS
 * @param learningRate Adam's step size, in pixel values 0..255 (L-BFGS: its first step, and each
 *     restart, changes no pixel by more than 5 times this)
 * @param device where the network runs
 * @param intraOpThreads ONNX Runtime threads per run, 0 for one per core
 * @param timeBudget wall time after which the run stops with the best image so far, if present
 * @param snapshotEvery call the snapshot listener and write to the snapshot directory every this
 *     many steps, 0 for never
 * @param snapshotDirectory where snapshots are written as {@code step-NNNNN.png}, if present
 * @param snapshotListener receives snapshots, if present
 * @param preserveColors transfer the style on luminance only and keep the content's colours
 * @param modelDirectory a model directory searched before the standard ones, if present
 * @param vggOnnx a full VGG-19 ONNX file (torchvision-style export, ImageNet-normalised RGB input)
 *     to use instead of the TF.js weights of blocks 1-3, so layers of blocks 4-5 can be chosen; if
 *     present
 */
public record GatysOptions(
    List<Integer> sizes,
    int iterations,
    double alpha,
    double beta,
    VggLayer contentLayer,
    Map<VggLayer, Double> styleLayers,
    double tvWeight,
    Pooling pooling,
    long seed,
    Init init,
    double noiseRatio,
    Optimizer optimizer,
    double learningRate,
    ExecutionDevice device,
    int intraOpThreads,
    Optional<Duration> timeBudget,
    int snapshotEvery,
    Optional<Path> snapshotDirectory,
    Optional<SnapshotListener> snapshotListener,
    boolean preserveColors,
    Optional<Path> modelDirectory,
    Optional<Path> vggOnnx) {

  /** Largest allowed long side, in pixels (the cost graph's activations grow with the area). */
  public static final int MAX_SIZE = 2048;

  /** Smallest allowed long side, in pixels (three poolings need a few pixels left). */
  public static final int MIN_SIZE = 16;

  /** Layers the bundled weights (blocks 1-3 of VGG-19) cover. */
  public static final Set<VggLayer> BLOCKS_1_TO_3 =
      Set.copyOf(EnumSet.range(VggLayer.CONV1_1, VggLayer.CONV3_4));

  /** Pooling between VGG blocks. */
  public enum Pooling {
    /** Max pooling, as VGG was trained. */
    MAX,
    /** Average pooling, which Gatys et al. found gives smoother gradients and results. */
    AVERAGE
  }

  /** Starting image of the first scale. */
  public enum Init {
    /** {@code (1 - r) content + r (grey + uniform noise in +-20)}, r = {@code noiseRatio}. */
    CONTENT_NOISE,
    /** Grey (the VGG mean colour) plus uniform noise in +-20. */
    NOISE
  }

  /** The optimiser. */
  public enum Optimizer {
    /** Adam (Kingma and Ba), betas 0.9 / 0.999, on pixel values. */
    ADAM,
    /** Limited-memory BFGS (10 pairs) with a backtracking line search, projected to 0..255. */
    LBFGS
  }

  /** Receives an intermediate image; called on the thread that runs the transfer. */
  @FunctionalInterface
  public interface SnapshotListener {
    /**
     * @param step the step just done
     * @param image the current image at the current scale
     */
    void onSnapshot(int step, dev.pictor.image.RgbImage image);
  }

  public GatysOptions {
    if (sizes == null || sizes.isEmpty()) {
      throw new IllegalArgumentException("sizes must name at least one scale");
    }
    sizes = List.copyOf(sizes);
    int previous = 0;
    for (int size : sizes) {
      if (size < MIN_SIZE || size > MAX_SIZE) {
        throw new IllegalArgumentException(
            "size " + size + " is outside " + MIN_SIZE + ".." + MAX_SIZE + " pixels");
      }
      if (size <= previous) {
        throw new IllegalArgumentException("sizes must increase (coarse to fine), were " + sizes);
      }
      previous = size;
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, was " + iterations);
    }
    requireWeight("alpha", alpha);
    requireWeight("beta", beta);
    requireWeight("tvWeight", tvWeight);
    if (contentLayer == null) {
      throw new IllegalArgumentException("contentLayer must not be null");
    }
    if (styleLayers == null || styleLayers.isEmpty()) {
      throw new IllegalArgumentException("styleLayers must name at least one layer");
    }
    styleLayers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(styleLayers));
    styleLayers.forEach(
        (layer, lambda) -> {
          if (layer == null) {
            throw new IllegalArgumentException("a style layer must not be null");
          }
          requireWeight("weight of style layer " + layer, lambda == null ? Double.NaN : lambda);
        });
    if (pooling == null || init == null || optimizer == null || device == null) {
      throw new IllegalArgumentException("pooling, init, optimizer and device must not be null");
    }
    if (!(noiseRatio >= 0 && noiseRatio <= 1)) {
      throw new IllegalArgumentException("noiseRatio must be in 0..1, was " + noiseRatio);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
    }
    ExecutionDevice.checkThreads("intraOpThreads", intraOpThreads);
    if (timeBudget == null || snapshotDirectory == null || snapshotListener == null) {
      throw new IllegalArgumentException("optional values must not be null (use Optional.empty())");
    }
    if (modelDirectory == null || vggOnnx == null) {
      throw new IllegalArgumentException(
          "modelDirectory and vggOnnx must not be null (use Optional.empty())");
    }
    timeBudget.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeBudget must be positive, was " + t);
          }
        });
    if (snapshotEvery < 0) {
      throw new IllegalArgumentException("snapshotEvery must be >= 0, was " + snapshotEvery);
    }
  }

  private static void requireWeight(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite value >= 0, was " + value);
    }
  }

  /** The documented defaults. */
  public static GatysOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Total steps over all scales. */
  public int totalSteps() {
    return sizes.size() * iterations;
  }

  /** The device, threads and model directory of these options. */
  public RuntimeSettings runtime() {
    return new RuntimeSettings(device, intraOpThreads, modelDirectory);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sizes = new ArrayList<>(sizes);
    b.iterations = iterations;
    b.alpha = alpha;
    b.beta = beta;
    b.contentLayer = contentLayer;
    b.styleLayers = new LinkedHashMap<>(styleLayers);
    b.tvWeight = tvWeight;
    b.pooling = pooling;
    b.seed = seed;
    b.init = init;
    b.noiseRatio = noiseRatio;
    b.optimizer = optimizer;
    b.learningRate = learningRate;
    b.runtime(runtime());
    b.timeBudget = timeBudget.orElse(null);
    b.snapshotEvery = snapshotEvery;
    b.snapshotDirectory = snapshotDirectory.orElse(null);
    b.snapshotListener = snapshotListener.orElse(null);
    b.preserveColors = preserveColors;
    b.vggOnnx = vggOnnx.orElse(null);
    return b;
  }

  /** Builder for {@link GatysOptions}; not thread-safe. */
  public static final class Builder extends RuntimeOptionsBuilder<Builder> {
    private List<Integer> sizes = List.of(256);
    private int iterations = 300;
    private double alpha = 10;
    private double beta = 0.05;
    private VggLayer contentLayer = VggLayer.CONV3_2;
    private Map<VggLayer, Double> styleLayers =
        equalWeights(VggLayer.CONV1_1, VggLayer.CONV2_1, VggLayer.CONV3_1);
    private double tvWeight = 0;
    private Pooling pooling = Pooling.AVERAGE;
    private long seed = 1;
    private Init init = Init.CONTENT_NOISE;
    private double noiseRatio = 0.6;
    private Optimizer optimizer = Optimizer.ADAM;
    private double learningRate = 2.0;
    private Duration timeBudget;
    private int snapshotEvery = 0;
    private Path snapshotDirectory;
    private SnapshotListener snapshotListener;
    private boolean preserveColors;
    private Path vggOnnx;

    private Builder() {}

    /** One scale with this long side. */
    public Builder size(int size) {
      this.sizes = List.of(size);
      return this;
    }

    /** Several scales, coarse to fine. */
    public Builder sizes(List<Integer> sizes) {
      this.sizes = sizes == null ? null : new ArrayList<>(sizes);
      return this;
    }

    public Builder iterations(int iterations) {
      this.iterations = iterations;
      return this;
    }

    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    public Builder beta(double beta) {
      this.beta = beta;
      return this;
    }

    public Builder contentLayer(VggLayer layer) {
      this.contentLayer = layer;
      return this;
    }

    /** Style layers with their weights. */
    public Builder styleLayers(Map<VggLayer, Double> layers) {
      this.styleLayers = layers == null ? null : new LinkedHashMap<>(layers);
      return this;
    }

    /** Style layers with equal weights 1/n. */
    public Builder styleLayers(VggLayer... layers) {
      this.styleLayers = equalWeights(layers);
      return this;
    }

    public Builder tvWeight(double tvWeight) {
      this.tvWeight = tvWeight;
      return this;
    }

    public Builder pooling(Pooling pooling) {
      this.pooling = pooling;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder init(Init init) {
      this.init = init;
      return this;
    }

    public Builder noiseRatio(double noiseRatio) {
      this.noiseRatio = noiseRatio;
      return this;
    }

    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Stop after this much wall time with the best image so far; null for no budget. */
    public Builder timeBudget(Duration budget) {
      this.timeBudget = budget;
      return this;
    }

    public Builder snapshotEvery(int steps) {
      this.snapshotEvery = steps;
      return this;
    }

    public Builder snapshotDirectory(Path directory) {
      this.snapshotDirectory = directory;
      return this;
    }

    public Builder snapshotListener(SnapshotListener listener) {
      this.snapshotListener = listener;
      return this;
    }

    public Builder preserveColors(boolean preserve) {
      this.preserveColors = preserve;
      return this;
    }

    /**
     * Use this full VGG-19 ONNX file (torchvision-style export) instead of the TF.js weights of
     * blocks 1-3; null for the TF.js weights.
     */
    public Builder vggOnnx(Path file) {
      this.vggOnnx = file;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first bad value
     */
    public GatysOptions build() {
      return new GatysOptions(
          sizes,
          iterations,
          alpha,
          beta,
          contentLayer,
          styleLayers,
          tvWeight,
          pooling,
          seed,
          init,
          noiseRatio,
          optimizer,
          learningRate,
          device(),
          intraOpThreads(),
          Optional.ofNullable(timeBudget),
          snapshotEvery,
          Optional.ofNullable(snapshotDirectory),
          Optional.ofNullable(snapshotListener),
          preserveColors,
          modelDirectory(),
          Optional.ofNullable(vggOnnx));
    }

    private static Map<VggLayer, Double> equalWeights(VggLayer... layers) {
      Map<VggLayer, Double> m = new LinkedHashMap<>();
      for (VggLayer l : layers) {
        m.put(l, 1.0 / layers.length);
      }
      return m;
    }
  }
}
