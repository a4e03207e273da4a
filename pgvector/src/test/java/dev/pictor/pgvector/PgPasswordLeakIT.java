package dev.pictor.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password never appears in a log line or an exception: a child JVM ({@link PgVerboseClient})
 * runs with every logger at its most verbose (slf4j-simple at TRACE for Pictor and HikariCP, the
 * PostgreSQL driver's java.util.logging at FINEST), uses a gallery through a URL carrying the
 * password, then fails with a wrong one; neither password is anywhere in its output.
 */
class PgPasswordLeakIT {

  @TempDir Path dir;

  @Test
  void neitherTheRightNorAWrongPasswordIsEverPrinted() throws Exception {
    String password = TestPostgres.password();
    String wrong = "Wr0ngPw" + Long.toHexString(System.nanoTime());
    String url =
        TestPostgres.url()
            .replaceFirst(
                "^jdbc:postgresql://",
                "postgresql://" + TestPostgres.user() + ":" + password + "@");
    Path julConfig = dir.resolve("logging.properties");
    Files.writeString(
        julConfig,
        "handlers=java.util.logging.ConsoleHandler\n"
            + "java.util.logging.ConsoleHandler.level=ALL\n"
            + "org.postgresql.level=FINEST\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-Dorg.slf4j.simpleLogger.log.com.zaxxer.hikari=trace",
                "-Djava.util.logging.config.file=" + julConfig,
                "-cp",
                System.getProperty("java.class.path"),
                PgVerboseClient.class.getName(),
                url,
                wrong,
                TestPostgres.uniqueName("leak"))
            .redirectErrorStream(true)
            .start();
    byte[] bytes = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(bytes, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("child.log"), output);
    assertThat(child.exitValue()).as(output).isZero();
    // The logging really was verbose, and the run did what it should.
    assertThat(output).contains("HikariConfig").contains("FINE").contains("identified:");
    assertThat(output).contains("reason: AUTHENTICATION");
    assertThat(output).contains("holds embeddings of model");
    assertThat(output).doesNotContain(password).doesNotContain(wrong);
  }
}
