package dev.pictor.style.fast;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pictor.ExecutionDevice;
import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.ModelException;
import dev.pictor.image.RgbImage;
import dev.pictor.onnx.store.ModelStore;
import dev.pictor.onnx.support.AreaResampler;
import dev.pictor.onnx.support.GuardedSession;
import dev.pictor.onnx.support.OrtRuntime;
import dev.pictor.onnx.support.SessionFactory;
import dev.pictor.style.StyleMonitor;
import dev.pictor.style.StyleProgress;
import dev.pictor.style.StyleResult;
import dev.pictor.style.StyleTransfer;
import dev.pictor.style.fast.internal.Blender;
import dev.pictor.style.fast.internal.StyleCards;
import dev.pictor.style.fast.internal.StyleNetworks;
import dev.pictor.style.fast.internal.TileGrid;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feed-forward style transfer: one pass of a trained transform network (Johnson et al.; the four
 * ml5 / Engstrom networks {@code udnie}, {@code rain_princess}, {@code scream}, {@code wave})
 * renders a photo in that network's style in about a second, where optimisation takes minutes.
 *
 * <pre>{@code
 * try (FastStyleTransfer udnie = FastStyleTransfer.open(FastStyleOptions.of("udnie"))) {
 *   RgbImage painted = udnie.stylize(Images.read(Path.of("photo.jpg")));
 * }
 * }</pre>
 *
 * <p>The weights are read from the model directory ({@link FastStyleOptions#modelDirectory()},
 * {@code -Dpictor.model.dir}, {@code $PICTOR_MODEL_DIR}, {@code ~/.cache/pictor/models}) under
 * {@link FastStyleCard#directory()}, every file checked against the sha256 in the packaged card,
 * and converted to ONNX in memory when the instance is opened (a few hundred milliseconds; nothing
 * is written to disk).
 *
 * <p>The output has the size of the content (after the optional {@link FastStyleOptions#maxSide()}
 * shrink). Content with a side larger than {@link FastStyleOptions#tileSize()} is processed in
 * overlapping tiles, cross-faded in the shared bands; each tile is normalised on its own statistics
 * (instance normalisation), so colours may drift slowly across a large image, but there is no seam.
 * Progress is reported once per tile; a cancel is honoured between tiles and returns the tiles done
 * so far over the content.
 *
 * <p>Thread-safe: concurrent calls share one ONNX Runtime session. Owns that session; the caller
 * that opened it closes it. {@link #close()} is idempotent and waits for tile runs in flight; calls
 * after it, and a run that needs another tile after it, throw {@link IllegalStateException}.
 */
public final class FastStyleTransfer implements StyleTransfer {
  /** Smallest content side accepted, after the optional shrink. */
  public static final int MIN_SIDE = 16;

  private static final Logger LOG = LoggerFactory.getLogger(FastStyleTransfer.class);

  private final FastStyleCard card;
  private final FastStyleOptions options;
  private final GuardedSession session;
  private final String inputName;
  private final ExecutionDevice device;

  private FastStyleTransfer(
      FastStyleCard card,
      FastStyleOptions options,
      GuardedSession session,
      String inputName,
      ExecutionDevice device) {
    this.card = card;
    this.options = options;
    this.session = session;
    this.inputName = inputName;
    this.device = device;
  }

  /** The names of the trained styles, for {@link FastStyleOptions#style()}. */
  public static List<String> styles() throws ModelException {
    return StyleCards.names();
  }

  /** The card of a trained style (its source, license and file digests). */
  public static FastStyleCard card(String style) throws ModelException {
    return StyleCards.card(style);
  }

  /**
   * Verifies and converts the style's weights and opens a session.
   *
   * @throws ModelException if the style is unknown, or its weights are missing or corrupt (the
   *     message names the file, the places searched, the expected sha256 and where to get it)
   * @throws dev.pictor.BackendUnavailableException if a required CUDA device cannot be used
   */
  public static FastStyleTransfer open(FastStyleOptions options) throws ModelException {
    FastStyleCard card = StyleCards.card(options.style());
    List<java.nio.file.Path> dirs = ModelStore.standard(options.modelDirectory()).directories();
    StyleNetworks.Forged forged = StyleNetworks.forge(card, dirs);
    SessionFactory.OpenedSession opened =
        SessionFactory.open(card.id(), forged.onnx(), options.device(), options.intraOpThreads());
    OrtSession ort = opened.session();
    String input = SessionFactory.singleInput(ort, card.id(), forged.location());
    LOG.debug("style {} open on {}", card.style(), opened.device());
    return new FastStyleTransfer(
        card,
        options,
        new GuardedSession(ort, "style transfer " + card.id()),
        input,
        opened.device());
  }

  /** The style name, for example {@code udnie}. */
  @Override
  public String styleId() {
    return card.style();
  }

  /** The card of this instance's style. */
  public FastStyleCard card() {
    return card;
  }

  /** The options this instance was opened with. */
  public FastStyleOptions options() {
    return options;
  }

  /** The device the session actually runs on (the CPU after a PREFER fallback). */
  @Override
  public ExecutionDevice device() {
    return device;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ImageException if the content (after the optional shrink) has a side under {@value
   *     #MIN_SIDE} pixels
   * @throws InferenceException naming the model, the tile's shape and the device if a run fails
   * @throws IllegalStateException if this instance is closed
   */
  @Override
  public StyleResult stylize(RgbImage content, StyleMonitor monitor)
      throws ImageException, InferenceException {
    if (content == null) {
      throw new IllegalArgumentException("content must not be null");
    }
    if (monitor == null) {
      throw new IllegalArgumentException("monitor must not be null (use StyleMonitor.NONE)");
    }
    long start = System.nanoTime();
    int width = content.width();
    int height = content.height();
    byte[] rgb = content.rgb();
    int maxSide = options.maxSide();
    if (maxSide > 0 && Math.max(width, height) > maxSide) {
      double scale = (double) maxSide / Math.max(width, height);
      int w = Math.max(1, (int) Math.round(width * scale));
      int h = Math.max(1, (int) Math.round(height * scale));
      rgb = AreaResampler.shrink(rgb, width, height, w, h);
      width = w;
      height = h;
    }
    if (width < MIN_SIDE || height < MIN_SIDE) {
      throw new ImageException(
          "content image "
              + content.width()
              + "x"
              + content.height()
              + (width != content.width() ? " (shrunk to " + width + "x" + height + ")" : "")
              + " is too small for style "
              + card.style()
              + ": both sides must be at least "
              + MIN_SIDE
              + " pixels");
    }
    TileGrid grid = new TileGrid(width, height, options.tileSize(), options.tileOverlap());
    List<TileGrid.Tile> tiles = grid.tiles();
    Blender blender = new Blender(width, height);
    StyleProgress first = null;
    StyleProgress last = null;
    StyleResult.Outcome outcome = StyleResult.Outcome.COMPLETED;
    int done = 0;
    // One native input buffer for all tiles of this call (they have the same size), so that a run
    // of many tiles does not leave many buffers waiting for the garbage collector.
    TileGrid.Tile largest = tiles.get(0);
    FloatBuffer input =
        ByteBuffer.allocateDirect(3 * largest.width() * largest.height() * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    for (TileGrid.Tile tile : tiles) {
      if (monitor.isCancelled()) {
        outcome = StyleResult.Outcome.CANCELLED;
        break;
      }
      FloatBuffer out = run(rgb, width, tile, input);
      blender.add(tile, out, grid.columnWeights(tile), grid.rowWeights(tile));
      done++;
      last = StyleProgress.withoutCost(done, tiles.size(), since(start));
      if (first == null) {
        first = last;
      }
      monitor.onProgress(last);
    }
    if (last == null) {
      last = StyleProgress.withoutCost(0, tiles.size(), since(start));
      first = last;
    }
    RgbImage image = new RgbImage(width, height, blender.finish(rgb, options.strength()));
    return new StyleResult(image, outcome, done, first, last, since(start));
  }

  /** Runs the network on one tile; returns its planar RGB output. */
  private FloatBuffer run(byte[] rgb, int width, TileGrid.Tile tile, FloatBuffer input)
      throws InferenceException {
    long[] shape = {1, 3, tile.height(), tile.width()};
    pack(rgb, width, tile, input);
    return session.use(
        s -> {
          try (OnnxTensor tensor = OnnxTensor.createTensor(OrtRuntime.environment(), input, shape);
              OrtSession.Result result = s.run(Map.of(inputName, tensor))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] got = output.getInfo().getShape();
            if (!Arrays.equals(got, shape)) {
              throw new InferenceException(
                  "style "
                      + card.id()
                      + " returned "
                      + Arrays.toString(got)
                      + " for input "
                      + Arrays.toString(shape)
                      + " on "
                      + device,
                  null);
            }
            return output.getFloatBuffer();
          } catch (OrtException | ClassCastException e) {
            throw new InferenceException(
                "style "
                    + card.id()
                    + " failed on input "
                    + Arrays.toString(shape)
                    + " on "
                    + device
                    + ": "
                    + e.getMessage(),
                e);
          }
        });
  }

  /** Writes the tile's pixels as NCHW float RGB 0..255 into {@code buffer}, ready to read. */
  private static void pack(byte[] rgb, int width, TileGrid.Tile tile, FloatBuffer buffer) {
    int tw = tile.width();
    int th = tile.height();
    int plane = tw * th;
    buffer.clear();
    for (int y = 0; y < th; y++) {
      int src = ((tile.y() + y) * width + tile.x()) * 3;
      int dst = y * tw;
      for (int x = 0; x < tw; x++) {
        int s = src + x * 3;
        buffer.put(dst + x, rgb[s] & 0xFF);
        buffer.put(plane + dst + x, rgb[s + 1] & 0xFF);
        buffer.put(2 * plane + dst + x, rgb[s + 2] & 0xFF);
      }
    }
    buffer.position(0).limit(3 * plane);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Closes the session once tile runs in flight have finished; idempotent. */
  @Override
  public void close() {
    session.close();
  }

  @Override
  public String toString() {
    return "FastStyleTransfer[" + card.style() + " on " + device + "]";
  }

  /** Cards of every trained style, in {@link #styles()} order. */
  public static List<FastStyleCard> cards() throws ModelException {
    List<FastStyleCard> cards = new ArrayList<>();
    for (String style : styles()) {
      cards.add(card(style));
    }
    return List.copyOf(cards);
  }
}
