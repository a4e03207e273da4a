package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pictor.ImageException;
import dev.pictor.image.RgbImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Mutated and truncated files of every format either decode to a sane image or are refused with an
 * {@link ImageException}: no other exception, no hang, no crash of the JVM.
 *
 * <p>The mutations are seeded; {@code -Dpictor.fuzz.seed=N} and {@code -Dpictor.fuzz.cases=N} run
 * other or more of them. A failure names the case, which the seed reproduces.
 */
class ImageFuzzTest {
  private static final long DEFAULT_SEED = 20_240_917L;
  private static final int DEFAULT_CASES = 400;
  private static final Duration PER_CASE = Duration.ofSeconds(10);

  /** Small enough that a mutated size field cannot make one case slow. */
  private static final ImageReadOptions OPTIONS =
      ImageReadOptions.builder().maxPixels(4_000_000).build();

  @Test
  void mutatedFilesDecodeOrAreRefusedCleanly() throws Exception {
    long seed = Long.getLong("pictor.fuzz.seed", DEFAULT_SEED);
    int count = Integer.getInteger("pictor.fuzz.cases", DEFAULT_CASES);
    List<FuzzCorpus.Sample> originals = FuzzCorpus.originals();
    for (FuzzCorpus.Sample original : originals) {
      assertThat(decode(original)).as("unmutated %s", original.description()).isTrue();
    }
    List<FuzzCorpus.Sample> mutants = FuzzCorpus.mutants(originals, seed, count);

    int decoded = 0;
    Map<String, Integer> refusals = new TreeMap<>();
    for (FuzzCorpus.Sample mutant : mutants) {
      boolean ok =
          assertTimeoutPreemptively(
              PER_CASE, () -> decode(mutant), () -> mutant.description() + " did not finish");
      if (ok) {
        decoded++;
      } else {
        refusals.merge(extension(mutant), 1, Integer::sum);
      }
    }

    System.out.printf(
        "fuzz seed %d: %d cases, %d decoded, refused by format %s%n",
        seed, mutants.size(), decoded, refusals);
    assertThat(mutants).hasSizeGreaterThanOrEqualTo(Math.min(count, 200));
    // A fuzz run that only ever decodes, or only ever refuses, exercised one path only.
    assertThat(decoded).isPositive();
    assertThat(refusals.values().stream().mapToInt(Integer::intValue).sum()).isPositive();
  }

  /**
   * Decodes {@code sample}: true for a sane image, false for an {@link ImageException} naming the
   * input; anything else fails.
   */
  static boolean decode(FuzzCorpus.Sample sample) {
    String name = "fuzz input";
    try {
      RgbImage image = Images.decode(sample.bytes(), name, OPTIONS);
      assertThat(image.width()).as(sample.description()).isPositive();
      assertThat((long) image.width() * image.height())
          .as(sample.description())
          .isLessThanOrEqualTo(OPTIONS.maxPixels());
      return true;
    } catch (ImageException e) {
      assertThat(e.getMessage()).as(sample.description()).startsWith(name + ": ");
      return false;
    } catch (RuntimeException | Error e) {
      throw new AssertionError(sample.description() + " threw " + e, e);
    }
  }

  private static String extension(FuzzCorpus.Sample sample) {
    String description = sample.description();
    int colon = description.indexOf(": ");
    String file = description.substring(colon + 2).split(",")[0];
    return file.substring(file.lastIndexOf('.') + 1);
  }
}
