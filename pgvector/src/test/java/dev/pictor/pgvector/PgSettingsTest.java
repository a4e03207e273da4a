package dev.pictor.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** URL parsing and credential sources; needs no server. */
class PgSettingsTest {

  private static final String SECRET = "s3cr%t:p@ss/w?rd";

  @TempDir Path dir;

  @Test
  void libpqUrlGivesServerCredentialsGalleryAndDriverParameters() {
    PgSettings settings =
        PgSettings.builder()
            .environment(Map.of())
            .url(
                "postgresql://ada:s3cr%25t%3Ap%40ss%2Fw%3Frd@db.example:6543/faces?gallery=staff&sslmode=require")
            .build();
    assertThat(settings.server()).isEqualTo("db.example:6543/faces");
    assertThat(settings.user()).isEqualTo("ada");
    assertThat(new String(settings.password())).isEqualTo(SECRET);
    assertThat(settings.galleryName()).contains("staff");
    assertThat(settings.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example:6543/faces?sslmode=require");
    assertThat(settings.toString()).doesNotContain("s3cr").contains("password=***");
  }

  @Test
  void jdbcUrlWithCredentialParametersKeepsThemOutOfTheDriverUrl() {
    PgSettings settings =
        PgSettings.builder()
            .environment(Map.of())
            .url("jdbc:postgresql://127.0.0.1/faces?user=bob&password=hunter2&connectTimeout=3")
            .build();
    assertThat(settings.server()).isEqualTo("127.0.0.1:5432/faces");
    assertThat(settings.user()).isEqualTo("bob");
    assertThat(new String(settings.password())).isEqualTo("hunter2");
    assertThat(settings.jdbcUrl()).doesNotContain("hunter2").doesNotContain("bob");
  }

  @Test
  void environmentThenPasswordFileFillWhatTheUrlLacks() throws Exception {
    PgSettings fromEnv =
        PgSettings.builder()
            .environment(Map.of("PGUSER", "carol", "PGPASSWORD", "from-env"))
            .url("postgresql://localhost/db")
            .build();
    assertThat(fromEnv.user()).isEqualTo("carol");
    assertThat(new String(fromEnv.password())).isEqualTo("from-env");

    Path file = dir.resolve("pw");
    Files.writeString(file, "from-file\nignored\n");
    PgSettings fromFile =
        PgSettings.builder()
            .environment(Map.of(PgSettings.PASSWORD_FILE_VARIABLE, file.toString()))
            .url("postgresql://dan@localhost/db")
            .build();
    assertThat(fromFile.user()).isEqualTo("dan");
    assertThat(new String(fromFile.password())).isEqualTo("from-file");

    PgSettings urlWins =
        PgSettings.builder()
            .environment(Map.of("PGUSER", "carol", "PGPASSWORD", "from-env"))
            .url("postgresql://erin:from-url@localhost/db")
            .build();
    assertThat(urlWins.user()).isEqualTo("erin");
    assertThat(new String(urlWins.password())).isEqualTo("from-url");

    PgSettings none = PgSettings.builder().environment(Map.of()).url("postgresql://h/db").build();
    assertThat(none.hasPassword()).isFalse();
  }

  @Test
  void badUrlsAreRejectedWithThePasswordMasked() {
    assertThatThrownBy(() -> PgSettings.fromUrl("mysql://root:topsecret@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PostgreSQL URL")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> PgSettings.fromUrl("postgresql://root:topsecret@h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> PgSettings.fromUrl("postgresql://root:top secret@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("top secret");
    assertThatThrownBy(() -> PgSettings.fromUrl("jdbc:postgresql://h/db?password=topsecret&x=%zz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("topsecret");
    assertThat(PgSettings.redact("postgresql://u:pw@h/db?password=pw2&a=b"))
        .isEqualTo("postgresql://u:***@h/db?password=***&a=b");
  }

  @Test
  void urlsAreRecognisedByScheme() {
    assertThat(PgSettings.isPostgresUrl("postgresql://h/db")).isTrue();
    assertThat(PgSettings.isPostgresUrl("postgres://h/db")).isTrue();
    assertThat(PgSettings.isPostgresUrl("JDBC:postgresql://h/db")).isTrue();
    assertThat(PgSettings.isPostgresUrl("people.gallery")).isFalse();
    assertThat(PgSettings.isPostgresUrl("/tmp/postgresql/x.gallery")).isFalse();
  }
}
