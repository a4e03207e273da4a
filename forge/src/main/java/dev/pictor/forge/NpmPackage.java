package dev.pictor.forge;

import dev.pictor.ModelException;
import dev.pictor.onnx.store.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A pinned npm package tarball: fetched once with {@code npm pack} into a cache folder, verified by
 * sha256, and read without unpacking everything. Immutable.
 *
 * @param spec the npm spec, e.g. {@code @vladmandic/face-api@1.7.15}
 * @param sha256 the tarball's expected sha256
 */
public record NpmPackage(String spec, String sha256) {

  private static final long NPM_TIMEOUT_MINUTES = 10;

  /**
   * The verified tarball in {@code cache}, running {@code npm pack} if it is not there yet.
   *
   * @throws ModelException if npm fails or the tarball's sha256 differs
   */
  public Path fetch(Path cache) throws ModelException {
    String fileName = spec.replaceFirst("^@", "").replace('/', '-').replace("@", "-") + ".tgz";
    Path tarball = cache.resolve(fileName);
    try {
      Files.createDirectories(cache);
      if (!Files.isRegularFile(tarball) || !Sha256.of(tarball).equals(sha256)) {
        runNpmPack(cache, tarball);
      }
      String actual = Sha256.of(tarball);
      if (!actual.equals(sha256)) {
        throw new ModelException(
            "npm package "
                + spec
                + " ("
                + tarball
                + ") has sha256 "
                + actual
                + ", expected "
                + sha256);
      }
      return tarball;
    } catch (IOException e) {
      throw new ModelException("cannot fetch npm package " + spec + " into " + cache, e);
    }
  }

  private void runNpmPack(Path cache, Path tarball) throws IOException, ModelException {
    Path scratch = Files.createTempDirectory(cache, "npm-pack");
    ProcessBuilder pb =
        new ProcessBuilder(
                "npm", "pack", spec, "--silent", "--pack-destination", scratch.toString())
            .redirectErrorStream(true);
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new ModelException("npm pack " + spec + " failed: " + log.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException("interrupted while running npm pack " + spec, e);
    }
    try (var files = Files.list(scratch)) {
      Path packed =
          files
              .filter(f -> f.toString().endsWith(".tgz"))
              .findFirst()
              .orElseThrow(() -> new IOException("npm pack wrote no .tgz: " + log.strip()));
      Files.move(packed, tarball, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.delete(scratch);
  }

  /**
   * Copies the named entries (paths inside the tarball, e.g. {@code package/model/x.bin}) of a
   * {@code .tgz} into {@code target}, keeping only their file names.
   *
   * @return file name to extracted path
   * @throws ModelException if an entry is missing or the archive is unreadable
   */
  public static Map<String, Path> extract(Path tgz, Set<String> entries, Path target)
      throws ModelException {
    Map<String, Path> out = new HashMap<>();
    try (InputStream in =
        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz)), 1 << 16)) {
      Files.createDirectories(target);
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        String full = prefix.isEmpty() ? name : prefix + "/" + name;
        long size = Long.parseLong(field(header, 124, 12).trim(), 8);
        long padded = (size + 511) / 512 * 512;
        if (entries.contains(full)) {
          Path file = target.resolve(Path.of(full).getFileName().toString());
          Files.write(file, in.readNBytes(Math.toIntExact(size)));
          out.put(file.getFileName().toString(), file);
          in.skipNBytes(padded - size);
        } else {
          in.skipNBytes(padded);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ModelException("cannot read npm tarball " + tgz, e);
    }
    for (String e : entries) {
      if (!out.containsKey(Path.of(e).getFileName().toString())) {
        throw new ModelException("npm tarball " + tgz + " has no entry " + e);
      }
    }
    return out;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
