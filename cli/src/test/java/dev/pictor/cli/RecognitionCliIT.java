package dev.pictor.cli;

import static dev.pictor.cli.Cli.lfw;
import static dev.pictor.cli.Cli.pictor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pictor.cli.Cli.Run;
import dev.pictor.recognition.SqliteGallery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code pictor verify}, {@code enroll}, {@code identify} and {@code gallery} in-process on
 * LFW View 1 photos with the packaged encoder and the YuNet detector.
 *
 * <p>The people are the first five different people of the matched pairs in {@code
 * pairsDevTest.txt} whose second image shows one face: each is enrolled with the first image of
 * their pair and identified with the second. The stranger is the first person of the first
 * mismatched pair, who is none of them.
 */
class RecognitionCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Person -> {enrolled image, probe image}. */
  private static final Map<String, Path[]> PEOPLE = new LinkedHashMap<>();

  private static Path stranger;

  @TempDir Path temp;

  @BeforeAll
  static void choosePeople() throws Exception {
    // Some LFW photos show other people in the background, and identify answers for every face:
    // the probes are photos with one face only, so that "everyone recognised" is well defined.
    List<String[]> pairs = Cli.lfwPairs("pairsDevTest.txt");
    List<String[]> matched = pairs.stream().filter(p -> p.length == 3).limit(12).toList();
    List<String> probes = new ArrayList<>();
    matched.forEach(p -> probes.add(lfw(p[0], Integer.parseInt(p[2])).toString()));
    List<String> args = new ArrayList<>(List.of("embed", "--json"));
    args.addAll(probes);
    JsonNode embedded = JSON.readTree(pictor(args.toArray(String[]::new)).out()).get("images");
    for (int i = 0; i < matched.size() && PEOPLE.size() < 5; i++) {
      String[] pair = matched.get(i);
      if (embedded.get(i).get("faces").size() == 1 && !PEOPLE.containsKey(pair[0])) {
        PEOPLE.put(
            pair[0], new Path[] {lfw(pair[0], Integer.parseInt(pair[1])), Path.of(probes.get(i))});
      }
    }
    String[] mismatched = pairs.stream().filter(p -> p.length == 4).findFirst().orElseThrow();
    stranger = lfw(mismatched[0], Integer.parseInt(mismatched[1]));
    assertThat(PEOPLE).hasSize(5);
    assertThat(PEOPLE.keySet()).doesNotContain(mismatched[0]);
  }

  /** {@code temp/people/<Name>/<first image>} for the five people. */
  private Path peopleFolder() throws Exception {
    Path root = Files.createDirectories(temp.resolve("people"));
    for (Map.Entry<String, Path[]> person : PEOPLE.entrySet()) {
      Path folder = Files.createDirectories(root.resolve(person.getKey()));
      Files.copy(person.getValue()[0], folder.resolve(person.getValue()[0].getFileName()));
    }
    return root;
  }

  private List<String> probes() {
    return PEOPLE.values().stream().map(images -> images[1].toString()).toList();
  }

  // --- verify --------------------------------------------------------------------------------

  @Test
  void verifyAcceptsAMatchedPairAndRejectsAMismatchedOne() throws Exception {
    Path[] alice = PEOPLE.values().iterator().next();

    Run same = pictor("verify", alice[0].toString(), alice[1].toString());
    Run different = pictor("verify", "--json", alice[0].toString(), stranger.toString());

    assertThat(same.exitCode()).as(same.err()).isZero();
    assertThat(same.out()).contains("same person").contains("the only face");
    assertThat(different.exitCode()).as(different.err()).isEqualTo(1);
    JsonNode root = JSON.readTree(different.out());
    assertThat(root.get("samePerson").asBoolean()).isFalse();
    assertThat(root.get("distance").asDouble()).isGreaterThan(root.get("threshold").asDouble());
    assertThat(root.get("faces")).hasSize(2);
  }

  @Test
  void verifyOfAPhotoWithoutAFaceIsAnInputErrorNamingTheFile() {
    Run run = pictor("verify", Cli.starryNight().toString(), stranger.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(Cli.starryNight().toString()).contains("no face found");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void verifyTakesExactlyTwoPhotosAndAThresholdOfItsOwn() {
    Path[] alice = PEOPLE.values().iterator().next();

    Run three = pictor("verify", alice[0].toString(), alice[1].toString(), stranger.toString());
    Run strict = pictor("verify", "--threshold", "0.01", alice[0].toString(), alice[1].toString());

    assertThat(three.exitCode()).isEqualTo(2);
    assertThat(strict.exitCode()).as(strict.err()).isEqualTo(1);
    assertThat(strict.out()).contains("threshold  0.01 (--threshold on the command line)");
  }

  // --- enroll and identify -------------------------------------------------------------------

  @Test
  void everyEnrolledPersonIsRecognisedAndAStrangerIsUnknown() throws Exception {
    Path gallery = temp.resolve("g.db");

    Run enroll =
        pictor("enroll", "--gallery", gallery.toString(), "--dir", peopleFolder().toString());
    List<String> args = new ArrayList<>(List.of("identify", "--gallery", gallery.toString()));
    args.addAll(probes());
    Run known = pictor(args.toArray(String[]::new));
    Run unknown = pictor("identify", "--gallery", gallery.toString(), stranger.toString());

    assertThat(enroll.exitCode()).as(enroll.err()).isZero();
    assertThat(enroll.out()).contains("gallery " + gallery + ": 5 people, model face-resnet128");
    assertThat(known.exitCode()).as(known.out() + known.err()).isZero();
    List<String> lines = known.out().lines().toList();
    assertThat(lines).hasSize(5);
    int i = 0;
    for (Map.Entry<String, Path[]> person : PEOPLE.entrySet()) {
      assertThat(lines.get(i++))
          .startsWith(person.getValue()[1] + "  face 1 at ")
          .contains("  " + person.getKey() + "  distance ")
          .contains("  margin ")
          .contains("nearest: " + person.getKey() + " ");
    }
    assertThat(unknown.exitCode()).as(unknown.out() + unknown.err()).isEqualTo(1);
    assertThat(unknown.out()).contains("  UNKNOWN  distance ");
  }

  @Test
  void identifyInJsonListsTheTopCandidatesNearestFirst() throws Exception {
    Path gallery = temp.resolve("g.db");
    pictor("enroll", "--gallery", gallery.toString(), "--dir", peopleFolder().toString());
    Map.Entry<String, Path[]> first = PEOPLE.entrySet().iterator().next();

    Run run =
        pictor(
            "identify",
            "--gallery",
            gallery.toString(),
            "--top",
            "4",
            "--json",
            first.getValue()[1].toString(),
            stranger.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("people").asInt()).isEqualTo(5);
    assertThat(root.get("model").asText()).isEqualTo("face-resnet128");
    JsonNode known = root.at("/images/0/faces/0");
    assertThat(known.get("name").asText()).isEqualTo(first.getKey());
    JsonNode candidates = known.get("candidates");
    assertThat(candidates).hasSize(4);
    for (int k = 1; k < 4; k++) {
      assertThat(candidates.get(k).get("distance").asDouble())
          .isGreaterThanOrEqualTo(candidates.get(k - 1).get("distance").asDouble());
    }
    assertThat(known.get("distance").asDouble())
        .isEqualTo(candidates.get(0).get("distance").asDouble());
    assertThat(known.get("margin").asDouble())
        .isEqualTo(
            candidates.get(1).get("distance").asDouble()
                - candidates.get(0).get("distance").asDouble());
    JsonNode stranger = root.at("/images/1/faces/0");
    assertThat(stranger.get("name").isNull()).isTrue();
    assertThat(stranger.get("distance").asDouble()).isGreaterThan(root.get("threshold").asDouble());
  }

  @Test
  void enrollSkipsPhotosWithoutAFaceEnrollsTheRestAndExits2() throws Exception {
    Path gallery = temp.resolve("g.db");
    Path[] alice = PEOPLE.values().iterator().next();

    Run run =
        pictor(
            "enroll",
            "--gallery",
            gallery.toString(),
            "--name",
            "Alice",
            alice[0].toString(),
            Cli.starryNight().toString());
    Run list = pictor("gallery", "list", "--gallery", gallery.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("skipped " + Cli.starryNight() + ": no face found")
        .contains("1 of 2 photos skipped");
    assertThat(run.out()).contains("Alice  1 new face enrolled (2 photos, 1 skipped)");
    assertThat(list.out()).contains("1 people, 1 faces").contains("Alice  1");
  }

  @Test
  void enrollingTheSamePhotosAgainAddsNothingButNewPhotosAreAdded() throws Exception {
    Path gallery = temp.resolve("g.db");
    Path[] alice = PEOPLE.values().iterator().next();
    String[] first = {
      "enroll", "--gallery", gallery.toString(), "--name", "Alice", alice[0].toString()
    };

    Run once = pictor(first);
    Run again = pictor(first);
    Run more =
        pictor(
            "enroll",
            "--gallery",
            gallery.toString(),
            "--name",
            "Alice",
            alice[0].toString(),
            alice[1].toString());
    Run list = pictor("gallery", "list", "--json", "--gallery", gallery.toString());

    assertThat(once.exitCode()).as(once.err()).isZero();
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("Alice  0 new faces enrolled, 1 already were");
    assertThat(more.out()).contains("Alice  1 new face enrolled, 1 already were");
    JsonNode people = JSON.readTree(list.out()).get("people");
    assertThat(people).hasSize(1);
    assertThat(people.get(0).get("name").asText()).isEqualTo("Alice");
    assertThat(people.get(0).get("faces").asInt()).isEqualTo(2);
  }

  @Test
  void identifyTakesAFolderOfProbesInSortedOrder() throws Exception {
    Path gallery = temp.resolve("g.db");
    pictor("enroll", "--gallery", gallery.toString(), "--dir", peopleFolder().toString());
    Path probes = Files.createDirectories(temp.resolve("probes"));
    Map<Path, String> expected = new java.util.TreeMap<>();
    int i = 0;
    for (Map.Entry<String, Path[]> person : PEOPLE.entrySet()) {
      // Nested one or two levels deep, so the order is the paths', not the people's.
      Path folder = Files.createDirectories(probes.resolve(i % 2 == 0 ? "x" : "a/b"));
      Path probe = person.getValue()[1];
      expected.put(Files.copy(probe, folder.resolve(probe.getFileName())), person.getKey());
      i++;
    }
    Files.writeString(probes.resolve("README.txt"), "probes");

    Run run = pictor("identify", "--gallery", gallery.toString(), probes.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(5);
    int line = 0;
    for (Map.Entry<Path, String> probe : expected.entrySet()) {
      assertThat(lines.get(line++))
          .startsWith(probe.getKey() + "  face 1 at ")
          .contains("  " + probe.getValue() + "  distance ");
    }
  }

  @Test
  void identifyReportsAPhotoWithoutAFaceAndStillAnswersForTheOthers() throws Exception {
    Path gallery = temp.resolve("g.db");
    pictor("enroll", "--gallery", gallery.toString(), "--dir", peopleFolder().toString());
    String probe = probes().get(0);

    Run run =
        pictor("identify", "--gallery", gallery.toString(), Cli.starryNight().toString(), probe);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out().lines().toList())
        .hasSize(2)
        .first()
        .isEqualTo(Cli.starryNight() + "  no face");
    assertThat(run.out()).contains(probe + "  face 1 at ");
    assertThat(run.err()).contains("1 photo(s) without a face");
  }

  @Test
  void aGalleryOfAnotherModelOrAMissingGalleryIsAnInputError() throws Exception {
    Path foreign = temp.resolve("other.db");
    try (SqliteGallery gallery = SqliteGallery.open(foreign, "some-other-model", 128)) {
      assertThat(gallery.count()).isZero();
    }
    Path missing = temp.resolve("missing.db");

    Run wrongModel = pictor("identify", "--gallery", foreign.toString(), probes().get(0));
    Run enrollWrongModel =
        pictor("enroll", "--gallery", foreign.toString(), "--name", "Bob", probes().get(0));
    Run notThere = pictor("identify", "--gallery", missing.toString(), probes().get(0));

    assertThat(wrongModel.exitCode()).isEqualTo(2);
    assertThat(wrongModel.err()).contains(foreign.toString()).contains("some-other-model");
    assertThat(enrollWrongModel.exitCode()).isEqualTo(2);
    assertThat(enrollWrongModel.err()).contains("some-other-model");
    assertThat(notThere.exitCode()).isEqualTo(2);
    assertThat(notThere.err()).contains(missing.toString());
    assertThat(missing).doesNotExist();
  }

  @Test
  void enrollUsageErrors() {
    String gallery = temp.resolve("g.db").toString();

    Run neither = pictor("enroll", "--gallery", gallery);
    Run both = pictor("enroll", "--gallery", gallery, "--name", "A", "--dir", temp.toString());
    Run nameWithoutPhotos = pictor("enroll", "--gallery", gallery, "--name", "A");
    Run emptyDir = pictor("enroll", "--gallery", gallery, "--dir", temp.toString());
    Run noGallery = pictor("enroll", "--name", "A", probes().get(0));

    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("Give either --name NAME with photos, or --dir DIR");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(nameWithoutPhotos.exitCode()).isEqualTo(2);
    assertThat(nameWithoutPhotos.err()).contains("--name needs one or more photos");
    assertThat(emptyDir.exitCode()).isEqualTo(2);
    assertThat(emptyDir.err()).contains("has no sub-folder with photos");
    assertThat(noGallery.exitCode()).isEqualTo(2);
    assertThat(noGallery.err()).contains("--gallery");
  }

  // --- gallery -------------------------------------------------------------------------------

  @Test
  void galleryListRenameRemoveRoundTrip() throws Exception {
    Path gallery = temp.resolve("g.db");
    String file = gallery.toString();
    pictor("enroll", "--gallery", file, "--dir", peopleFolder().toString());
    String first = PEOPLE.keySet().iterator().next();

    Run list = pictor("gallery", "list", "--gallery", file);
    Run rename = pictor("gallery", "rename", first, "Renamed Person", "--gallery", file);
    Run renameUnknown = pictor("gallery", "rename", first, "Other", "--gallery", file);
    Run renameOntoExisting =
        pictor(
            "gallery",
            "rename",
            "Renamed Person",
            PEOPLE.keySet().toArray()[1].toString(),
            "--gallery",
            file);
    Run remove = pictor("gallery", "remove", "Renamed Person", "--gallery", file);
    Run removeAgain = pictor("gallery", "remove", "Renamed Person", "--gallery", file);
    Run after = pictor("gallery", "list", "--json", "--gallery", file);

    assertThat(list.exitCode()).as(list.err()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "gallery "
                + file
                + ": model face-resnet128 (128 values per embedding), 5 people, 5 faces");
    assertThat(lines.subList(1, lines.size()))
        .containsExactlyElementsOf(PEOPLE.keySet().stream().sorted().map(n -> n + "  1").toList());
    assertThat(rename.exitCode()).as(rename.err()).isZero();
    assertThat(renameUnknown.exitCode()).isEqualTo(2);
    assertThat(renameUnknown.err()).contains(first);
    assertThat(renameOntoExisting.exitCode()).isEqualTo(2);
    assertThat(remove.exitCode()).as(remove.err()).isZero();
    assertThat(removeAgain.exitCode()).isEqualTo(2);
    assertThat(removeAgain.err()).contains("'Renamed Person' is not enrolled");
    JsonNode root = JSON.readTree(after.out());
    assertThat(root.get("model").asText()).isEqualTo("face-resnet128");
    assertThat(root.get("embeddingSize").asInt()).isEqualTo(128);
    List<String> names = new ArrayList<>();
    root.get("people").forEach(p -> names.add(p.get("name").asText()));
    assertThat(names).containsExactlyElementsOf(PEOPLE.keySet().stream().skip(1).sorted().toList());
  }

  @Test
  void galleryCommandsNeedAnExistingGalleryAndASubcommand() throws Exception {
    Path notAGallery = Files.writeString(temp.resolve("notes.db"), "not a database");

    Run missing = pictor("gallery", "list", "--gallery", temp.resolve("nope.db").toString());
    Run foreign = pictor("gallery", "list", "--gallery", notAGallery.toString());
    Run noSubcommand = pictor("gallery");

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.db");
    assertThat(foreign.exitCode()).isEqualTo(2);
    assertThat(foreign.err()).contains("notes.db");
    assertThat(Files.readString(notAGallery)).isEqualTo("not a database");
    assertThat(noSubcommand.exitCode()).isEqualTo(2);
    assertThat(noSubcommand.err())
        .contains("Missing subcommand: choose list, remove, rename or copy");
  }

  // --- help ----------------------------------------------------------------------------------

  @Test
  void helpExplainsTheChoicesAndExitCodes() {
    Run verify = pictor("verify", "--help");
    Run enroll = pictor("help", "enroll");
    Run identify = pictor("identify", "--help");
    Run gallery = pictor("gallery", "list", "--help");
    Run lfw = pictor("evaluate", "lfw", "--help");
    Run evaluateIdentify = pictor("evaluate", "identify", "--help");

    assertThat(verify.exitCode()).isZero();
    assertThat(verify.out()).contains("largest").contains("same person").contains("Exit codes:");
    assertThat(enroll.out()).contains("--dir=DIR").contains("skipped").contains("--flip");
    assertThat(identify.out()).contains("every face").contains("UNKNOWN").contains("--top=K");
    assertThat(gallery.out()).contains("--gallery=GALLERY").contains("--json");
    assertThat(lfw.out()).contains("central face").contains("--train-pairs").contains("--roc");
    assertThat(evaluateIdentify.out()).contains("rank-1").contains("--far=F");
  }
}
