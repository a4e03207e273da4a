package dev.pictor.learning;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pooled trunk features of labelled face images: one {@code float[dim]} per image, named by its
 * path relative to the image root ({@code <Person>/<Person>_0001.jpg}); the person is the first
 * path element. Made by {@link FeatureExtractor}, cached with {@link #write} / {@link #read}.
 *
 * <p>Immutable (arrays are copied in and out); safe to share between threads.
 */
public final class FeatureSet {
  private static final int MAGIC = 0x50464654; // "PFFT"
  private static final int VERSION = 1;

  private final String parentModelId;
  private final String parentSha256;
  private final int dim;
  private final List<String> images;
  private final float[][] features;
  private final Map<String, Integer> index = new HashMap<>();

  /**
   * @param parentModelId id of the encoder whose trunk made the features
   * @param parentSha256 sha256 of that encoder's file
   * @param images image names, unique, each {@code <Person>/<file>}
   * @param features one row per image, all of one length
   * @throws IllegalArgumentException on a count mismatch, ragged or non-finite rows, duplicate or
   *     person-less names
   */
  public FeatureSet(
      String parentModelId, String parentSha256, List<String> images, float[][] features) {
    if (images.size() != features.length) {
      throw new IllegalArgumentException(
          images.size() + " image names for " + features.length + " feature rows");
    }
    this.parentModelId = parentModelId;
    this.parentSha256 = parentSha256;
    this.images = List.copyOf(images);
    this.dim = features.length == 0 ? 0 : features[0].length;
    this.features = new float[features.length][];
    for (int i = 0; i < features.length; i++) {
      if (features[i].length != dim) {
        throw new IllegalArgumentException(
            "feature row of "
                + images.get(i)
                + " has "
                + features[i].length
                + " values, not "
                + dim);
      }
      for (float v : features[i]) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("feature row of " + images.get(i) + " is not finite");
        }
      }
      String name = images.get(i);
      if (name.indexOf('/') <= 0) {
        throw new IllegalArgumentException("image name '" + name + "' lacks a person folder");
      }
      if (index.put(name, i) != null) {
        throw new IllegalArgumentException("image '" + name + "' appears twice");
      }
      this.features[i] = features[i].clone();
    }
  }

  /** Id of the encoder whose trunk made the features. */
  public String parentModelId() {
    return parentModelId;
  }

  /** sha256 of that encoder's file. */
  public String parentSha256() {
    return parentSha256;
  }

  /** Length of a feature row. */
  public int dim() {
    return dim;
  }

  /** Number of images. */
  public int size() {
    return images.size();
  }

  /** Image names, in row order. */
  public List<String> images() {
    return images;
  }

  /** The person of row {@code i} (the first path element of its name). */
  public String person(int i) {
    String name = images.get(i);
    return name.substring(0, name.indexOf('/'));
  }

  /** Whether the set holds image {@code name}. */
  public boolean contains(String name) {
    return index.containsKey(name);
  }

  /** A copy of the features of image {@code name}. */
  public float[] features(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no features for image '" + name + "'");
    }
    return features[i].clone();
  }

  /** A copy of row {@code i}. */
  public float[] row(int i) {
    return features[i].clone();
  }

  /** The rows of the images of the given people, in row order. */
  public FeatureSet ofPeople(Collection<String> people) {
    Set<String> wanted = Set.copyOf(people);
    List<String> names = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      if (wanted.contains(person(i))) {
        names.add(images.get(i));
        rows.add(features[i]);
      }
    }
    return new FeatureSet(parentModelId, parentSha256, names, rows.toArray(float[][]::new));
  }

  /** Number of images of each person, in order of first appearance. */
  public Map<String, Integer> imagesPerPerson() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < size(); i++) {
      counts.merge(person(i), 1, Integer::sum);
    }
    return counts;
  }

  /** Writes the set to {@code file} (binary, via a temporary file and a rename). */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(parentModelId);
      out.writeUTF(parentSha256);
      out.writeInt(size());
      out.writeInt(dim);
      for (int i = 0; i < size(); i++) {
        out.writeUTF(images.get(i));
        for (float v : features[i]) {
          out.writeFloat(v);
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads a set written by {@link #write}.
   *
   * @throws IOException naming the file if it is not such a set or is truncated
   */
  public static FeatureSet read(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file + " is not a Pictor feature set (version " + VERSION + ")");
      }
      String parent = in.readUTF();
      String sha = in.readUTF();
      int n = in.readInt();
      int dim = in.readInt();
      if (n < 0 || dim < 0 || (long) n * dim > 100_000_000L) {
        throw new IOException(file + ": implausible size " + n + " x " + dim);
      }
      List<String> names = new ArrayList<>(n);
      float[][] rows = new float[n][dim];
      for (int i = 0; i < n; i++) {
        names.add(in.readUTF());
        for (int k = 0; k < dim; k++) {
          rows[i][k] = in.readFloat();
        }
      }
      return new FeatureSet(parent, sha, names, rows);
    } catch (EOFException e) {
      throw new IOException(file + " is truncated", e);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
