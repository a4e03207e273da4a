package dev.pictor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Runs the example programs in-process (their {@code run} method: {@code main} is {@code
 * System.exit(run(args))}) on LFW View 1 photos, capturing what they print.
 */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class ExamplesIT {

  @TempDir Path temp;

  /** What one run printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  private static Run run(ToIntFunction<String[]> program, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(capturedOut, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(capturedErr, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      code = program.applyAsInt(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Run(
        code,
        capturedOut.toString(StandardCharsets.UTF_8),
        capturedErr.toString(StandardCharsets.UTF_8));
  }

  private static Path lfw(String name, int n) {
    Path images =
        Path.of(System.getProperty("pictor.shared.dir", "../../shared"), "data/lfw-view1/images");
    return images.resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name, n));
  }

  private static Path starryNight() {
    return Path.of(
        System.getProperty("pictor.shared.dir", "../../shared"),
        "data/style/style/starry_night.jpg");
  }

  @Test
  void verifyTwoPhotosAnswersWithTheExitCode() {
    String gul13 = lfw("Abdullah_Gul", 13).toString();

    Run same = run(VerifyTwoPhotos::run, gul13, lfw("Abdullah_Gul", 14).toString());
    Run different = run(VerifyTwoPhotos::run, gul13, lfw("AJ_Lamas", 1).toString());
    Run noFace = run(VerifyTwoPhotos::run, gul13, starryNight().toString());
    Run usage = run(VerifyTwoPhotos::run, gul13);

    assertThat(same.exitCode()).as(same.err()).isZero();
    assertThat(same.out()).matches("distance 0\\.\\d{4}, threshold 0\\.\\d\\d: same person\\n");
    assertThat(different.exitCode()).as(different.err()).isEqualTo(1);
    assertThat(different.out()).endsWith(": different people\n");
    assertThat(noFace.exitCode()).isEqualTo(2);
    assertThat(noFace.err()).contains(starryNight().toString()).contains("no face found");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).startsWith("usage: VerifyTwoPhotos");
  }

  @Test
  void enrollAndRecogniseNamesAnEnrolledPersonAndNotAStranger() throws Exception {
    Path people = temp.resolve("people");
    for (String name : List.of("Abdullah_Gul", "Al_Pacino", "Alan_Greenspan")) {
      Files.createDirectories(people.resolve(name));
    }
    copy(lfw("Abdullah_Gul", 13), people.resolve("Abdullah_Gul"));
    copy(lfw("Al_Pacino", 1), people.resolve("Al_Pacino"));
    copy(lfw("Alan_Greenspan", 1), people.resolve("Alan_Greenspan"));
    // A photo without a face is skipped with a message; the person's other photo counts.
    copy(starryNight(), people.resolve("Alan_Greenspan"));
    Run known = run(EnrollAndRecognise::run, gallery("1"), people.toString(), probe("Al_Pacino"));
    Run stranger = run(EnrollAndRecognise::run, gallery("2"), people.toString(), probe("AJ_Lamas"));
    Run noFace =
        run(EnrollAndRecognise::run, gallery("3"), people.toString(), starryNight().toString());

    assertThat(known.exitCode()).as(known.err()).isZero();
    assertThat(known.out()).startsWith("Al_Pacino [Candidate[name=Al_Pacino, distance=0.");
    assertThat(known.err()).contains("no face, skipped: ").contains("starry_night.jpg");
    assertThat(stranger.exitCode()).as(stranger.err()).isEqualTo(1);
    assertThat(stranger.out()).startsWith("UNKNOWN [Candidate[");
    assertThat(noFace.exitCode()).isEqualTo(2);
    assertThat(noFace.err()).contains("no face found in");
  }

  private String gallery(String n) {
    return temp.resolve("gallery" + n + ".db").toString();
  }

  private static String probe(String name) {
    return lfw(name, name.equals("AJ_Lamas") ? 1 : 2).toString();
  }

  private static void copy(Path file, Path folder) throws Exception {
    Files.copy(file, folder.resolve(file.getFileName()));
  }
}
