package dev.pictor.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the tests, as started by {@code tools/postgres/test-postgres.sh run}:
 * its URL, user and password come from {@code PICTOR_TEST_PG_URL}, {@code PICTOR_TEST_PG_USER} and
 * {@code PICTOR_TEST_PG_PASSWORD}. Without a URL the PostgreSQL tests are skipped, unless {@code
 * CI=true} or {@code PICTOR_TEST_PG_REQUIRED=true}, where they fail: in CI they must run.
 */
final class TestPostgres {

  private TestPostgres() {}

  /** The server's URL (no credentials), or the test is skipped or failed (see the class doc). */
  static String url() {
    String url = System.getenv("PICTOR_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      String why =
          "no PostgreSQL test server: run the tests through tools/postgres/test-postgres.sh run"
              + " (PICTOR_TEST_PG_URL is not set)";
      if (required()) {
        Assertions.fail(
            why + "; PostgreSQL tests are required here (CI or PICTOR_TEST_PG_REQUIRED)");
      }
      Assumptions.abort(why);
    }
    return url;
  }

  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("CI"))
        || "true".equalsIgnoreCase(System.getenv("PICTOR_TEST_PG_REQUIRED"));
  }

  static String user() {
    url();
    return System.getenv("PICTOR_TEST_PG_USER");
  }

  static String password() {
    url();
    return System.getenv("PICTOR_TEST_PG_PASSWORD");
  }

  /** Settings for the test database with the right credentials and short timeouts. */
  static PgSettings.Builder settings() {
    return PgSettings.builder()
        .url(url())
        .user(user())
        .password(password().toCharArray())
        .connectTimeout(java.time.Duration.ofSeconds(30))
        .statementTimeout(java.time.Duration.ofSeconds(30));
  }

  /** A gallery name no other test uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A plain JDBC connection to {@code database} on the test server, as the test superuser. */
  static Connection admin(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user());
    properties.setProperty("password", password());
    String base = url().substring(0, url().lastIndexOf('/') + 1);
    return DriverManager.getConnection(base + database, properties);
  }

  /** Creates a fresh, empty database and returns its name (for schema tests). */
  static String createDatabase() throws SQLException {
    String name = "pictor_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = admin("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name.toLowerCase(Locale.ROOT));
    }
    return name;
  }

  static void dropDatabase(String name) throws SQLException {
    try (Connection connection = admin("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** Restarts the server (fast shutdown: open connections are cut) and waits until it is up. */
  static void restartServer() throws IOException, InterruptedException {
    String control = System.getenv("PICTOR_TEST_PG_CONTROL");
    String dir = System.getenv("PICTOR_TEST_PG_DIR");
    Assumptions.assumeTrue(
        control != null && dir != null, "PICTOR_TEST_PG_CONTROL/DIR not set: cannot restart");
    Process process =
        new ProcessBuilder("bash", control, "restart", dir).redirectErrorStream(true).start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("restart finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("restart: " + output).isZero();
  }
}
