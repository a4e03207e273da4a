package dev.pictor;

import java.util.List;

/**
 * A model could not be used: missing, corrupt (sha256 mismatch), unreadable or inconsistent with
 * its model card. The message names the file, every place that was searched, the expected sha256
 * and the canonical URL the file can be fetched from.
 */
public class ModelException extends PictorException {
  private static final long serialVersionUID = 1L;

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The model file was found nowhere. */
  public static ModelException missing(
      String modelId, String file, List<String> searched, String expectedSha256, String url) {
    return new ModelException(
        "Model '"
            + modelId
            + "': file '"
            + file
            + "' not found. Looked in: "
            + String.join(", ", searched)
            + ". Expected sha256 "
            + expectedSha256
            + ". Get it from "
            + url
            + " and put it in the model directory (system property pictor.model.dir,"
            + " environment variable PICTOR_MODEL_DIR, or ~/.cache/pictor/models).");
  }

  /** The model file was found but its content is not the expected one. */
  public static ModelException corrupt(
      String modelId,
      String file,
      String location,
      String expectedSha256,
      String actualSha256,
      String url) {
    return new ModelException(
        "Model '"
            + modelId
            + "': file '"
            + file
            + "' at "
            + location
            + " is corrupt or a different version: sha256 is "
            + actualSha256
            + ", expected "
            + expectedSha256
            + ". Replace it with the file from "
            + url
            + ".");
  }
}
