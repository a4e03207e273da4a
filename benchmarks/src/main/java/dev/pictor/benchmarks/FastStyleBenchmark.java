package dev.pictor.benchmarks;

import dev.pictor.face.FaceImage;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.style.fast.FastStyleOptions;
import dev.pictor.style.fast.FastStyleTransfer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Feed-forward style transfer ({@code udnie}) of a square photo, on the CPU with 2 threads per run:
 * the whole {@code stylize} call (packing, one network run, blending, rounding). At 1024 the photo
 * is one tile (the default tile size is 1024). The content is {@code tubingen.jpg} resized to
 * {@code size x size}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class FastStyleBenchmark {
  @Param({"512", "1024"})
  public int size;

  private FastStyleTransfer transfer;
  private RgbImage content;

  /** Opens the transfer (model directory: {@code -Dpictor.model.dir}, else ../shared/models). */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path shared = Path.of(System.getProperty("pictor.shared.dir", "../shared"));
    content = square(Images.read(shared.resolve("data/style/content/tubingen.jpg")), size);
    transfer =
        FastStyleTransfer.open(
            FastStyleOptions.builder("udnie")
                .intraOpThreads(2)
                .modelDirectory(shared.resolve("models"))
                .build());
  }

  /** Closes the transfer. */
  @TearDown(Level.Trial)
  public void tearDown() {
    transfer.close();
  }

  /** One stylisation of the whole image. */
  @Benchmark
  public RgbImage stylize() throws Exception {
    return transfer.stylize(content);
  }

  /** {@code image} resized (OpenCV, area or linear) to {@code side x side}, rounded to bytes. */
  static RgbImage square(RgbImage image, int side) {
    FaceImage resized = Images.toFaceImage(image, side, side);
    float[] rgb = resized.rgb();
    byte[] bytes = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      bytes[i] = (byte) Math.round(rgb[i]);
    }
    return new RgbImage(side, side, bytes);
  }
}
