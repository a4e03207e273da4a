package dev.pictor.samples;

import dev.pictor.ExecutionDevice;
import dev.pictor.ImageException;
import dev.pictor.InferenceException;
import dev.pictor.ModelException;
import dev.pictor.Pictor;
import dev.pictor.face.EncoderOptions;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.FaceEncoder;
import dev.pictor.face.FaceImage;
import dev.pictor.image.opencv.Images;
import dev.pictor.model.ModelCard;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * What the commands that encode faces share: the {@code --device} option, opening the encoder, and
 * turning image files into embeddings.
 *
 * <p>A picocli mixin: one instance per parsed command line, not thread-safe. The encoder it opens
 * belongs to the caller, who closes it.
 */
final class EncoderMixin {

  @Option(
      names = "--device",
      paramLabel = "cpu|cuda[:N]",
      defaultValue = "cpu",
      converter = DeviceConverter.class,
      description = {
        "Where the network runs (default: ${DEFAULT-VALUE}). cuda[:N] uses CUDA device N"
            + " (default 0) and fails, rather than falling back to the CPU, when it cannot be used"
            + " (it needs the onnxruntime_gpu build: mvn -Pcuda)."
      })
  private ExecutionDevice device;

  /**
   * Opens the default face encoder on the chosen device; the caller closes it.
   *
   * @throws ModelException if the model is missing or corrupt
   */
  FaceEncoder openEncoder() throws ModelException {
    return Pictor.faceEncoder(options());
  }

  private EncoderOptions options() {
    return EncoderOptions.builder().device(device).build();
  }

  /**
   * Reads each file, resizes it to the encoder's input size and encodes it, in input order.
   *
   * <p>Files are read and encoded a batch at a time ({@link EncoderOptions#maxBatchSize()} faces),
   * so memory stays bounded however many files there are; this makes the same session runs as one
   * {@link FaceEncoder#encodeAll} call over all the faces. A progress bar goes to {@code err} for
   * long lists.
   *
   * @throws ImageException naming the first file that cannot be read
   * @throws InferenceException if a run fails
   */
  List<FaceEmbedding> embed(FaceEncoder encoder, List<Path> files, PrintWriter err)
      throws ImageException, InferenceException {
    ModelCard card = encoder.card();
    int batchSize = options().maxBatchSize();
    List<FaceEmbedding> embeddings = new ArrayList<>(files.size());
    try (ProgressBar progress = ProgressBar.start(err, "encoding", files.size())) {
      for (int from = 0; from < files.size(); from += batchSize) {
        List<Path> batch = files.subList(from, Math.min(files.size(), from + batchSize));
        List<FaceImage> faces = new ArrayList<>(batch.size());
        for (Path file : batch) {
          faces.add(Images.toFaceImage(Images.read(file), card.inputWidth(), card.inputHeight()));
        }
        embeddings.addAll(encoder.encodeAll(faces));
        progress.advance(batch.size());
      }
    }
    return embeddings;
  }

  /** Parses {@code cpu}, {@code cuda} and {@code cuda:N}. Stateless. */
  static final class DeviceConverter implements ITypeConverter<ExecutionDevice> {
    @Override
    public ExecutionDevice convert(String value) {
      String text = value.trim().toLowerCase(Locale.ROOT);
      if (text.equals("cpu")) {
        return ExecutionDevice.cpu();
      }
      if (text.equals("cuda")) {
        return ExecutionDevice.requireCuda(0);
      }
      if (text.startsWith("cuda:")) {
        String id = text.substring("cuda:".length());
        if (id.matches("[0-9]{1,4}")) {
          return ExecutionDevice.requireCuda(Integer.parseInt(id));
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a device: use cpu, cuda or cuda:N (N = 0, 1, ...)");
    }
  }
}
