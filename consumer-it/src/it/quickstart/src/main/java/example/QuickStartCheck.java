package example;

import dev.pictor.image.RgbImage;
import dev.pictor.image.opencv.Images;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link QuickStart} on real photos with no model directory and checks what it printed and
 * wrote; exits with 1 on the first failed check. Argument: the shared data folder.
 */
public final class QuickStartCheck {
  private static final List<String> TEST_LIBRARIES =
      List.of("junit", "assertj", "opentest4j", "apiguardian", "hamcrest", "mockito", "testng");

  private QuickStartCheck() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    check(
        System.getProperty("pictor.model.dir") == null,
        "pictor.model.dir is set: " + System.getProperty("pictor.model.dir"));
    String env = System.getenv("PICTOR_MODEL_DIR");
    check(env == null || env.isBlank(), "PICTOR_MODEL_DIR is set: " + env);
    Path home = Path.of(System.getProperty("user.home"));
    check(
        !Files.exists(home.resolve(".cache/pictor/models")),
        "a model directory exists in the home folder " + home);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString().toLowerCase(Locale.ROOT);
      for (String banned : TEST_LIBRARIES) {
        check(!name.contains(banned), "test library on the runtime class path: " + entry);
      }
    }

    Files.copy(
        data.resolve("faces-tv/people/sheldon/sheldon1.png"),
        Path.of("sheldon.png"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        data.resolve("faces-tv/groups/bbt4.jpg"),
        Path.of("group.jpg"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        data.resolve("style/content/tubingen.jpg"),
        Path.of("photo.jpg"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(Path.of("people.db"));

    PrintStream console = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      QuickStart.faces();
    } finally {
      System.setOut(console);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    console.print(output);
    List<String> lines = Arrays.asList(output.strip().split("\n"));
    check(lines.size() == 6, "expected the 6 faces of bbt4.jpg, got " + lines.size() + " lines");
    long sheldons = lines.stream().filter(l -> l.startsWith("Sheldon [")).count();
    long unknown = lines.stream().filter(l -> l.startsWith("UNKNOWN [")).count();
    check(sheldons == 1, "expected Sheldon once among the faces, got " + sheldons);
    check(unknown == 5, "expected the 5 other people UNKNOWN, got " + unknown);

    QuickStart.style();
    RgbImage photo = Images.read(Path.of("photo.jpg"));
    RgbImage styled = Images.read(Path.of("photo-udnie.png"));
    check(
        styled.width() == 512 && styled.height() == 384,
        "expected a 512x384 picture, got " + styled.width() + "x" + styled.height());
    check(photo.width() == 1024, "tubingen.jpg should be 1024 wide, is " + photo.width());
    console.println("quick start ok: faces and style, no model directory");
  }

  private static void check(boolean ok, String failure) {
    if (!ok) {
      System.err.println("QUICK START CHECK FAILED: " + failure);
      System.exit(1);
    }
  }
}
