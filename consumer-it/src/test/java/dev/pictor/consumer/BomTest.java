package dev.pictor.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM has no parent; its hand-kept versions must follow the build's. */
class BomTest {
  private final Path root = Path.of(System.getProperty("pictor.readme")).getParent();

  private static String first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as(pattern.pattern()).isTrue();
    return m.group(1);
  }

  @Test
  void theBomFollowsTheParentsVersionsAndModules() throws IOException {
    String parent = Files.readString(root.resolve("pom.xml"));
    String bom = Files.readString(root.resolve("bom/pom.xml"));
    Pattern version = Pattern.compile("<artifactId>pictor-parent</artifactId>\\s*<version>([^<]+)");
    assertThat(
            first(Pattern.compile("<artifactId>pictor-bom</artifactId>\\s*<version>([^<]+)"), bom))
        .isEqualTo(first(version, parent));
    assertThat(
            first(
                Pattern.compile("<artifactId>onnxruntime_gpu</artifactId>\\s*<version>([^<]+)"),
                bom))
        .isEqualTo(first(Pattern.compile("<onnxruntime.version>([^<]+)<"), parent));
    String managed = parent.substring(parent.indexOf("<dependencyManagement>"));
    Matcher pictor =
        Pattern.compile("<groupId>dev.pictor</groupId>\\s*<artifactId>([^<]+)</artifactId>")
            .matcher(managed);
    int count = 0;
    while (pictor.find()) {
      assertThat(bom).as("BOM manages " + pictor.group(1)).contains(pictor.group(1));
      count++;
    }
    assertThat(count).isGreaterThanOrEqualTo(8);
  }
}
