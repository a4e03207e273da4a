package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwPairsTest {

  @TempDir Path dir;

  /** The LFW View 1 folder of the shared data (system property {@code pictor.shared.dir}). */
  static Path viewOne() {
    Path shared = Path.of(System.getProperty("pictor.shared.dir", "../../shared"));
    Path view = shared.resolve("data").resolve("lfw-view1");
    assertThat(view).as("LFW View 1 folder (set -Dpictor.shared.dir)").isDirectory();
    return view;
  }

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void readsTheRealViewOneTrainFile() throws IOException {
    LfwPairs pairs = LfwPairs.read(viewOne().resolve("pairsDevTrain.txt"));

    assertThat(pairs.folds()).isEqualTo(1);
    assertThat(pairs.pairsPerClass()).isEqualTo(1100);
    assertThat(pairs.size()).isEqualTo(2200);
    assertThat(pairs.pairs().stream().filter(LfwPairs.Pair::same)).hasSize(1100);
    assertThat(pairs.pairs().get(0))
        .isEqualTo(
            new LfwPairs.Pair(
                "Aaron_Peirsol/Aaron_Peirsol_0001.jpg",
                "Aaron_Peirsol/Aaron_Peirsol_0002.jpg",
                true,
                0,
                2));
    assertThat(pairs.pairs().get(1099).same()).isTrue();
    assertThat(pairs.pairs().get(1100).same()).isFalse();
    assertThat(pairs.pairs().get(2199))
        .isEqualTo(
            new LfwPairs.Pair(
                "Wendy_Kennedy/Wendy_Kennedy_0001.jpg",
                "Zara_Akhmadova/Zara_Akhmadova_0001.jpg",
                false,
                0,
                2201));
  }

  @Test
  void readsTheRealViewOneTestFile() throws IOException {
    LfwPairs pairs = LfwPairs.read(viewOne().resolve("pairsDevTest.txt"));

    assertThat(pairs.folds()).isEqualTo(1);
    assertThat(pairs.size()).isEqualTo(1000);
    assertThat(pairs.fold(0)).isEqualTo(pairs.pairs());
    assertThat(pairs.pairs().get(0))
        .isEqualTo(
            new LfwPairs.Pair(
                "Abdullah_Gul/Abdullah_Gul_0013.jpg",
                "Abdullah_Gul/Abdullah_Gul_0014.jpg",
                true,
                0,
                2));
    assertThat(pairs.pairs().get(999))
        .isEqualTo(
            new LfwPairs.Pair(
                "Todd_Petit/Todd_Petit_0001.jpg",
                "Vicente_Fernandez/Vicente_Fernandez_0003.jpg",
                false,
                0,
                1001));
  }

  @Test
  void everyViewOneImagePathNamesAnExistingFile() throws IOException {
    Path images = viewOne().resolve("images");
    for (String file : List.of("pairsDevTrain.txt", "pairsDevTest.txt")) {
      for (LfwPairs.Pair pair : LfwPairs.read(viewOne().resolve(file)).pairs()) {
        assertThat(images.resolve(pair.firstImage()))
            .as("line %d of %s", pair.line(), file)
            .isRegularFile();
        assertThat(images.resolve(pair.secondImage()))
            .as("line %d of %s", pair.line(), file)
            .isRegularFile();
      }
    }
  }

  @Test
  void readsFoldAfterFold() throws IOException {
    Path file =
        write(
            "pairs.txt",
            "2\t2",
            "Ann\t1\t2",
            "Bob\t3\t4",
            "Ann\t1\tBob\t2",
            "Cid\t5\tDee\t12",
            "Eve 1 3",
            "Fay 2 10",
            "Gus 1 Hal 1",
            "Ivy 7 Joe 8",
            "");

    LfwPairs pairs = LfwPairs.read(file);

    assertThat(pairs.source()).isEqualTo(file);
    assertThat(pairs.folds()).isEqualTo(2);
    assertThat(pairs.pairsPerClass()).isEqualTo(2);
    assertThat(pairs.size()).isEqualTo(8);
    assertThat(pairs.fold(0))
        .extracting(LfwPairs.Pair::same)
        .containsExactly(true, true, false, false);
    assertThat(pairs.fold(1)).extracting(LfwPairs.Pair::fold).containsOnly(1);
    assertThat(pairs.fold(1).get(0))
        .isEqualTo(new LfwPairs.Pair("Eve/Eve_0001.jpg", "Eve/Eve_0003.jpg", true, 1, 6));
    assertThat(pairs.fold(0).get(3))
        .isEqualTo(new LfwPairs.Pair("Cid/Cid_0005.jpg", "Dee/Dee_0012.jpg", false, 0, 5));
    assertThatThrownBy(() -> pairs.fold(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> pairs.pairs().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void imagePathPadsTheNumberToFourDigits() {
    assertThat(LfwPairs.imagePath("George_W_Bush", 7))
        .isEqualTo("George_W_Bush/George_W_Bush_0007.jpg");
    assertThat(LfwPairs.imagePath("X", 530)).isEqualTo("X/X_0530.jpg");
    assertThatThrownBy(() -> LfwPairs.imagePath("X", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LfwPairs.imagePath("../etc", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../etc");
  }

  @Test
  void wrongFieldCountNamesFileAndLine() throws IOException {
    Path file = write("bad.txt", "2", "Ann 1 2", "Bob 1 Cid 2", "Ann 1 Bob 2", "Cid 1 Dee 2");

    assertThatThrownBy(() -> LfwPairs.read(file))
        .isInstanceOfSatisfying(
            LfwPairsFormatException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.line()).isEqualTo(3);
            })
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining("matched pair 2 of 2")
        .hasMessageContaining("got 4 fields");
  }

  @Test
  void mismatchedLineWithThreeFieldsIsRejected() throws IOException {
    Path file = write("bad.txt", "1", "Ann 1 2", "Ann 1 3");

    assertThatThrownBy(() -> LfwPairs.read(file))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining("mismatched pair 1 of 1");
  }

  @Test
  void nonNumericImageNumberIsRejected() throws IOException {
    Path file = write("bad.txt", "1", "Ann 1 two", "Ann 1 Bob 1");

    assertThatThrownBy(() -> LfwPairs.read(file))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(file + ":2: ")
        .hasMessageContaining("'two'");
  }

  @Test
  void imageNumberOutOfRangeIsRejected() throws IOException {
    Path file = write("bad.txt", "1", "Ann 1 2", "Ann 0 Bob 1");

    assertThatThrownBy(() -> LfwPairs.read(file))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining("got 0");
  }

  @Test
  void mismatchedPairOfOnePersonIsRejected() throws IOException {
    Path file = write("bad.txt", "1", "Ann 1 2", "Ann 1 Ann 3");

    assertThatThrownBy(() -> LfwPairs.read(file))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining("names one person twice: Ann");
  }

  @Test
  void nameWithPathSeparatorIsRejected() throws IOException {
    Path file = write("bad.txt", "1", "../x 1 2", "Ann 1 Bob 3");

    assertThatThrownBy(() -> LfwPairs.read(file))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(file + ":2: ")
        .hasMessageContaining("'../x'");
  }

  @Test
  void fileEndingEarlyIsRejected() throws IOException {
    Path file = write("short.txt", "2 1", "Ann 1 2", "Ann 1 Bob 1", "Cid 1 2");

    assertThatThrownBy(() -> LfwPairs.read(file))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(file + ":5: ")
        .hasMessageContaining("file ends early")
        .hasMessageContaining("mismatched pair 1 of 1 in fold 2 of 2");
  }

  @Test
  void extraLinesAreRejectedButTrailingBlankLinesAreNot() throws IOException {
    Path extra = write("extra.txt", "1", "Ann 1 2", "Ann 1 Bob 1", "", "Cid 1 2");
    Path blank = write("blank.txt", "1", "Ann 1 2", "Ann 1 Bob 1", "", "  ");

    assertThatThrownBy(() -> LfwPairs.read(extra))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(extra + ":5: ")
        .hasMessageContaining("after the 2 pairs");
    assertThat(LfwPairs.read(blank).size()).isEqualTo(2);
  }

  @Test
  void badHeadersAreRejected() throws IOException {
    Path three = write("three.txt", "10 300 1");
    Path zero = write("zero.txt", "0");
    Path word = write("word.txt", "ten 300");
    Path empty = dir.resolve("empty.txt");
    Files.createFile(empty);

    assertThatThrownBy(() -> LfwPairs.read(three))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(three + ":1: ")
        .hasMessageContaining("3 fields");
    assertThatThrownBy(() -> LfwPairs.read(zero))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageContaining("pair count must be positive");
    assertThatThrownBy(() -> LfwPairs.read(word))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageContaining("fold count is not an integer: 'ten'");
    assertThatThrownBy(() -> LfwPairs.read(empty))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(empty + ":1: ")
        .hasMessageContaining("empty file");
  }

  @Test
  void invalidUtf8IsRejectedWithItsLine() throws IOException {
    Path file = dir.resolve("latin1.txt");
    Files.write(file, "1\nAnn 1 2\nJos\u00e9 1 Bob 1\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> LfwPairs.read(file))
        .isInstanceOf(LfwPairsFormatException.class)
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void acceptsWindowsLineEndsAndAByteOrderMark() throws IOException {
    Path file = dir.resolve("crlf.txt");
    Files.writeString(file, "\uFEFF1\r\nAnn\t1\t2\r\nAnn\t1\tBob\t1\r\n", StandardCharsets.UTF_8);

    LfwPairs pairs = LfwPairs.read(file);

    assertThat(pairs.pairs())
        .containsExactly(
            new LfwPairs.Pair("Ann/Ann_0001.jpg", "Ann/Ann_0002.jpg", true, 0, 2),
            new LfwPairs.Pair("Ann/Ann_0001.jpg", "Bob/Bob_0001.jpg", false, 0, 3));
  }

  @Test
  void missingFileIsAnIoException() {
    Path missing = dir.resolve("nope.txt");

    assertThatThrownBy(() -> LfwPairs.read(missing))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(LfwPairsFormatException.class)
        .hasMessageContaining("nope.txt");
  }
}
