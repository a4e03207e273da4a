package dev.pictor.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The consumer project run by the invoker is the README's Quick start: the same dependencies and,
 * between its README markers, the same code (compared line by line, leading blanks ignored). The
 * Quick start's first xml block is the dependency list, its first two java blocks the code.
 */
class ReadmeMatchesConsumerTest {
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  private final Path consumer = Path.of(System.getProperty("pictor.consumer.dir"));

  private String quickStart() throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("pictor.readme")));
    int start = readme.indexOf("## Quick start in Java");
    assertThat(start).as("README section 'Quick start in Java'").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static List<String> blocks(String markdown, String language) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static List<String> artifacts(String xml) {
    List<String> ids = new ArrayList<>();
    Matcher m = ARTIFACT.matcher(xml);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  private static String normalised(String code) {
    return code.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }

  private static String between(String source, String begin, String end) {
    int from = source.indexOf(begin);
    int to = source.indexOf(end);
    assertThat(from).as(begin).isNotNegative();
    assertThat(to).as(end).isGreaterThan(from);
    return source.substring(source.indexOf('\n', from) + 1, to);
  }

  @Test
  void theConsumerDependsOnExactlyWhatTheReadmeLists() throws IOException {
    List<String> xml = blocks(quickStart(), "xml");
    assertThat(xml).as("xml blocks of the Quick start").isNotEmpty();
    String pom = Files.readString(consumer.resolve("pom.xml"));
    String pomDependencies =
        pom.substring(pom.indexOf("<dependencyManagement>"), pom.indexOf("<build>"));
    assertThat(artifacts(pomDependencies)).isEqualTo(artifacts(xml.get(0)));
    assertThat(artifacts(xml.get(0))).startsWith("pictor-bom").contains("pictor-style-models");
  }

  @Test
  void theConsumerRunsTheReadmeCode() throws IOException {
    List<String> java = blocks(quickStart(), "java");
    assertThat(java)
        .as("java blocks of the Quick start: faces, then style")
        .hasSizeGreaterThanOrEqualTo(2);
    String source = Files.readString(consumer.resolve("src/main/java/example/QuickStart.java"));
    assertThat(normalised(between(source, "// README faces begin", "// README faces end")))
        .isEqualTo(normalised(java.get(0)));
    assertThat(normalised(between(source, "// README style begin", "// README style end")))
        .isEqualTo(normalised(java.get(1)));
  }
}
