package dev.pictor.cli;

import static dev.pictor.cli.Cli.pictor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.cli.Cli.Run;
import dev.pictor.face.FaceEmbedding;
import dev.pictor.face.Gallery;
import dev.pictor.pgvector.PgSettings;
import dev.pictor.pgvector.PgVectorStore;
import dev.pictor.recognition.SqliteGallery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on a PostgreSQL gallery ({@code --gallery postgresql://...}), on the test server of
 * {@code tools/postgres/test-postgres.sh run}: {@code gallery copy} from SQLite to PostgreSQL and
 * back without loss, {@code gallery list/rename/remove} with the same outputs as on a file, and
 * {@code enroll}/{@code identify} giving the same answers as on a SQLite file. The password is in
 * the URL and never in any output. Skipped without a server, failed under {@code CI=true}.
 */
class GalleryPostgresCliIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "face-resnet128";

  @TempDir Path temp;

  private String password;
  private String url;
  private final List<String> galleries = new ArrayList<>();

  @BeforeEach
  void server() {
    String jdbc = System.getenv("PICTOR_TEST_PG_URL");
    if (jdbc == null || jdbc.isBlank()) {
      String why = "no PostgreSQL test server (run through tools/postgres/test-postgres.sh run)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))
          || "true".equalsIgnoreCase(System.getenv("PICTOR_TEST_PG_REQUIRED"))) {
        throw new AssertionError(why + "; required here");
      }
      Assumptions.abort(why);
    }
    password = System.getenv("PICTOR_TEST_PG_PASSWORD");
    url =
        jdbc.replaceFirst(
            "^jdbc:postgresql://",
            "postgresql://" + System.getenv("PICTOR_TEST_PG_USER") + ":" + password + "@");
  }

  @AfterEach
  void dropGalleries() throws Exception {
    if (url == null) {
      return;
    }
    try (PgVectorStore store = PgVectorStore.open(PgSettings.fromUrl(url))) {
      for (String name : galleries) {
        store.drop(name);
      }
    }
  }

  private String galleryUrl(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    galleries.add(name);
    return url + "?gallery=" + name;
  }

  private static FaceEmbedding embedding(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] raw = new float[128];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (float) random.nextGaussian();
    }
    return FaceEmbedding.normalised(MODEL, raw);
  }

  private void assertNoPassword(Run run) {
    assertThat(run.out()).doesNotContain(password);
    assertThat(run.err()).doesNotContain(password);
  }

  @Test
  void copyMovesAGalleryToPostgresAndBackWithoutLoss() throws Exception {
    Path file = temp.resolve("source.gallery");
    List<String> names = List.of("Zoë", "O'Brien", "x'); DROP TABLE pictor.person; --", "ada");
    try (SqliteGallery source = SqliteGallery.open(file, MODEL, 128)) {
      for (int p = 0; p < 40; p++) {
        String name = p < names.size() ? names.get(p) : "person-" + p;
        List<FaceEmbedding> faces = new ArrayList<>();
        for (int j = 0; j <= p % 3; j++) {
          faces.add(embedding(p * 10L + j));
        }
        source.enroll(name, faces);
      }
    }
    String pg = galleryUrl("copy");

    Run toPg = pictor("gallery", "copy", file.toString(), pg);
    assertThat(toPg.exitCode()).as(toPg.err()).isZero();
    assertThat(toPg.out()).contains("copied 40 people, 79 faces").contains("verified");
    assertNoPassword(toPg);

    Run listFile = pictor("gallery", "list", "--json", "--gallery", file.toString());
    Run listPg = pictor("gallery", "list", "--json", "--gallery", pg);
    assertThat(listPg.exitCode()).as(listPg.err()).isZero();
    assertNoPassword(listPg);
    JsonNode fromFile = JSON.readTree(listFile.out());
    JsonNode fromPg = JSON.readTree(listPg.out());
    assertThat(fromPg.get("people")).isEqualTo(fromFile.get("people"));
    assertThat(fromPg.get("model").asText()).isEqualTo(MODEL);
    assertThat(fromPg.get("embeddingSize").asInt()).isEqualTo(128);
    assertThat(fromPg.get("gallery").asText()).contains("***").doesNotContain(password);

    Run again = pictor("gallery", "copy", file.toString(), pg);
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("already holds 40 people");

    Path back = temp.resolve("back.gallery");
    Run toFile = pictor("gallery", "copy", pg, back.toString());
    assertThat(toFile.exitCode()).as(toFile.err()).isZero();
    try (Gallery original = SqliteGallery.openExisting(file);
        Gallery copy = SqliteGallery.openExisting(back)) {
      List<Gallery.Enrolled> a = original.all();
      List<Gallery.Enrolled> b = copy.all();
      assertThat(b).hasSameSizeAs(a);
      for (int i = 0; i < a.size(); i++) {
        assertThat(b.get(i).name()).isEqualTo(a.get(i).name());
        assertThat(b.get(i).embedding().values()).containsExactly(a.get(i).embedding().values());
      }
    }

    Run rename = pictor("gallery", "rename", "--gallery", pg, "ada", "Ada Lovelace");
    Run remove = pictor("gallery", "remove", "--gallery", pg, "O'Brien");
    Run missing = pictor("gallery", "remove", "--gallery", pg, "O'Brien");
    assertThat(rename.out()).isEqualTo("renamed ada to Ada Lovelace\n");
    assertThat(remove.out()).contains("removed O'Brien from ").doesNotContain(password);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(pictor("gallery", "list", "--gallery", pg).out()).contains("39 people");
  }

  @Test
  void wrongPasswordOrUnknownGalleryIsAUsageErrorWithoutThePassword() {
    String wrong = "Wr0ng" + UUID.randomUUID().toString().substring(0, 6);
    String badUrl = url.replace(":" + password + "@", ":" + wrong + "@") + "?gallery=x";
    Run bad = pictor("gallery", "list", "--gallery", badUrl);
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("refused the credentials").doesNotContain(wrong);
    Run unknown = pictor("gallery", "list", "--gallery", galleryUrl("never-made"));
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no gallery");
    assertNoPassword(unknown);
  }

  @Test
  void enrollAndIdentifyAnswerAlikeOnSqliteAndPostgres() throws Exception {
    Path people = temp.resolve("people");
    Path crops = Cli.data().resolve("faces-tv/people");
    List<String> probes = new ArrayList<>();
    for (String person : List.of("amy", "howard", "penny", "raj", "sheldon")) {
      Files.createDirectories(people.resolve(person));
      for (int n = 1; n <= 2; n++) {
        Files.copy(
            crops.resolve(person).resolve(person + n + ".png"),
            people.resolve(person).resolve(person + n + ".png"));
      }
      probes.add(crops.resolve(person).resolve(person + "4.png").toString());
    }
    probes.add(crops.resolve("leonard").resolve("leonard4.png").toString()); // not enrolled
    String pg = galleryUrl("enroll");
    Path file = temp.resolve("people.gallery");
    List<JsonNode> answers = new ArrayList<>();
    for (String gallery : List.of(file.toString(), pg)) {
      Run enroll = pictor("enroll", "--aligned", "--gallery", gallery, "--dir", people.toString());
      assertThat(enroll.exitCode()).as(enroll.err()).isZero();
      assertThat(enroll.out()).contains(": 5 people, model " + MODEL);
      assertNoPassword(enroll);
      List<String> args = new ArrayList<>(List.of("identify", "--aligned", "--json", "--gallery"));
      args.add(gallery);
      args.addAll(probes);
      Run identify = pictor(args.toArray(String[]::new));
      assertThat(identify.exitCode()).as(identify.err()).isIn(0, 1);
      assertNoPassword(identify);
      answers.add(JSON.readTree(identify.out()));
    }
    JsonNode sqlite = answers.get(0).get("images");
    JsonNode postgres = answers.get(1).get("images");
    assertThat(postgres.size()).isEqualTo(probes.size());
    for (int i = 0; i < probes.size(); i++) {
      JsonNode a = sqlite.get(i).at("/faces/0");
      JsonNode b = postgres.get(i).at("/faces/0");
      assertThat(b.get("name")).as(probes.get(i)).isEqualTo(a.get("name"));
      assertThat(b.get("distance").asDouble())
          .isCloseTo(a.get("distance").asDouble(), org.assertj.core.api.Assertions.within(1e-5));
    }
    assertThat(postgres.get(probes.size() - 1).at("/faces/0/name").isNull()).isTrue();
  }
}
