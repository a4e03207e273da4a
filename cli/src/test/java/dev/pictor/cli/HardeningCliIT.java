package dev.pictor.cli;

import static dev.pictor.cli.Cli.pictor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.cli.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pictor} command line against careless or hostile input: exit codes that never say
 * "yes" without a verdict, bounded work, batches that survive one bad file, output that cannot
 * drive the terminal, outputs checked before the work.
 */
class HardeningCliIT {
  @TempDir Path temp;

  private static String gul(int n) {
    return Cli.lfw("Abdullah_Gul", n).toString();
  }

  private static String other() {
    return Cli.lfw("Aaron_Peirsol", 1).toString();
  }

  // --- exit codes ------------------------------------------------------------------------------

  @Test
  void verifyOfMoreThanTwoImagesIsAUsageErrorNotAYes() {
    Run run = pictor("verify", gul(13), other(), gul(13), gul(13));

    assertThat(run.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(run.err()).contains("verify takes exactly two images, got 4");
    assertThat(run.out()).doesNotContain("same person");
  }

  // --- bounded work ----------------------------------------------------------------------------

  @Test
  void threadCountsAboveTheBoundAreRefused() {
    Run run =
        pictor(
            "stylize",
            "--model",
            "udnie",
            "--threads",
            "100000",
            "--content",
            Cli.data().resolve("style/content/tubingen.jpg").toString(),
            "--out",
            temp.resolve("x.png").toString());

    assertThat(run.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(run.err()).contains("--threads must be within 0..256");
    assertThat(temp.resolve("x.png")).doesNotExist();
  }

  @Test
  void detectionsPerPhotoAreCapped() {
    String group = Cli.data().resolve("faces-tv/groups/bbt4.jpg").toString();
    Run all = pictor("embed", "--threshold-score", "0", "--max-faces", "3", group);
    Run beyond = pictor("embed", "--max-faces", "10001", group);

    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out().lines().filter(l -> l.contains("  face "))).hasSize(3);
    assertThat(all.err()).contains("only the 3 best faces are kept (--max-faces N)");
    assertThat(beyond.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(beyond.err()).contains("--max-faces must be within 1..10000");
  }

  // --- batches ---------------------------------------------------------------------------------

  @Test
  void embedGoesOnPastAnUnreadableFileAndSaysSomeInputsFailed() throws Exception {
    Path broken = Files.write(temp.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});

    Run run = pictor("embed", gul(13), broken.toString(), gul(14));

    assertThat(run.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(run.out()).contains(gul(13) + "  face 1").contains(gul(14) + "  face 1");
    assertThat(run.out()).contains(broken + "  not read");
    assertThat(run.err()).contains("pictor: skipped " + broken);
    assertThat(run.err()).contains("some inputs failed: 1 of 3 could not be used");
  }

  @Test
  void compareOfSeveralImagesComparesTheReadableOnes() throws Exception {
    Path missing = temp.resolve("missing.jpg");

    Run run = pictor("compare", gul(13), missing.toString(), gul(14), other());

    assertThat(run.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(run.out()).contains("[3] " + other());
    assertThat(run.out()).doesNotContain("[4]");
    assertThat(run.err()).contains("skipped " + missing).contains("1 of 4 could not be used");
  }

  @Test
  void identifyGoesOnPastAnUnreadableFile() throws Exception {
    Path gallery = temp.resolve("g.db");
    Run enrolled = pictor("enroll", "--gallery", gallery.toString(), "--name", "Gul", gul(13));
    assertThat(enrolled.exitCode()).as(enrolled.err()).isZero();
    Path empty = Files.createFile(temp.resolve("empty.png"));

    Run run = pictor("identify", "--gallery", gallery.toString(), empty.toString(), gul(14));

    assertThat(run.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(run.out()).contains(gul(14)).contains("Gul");
    assertThat(run.err()).contains("skipped " + empty).contains("1 of 2 could not be used");
  }

  // --- names and terminal output -------------------------------------------------------------

  @Test
  void controlCharactersAreEscapedInMessages() {
    Path gallery = temp.resolve("none.db");
    String name = "\u001b]0;pwned\u0007\u001b[2J";

    Run run = pictor("gallery", "remove", "--gallery", gallery.toString(), name);

    assertThat(run.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(run.err() + run.out()).doesNotContain("\u001b").doesNotContain("\u0007");
    Run missing = pictor("embed", temp.resolve("a\u001b[2Jb.jpg").toString());
    assertThat(missing.err()).contains("a\\x1b[2Jb.jpg").doesNotContain("\u001b");
  }

  @Test
  void theReservedWordAndBidiControlsAreNotNames() {
    Path gallery = temp.resolve("g.db");

    Run unknown = pictor("enroll", "--gallery", gallery.toString(), "--name", "Unknown", gul(13));
    Run bidi = pictor("enroll", "--gallery", gallery.toString(), "--name", "ali\u202Ece", gul(13));

    assertThat(unknown.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(unknown.err()).contains("what pictor identify prints for a stranger");
    assertThat(bidi.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(bidi.err()).contains("bidirectional").doesNotContain("\u202E");
  }

  // --- outputs and options checked first ----------------------------------------------------

  @Test
  void anUnwritableOutputIsFoundBeforeTheWork() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("out.png"));

    Run run =
        pictor(
            "stylize",
            "--model",
            "udnie",
            "--content",
            Cli.data().resolve("style/content/tubingen.jpg").toString(),
            "--out",
            folder.toString());
    Run roc =
        pictor(
            "evaluate",
            "lfw",
            "--images",
            Cli.lfwView1().resolve("images").toString(),
            "--pairs",
            Cli.lfwView1().resolve("pairsDevTest.txt").toString(),
            "--roc",
            temp.resolve("no/such/folder/roc.png").toString());

    assertThat(run.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(run.err()).contains("cannot write --out " + folder + ": it is a folder");
    assertThat(roc.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(roc.err()).contains("cannot write --roc").contains("does not exist");
    assertThat(roc.out()).doesNotContain("accuracy");
  }

  @Test
  void gatysOptionsAreRefusedWithATrainedStyle() {
    Run run =
        pictor(
            "stylize",
            "--model",
            "udnie",
            "--alpha",
            "NaN",
            "--iterations",
            "-1",
            "--content",
            Cli.data().resolve("style/content/tubingen.jpg").toString(),
            "--out",
            temp.resolve("x.png").toString());

    assertThat(run.exitCode()).isEqualTo(PictorCli.USAGE);
    assertThat(run.err()).contains("only apply to --style").contains("--alpha");
  }

  @Test
  void aPairClassifierWithTheWrongNumberOfWeightsIsBadInputNamingTheFile() throws Exception {
    Path file = temp.resolve("short.json");
    Files.writeString(
        file,
        "{\"format\":\"pictor-pair-classifier\",\"version\":1,\"encoderModelId\":\"face-resnet128\","
            + "\"feature\":\"ABS_DIFF\",\"weights\":[0.5,0.25,1.0],\"bias\":0.1,\"lambda\":0.001,"
            + "\"trainedOn\":\"test\",\"trainPairs\":2,\"trainLogLoss\":0.5}");

    Run run = pictor("verify", "--pair-classifier", file.toString(), gul(13), gul(14));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(PictorCli.USAGE);
    assertThat(run.err()).contains(file.toString());
  }
}
