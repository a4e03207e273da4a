package dev.pictor.recognition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The pairs of an LFW pairs file ({@code pairs.txt}, {@code pairsDevTrain.txt}, {@code
 * pairsDevTest.txt}), in file order.
 *
 * <p>The format, whitespace separated (tabs in the published files):
 *
 * <ul>
 *   <li>A header line: either two numbers {@code folds perClass} (View 2, {@code 10 300}), then
 *       fold after fold, each with {@code perClass} matched lines followed by {@code perClass}
 *       mismatched lines; or one number {@code perClass} (View 1, e.g. {@code 1100}), one set of
 *       {@code perClass} matched lines followed by {@code perClass} mismatched lines.
 *   <li>A matched line {@code name n1 n2}: images {@code n1} and {@code n2} of one person.
 *   <li>A mismatched line {@code name1 n1 name2 n2}: two different people.
 * </ul>
 *
 * <p>An image is named by its path relative to the LFW image root, always with {@code /}: {@code
 * <Name>/<Name>_<4-digit n>.jpg}, e.g. {@code Aaron_Peirsol/Aaron_Peirsol_0001.jpg}.
 *
 * <p>Reading is strict: a wrong field count, a non-numeric or out-of-range image number (1 to
 * 9999), a name with a path separator, a mismatched line naming one person twice, a missing line or
 * a non-blank line after the last pair raises {@link LfwPairsFormatException}, an {@link
 * IOException} whose message starts with {@code file:line:}. Blank lines after the last pair are
 * allowed.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class LfwPairs {

  /**
   * One pair of images.
   *
   * @param firstImage path of the first image relative to the LFW root, e.g. {@code
   *     Aaron_Peirsol/Aaron_Peirsol_0001.jpg}
   * @param secondImage path of the second image relative to the LFW root
   * @param same whether the pair is a matched (same person) pair
   * @param fold the 0-based fold it belongs to (always 0 for a single-set file)
   * @param line the 1-based line of the pairs file it was read from
   */
  public record Pair(String firstImage, String secondImage, boolean same, int fold, int line) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if an image is blank, or the fold or line is out of range
     */
    public Pair {
      if (firstImage == null
          || firstImage.isBlank()
          || secondImage == null
          || secondImage.isBlank()) {
        throw new IllegalArgumentException("pair images must not be blank");
      }
      if (fold < 0) {
        throw new IllegalArgumentException("fold must be >= 0, got " + fold);
      }
      if (line < 1) {
        throw new IllegalArgumentException("line must be >= 1, got " + line);
      }
    }
  }

  private static final int MAX_IMAGE_NUMBER = 9999;

  private final Path source;
  private final int folds;
  private final int pairsPerClass;
  private final List<Pair> pairs;

  private LfwPairs(Path source, int folds, int pairsPerClass, List<Pair> pairs) {
    this.source = source;
    this.folds = folds;
    this.pairsPerClass = pairsPerClass;
    this.pairs = Collections.unmodifiableList(pairs);
  }

  /**
   * Reads a pairs file (UTF-8).
   *
   * @throws LfwPairsFormatException if the file does not follow the format; names the file and line
   * @throws IOException if the file cannot be read
   */
  public static LfwPairs read(Path pairsFile) throws IOException {
    Objects.requireNonNull(pairsFile, "pairsFile");
    List<String> lines = decode(pairsFile, Files.readAllBytes(pairsFile));
    if (lines.isEmpty()) {
      throw new LfwPairsFormatException(pairsFile, 1, "empty file, expected a header line");
    }
    String header = lines.get(0);
    String[] fields = fields(header);
    int folds;
    int perClass;
    if (fields.length == 1) {
      folds = 1;
      perClass = positive(pairsFile, 1, fields[0], "pair count");
    } else if (fields.length == 2) {
      folds = positive(pairsFile, 1, fields[0], "fold count");
      perClass = positive(pairsFile, 1, fields[1], "pairs per class");
    } else {
      throw new LfwPairsFormatException(
          pairsFile,
          1,
          "expected a header 'folds pairsPerClass' or 'pairCount', got "
              + fields.length
              + " fields: "
              + excerpt(header));
    }
    long expected = 2L * folds * perClass;
    if (expected > Integer.MAX_VALUE) {
      throw new LfwPairsFormatException(
          pairsFile, 1, "header announces " + expected + " pairs, too many");
    }
    List<Pair> pairs = new ArrayList<>((int) Math.min(expected, lines.size()));
    int index = 1; // 0-based index into lines; the line number is index + 1
    for (int fold = 0; fold < folds; fold++) {
      for (int k = 0; k < 2 * perClass; k++, index++) {
        boolean same = k < perClass;
        String where =
            (same ? "matched" : "mismatched")
                + " pair "
                + (same ? k + 1 : k - perClass + 1)
                + " of "
                + perClass
                + (folds > 1 ? " in fold " + (fold + 1) + " of " + folds : "");
        if (index >= lines.size()) {
          throw new LfwPairsFormatException(
              pairsFile, index + 1, "file ends early: expected the " + where);
        }
        pairs.add(parsePair(pairsFile, index + 1, lines.get(index), same, fold, where));
      }
    }
    for (; index < lines.size(); index++) {
      if (!lines.get(index).isBlank()) {
        throw new LfwPairsFormatException(
            pairsFile,
            index + 1,
            "unexpected line after the "
                + expected
                + " pairs the header announces: "
                + excerpt(lines.get(index)));
      }
    }
    return new LfwPairs(pairsFile, folds, perClass, pairs);
  }

  /**
   * The lines of strict UTF-8 text (line ends {@code \n}, {@code \r\n} or {@code \r}; a leading
   * byte order mark is dropped); a malformed byte is reported with its line.
   */
  private static List<String> decode(Path file, byte[] bytes) throws LfwPairsFormatException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int line = 1;
      for (int k = 0; k < in.position(); k++) {
        if (bytes[k] == '\n') {
          line++;
        }
      }
      throw new LfwPairsFormatException(file, line, "not valid UTF-8 text");
    }
    out.flip();
    String text = out.toString();
    // A byte order mark is not part of the header.
    return (text.startsWith("\uFEFF") ? text.substring(1) : text).lines().toList();
  }

  private static Pair parsePair(
      Path file, int line, String text, boolean same, int fold, String where)
      throws LfwPairsFormatException {
    String[] fields = fields(text);
    if (same) {
      if (fields.length != 3) {
        throw new LfwPairsFormatException(
            file,
            line,
            "expected the "
                + where
                + " as 'name n1 n2', got "
                + fields.length
                + " fields: "
                + excerpt(text));
      }
      String name = name(file, line, fields[0]);
      return new Pair(
          imagePath(name, number(file, line, fields[1])),
          imagePath(name, number(file, line, fields[2])),
          true,
          fold,
          line);
    }
    if (fields.length != 4) {
      throw new LfwPairsFormatException(
          file,
          line,
          "expected the "
              + where
              + " as 'name1 n1 name2 n2', got "
              + fields.length
              + " fields: "
              + excerpt(text));
    }
    String first = name(file, line, fields[0]);
    String second = name(file, line, fields[2]);
    if (first.equals(second)) {
      throw new LfwPairsFormatException(
          file, line, "the " + where + " names one person twice: " + first);
    }
    return new Pair(
        imagePath(first, number(file, line, fields[1])),
        imagePath(second, number(file, line, fields[3])),
        false,
        fold,
        line);
  }

  /**
   * The path of image {@code number} of {@code name}, relative to the LFW root: {@code
   * <name>/<name>_<4-digit number>.jpg}.
   *
   * @throws IllegalArgumentException if the name is blank or holds a path separator, or the number
   *     lies outside 1 to 9999
   */
  public static String imagePath(String name, int number) {
    if (name == null || name.isBlank() || !validName(name)) {
      throw new IllegalArgumentException("not an LFW person name: '" + name + "'");
    }
    if (number < 1 || number > MAX_IMAGE_NUMBER) {
      throw new IllegalArgumentException(
          "LFW image number must lie in 1.." + MAX_IMAGE_NUMBER + ", got " + number);
    }
    return String.format(Locale.ROOT, "%s/%s_%04d.jpg", name, name, number);
  }

  private static boolean validName(String name) {
    return name.indexOf('/') < 0
        && name.indexOf('\\') < 0
        && !name.equals(".")
        && !name.equals("..")
        && name.chars().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c));
  }

  private static String name(Path file, int line, String field) throws LfwPairsFormatException {
    if (!validName(field)) {
      throw new LfwPairsFormatException(file, line, "not a usable person name: " + excerpt(field));
    }
    return field;
  }

  private static int number(Path file, int line, String field) throws LfwPairsFormatException {
    int value;
    try {
      value = Integer.parseInt(field);
    } catch (NumberFormatException e) {
      throw new LfwPairsFormatException(
          file, line, "image number is not an integer: " + excerpt(field), e);
    }
    if (value < 1 || value > MAX_IMAGE_NUMBER) {
      throw new LfwPairsFormatException(
          file, line, "image number must lie in 1.." + MAX_IMAGE_NUMBER + ", got " + value);
    }
    return value;
  }

  private static int positive(Path file, int line, String field, String what)
      throws LfwPairsFormatException {
    int value;
    try {
      value = Integer.parseInt(field);
    } catch (NumberFormatException e) {
      throw new LfwPairsFormatException(
          file, line, what + " is not an integer: " + excerpt(field), e);
    }
    if (value < 1) {
      throw new LfwPairsFormatException(file, line, what + " must be positive, got " + value);
    }
    return value;
  }

  private static String[] fields(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  private static String excerpt(String text) {
    String stripped = text.strip();
    return stripped.length() <= 80
        ? "'" + stripped + "'"
        : "'" + stripped.substring(0, 80) + "...'";
  }

  /** The file these pairs were read from. */
  public Path source() {
    return source;
  }

  /** Number of folds: 10 for View 2 {@code pairs.txt}, 1 for a single-set file. */
  public int folds() {
    return folds;
  }

  /** Matched pairs per fold, which is also the number of mismatched pairs per fold. */
  public int pairsPerClass() {
    return pairsPerClass;
  }

  /** Every pair, in file order. Unmodifiable. */
  public List<Pair> pairs() {
    return pairs;
  }

  /** Number of pairs. */
  public int size() {
    return pairs.size();
  }

  /**
   * The pairs of one fold, in file order. Unmodifiable.
   *
   * @param fold 0-based fold index
   * @throws IndexOutOfBoundsException if there is no such fold
   */
  public List<Pair> fold(int fold) {
    Objects.checkIndex(fold, folds);
    int perFold = 2 * pairsPerClass;
    return pairs.subList(fold * perFold, (fold + 1) * perFold);
  }

  @Override
  public String toString() {
    return "LfwPairs[" + source + ", folds=" + folds + ", pairs=" + pairs.size() + "]";
  }
}
