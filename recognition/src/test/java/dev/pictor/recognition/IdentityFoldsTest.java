package dev.pictor.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class IdentityFoldsTest {

  private static LfwPairs.Pair matched(String person, int line) {
    return new LfwPairs.Pair(image(person, 1), image(person, 2), true, 0, line);
  }

  private static LfwPairs.Pair mismatched(String first, String second, int line) {
    return new LfwPairs.Pair(image(first, 1), image(second, 1), false, 0, line);
  }

  private static String image(String person, int n) {
    return person + "/" + person + String.format("_%04d.jpg", n);
  }

  /** Asserts that no person is in two folds and every pair lies in its people's fold. */
  private static void assertIdentityDisjoint(List<LfwPairs.Pair> pairs, IdentityFolds folds) {
    Map<String, Integer> foldOfPerson = new HashMap<>();
    for (int k = 0; k < pairs.size(); k++) {
      int fold = folds.fold(k);
      assertThat(fold).isBetween(0, folds.folds() - 1);
      for (String image : List.of(pairs.get(k).firstImage(), pairs.get(k).secondImage())) {
        String person = IdentityFolds.person(image);
        Integer before = foldOfPerson.putIfAbsent(person, fold);
        assertThat(before == null ? fold : before).as("fold of %s", person).isEqualTo(fold);
      }
    }
  }

  @Test
  void linkedPeopleStayTogetherAndFoldsAreBalanced() {
    // A chain A-B-C-D of mismatched pairs plus their matched pairs (7 pairs, one group), and
    // twelve unlinked people with one matched pair each (12 groups of 1).
    List<LfwPairs.Pair> pairs = new ArrayList<>();
    int line = 2;
    for (String p : List.of("A", "B", "C", "D")) {
      pairs.add(matched(p, line++));
    }
    pairs.add(mismatched("A", "B", line++));
    pairs.add(mismatched("C", "B", line++));
    pairs.add(mismatched("D", "C", line++));
    for (int k = 0; k < 12; k++) {
      pairs.add(matched("Solo" + (char) ('a' + k), line++));
    }

    IdentityFolds folds = IdentityFolds.assign(pairs, 3);

    assertIdentityDisjoint(pairs, folds);
    assertThat(folds.groups()).isEqualTo(13);
    for (int k = 1; k < 7; k++) {
      assertThat(folds.fold(k)).isEqualTo(folds.fold(0));
      assertThat(folds.group(k)).isEqualTo(folds.group(0));
    }
    // The group of 7 goes first, to fold 0; the 12 singles alternate between folds 1 and 2.
    assertThat(folds.foldSizes()).containsExactly(7, 6, 6);
    assertThat(folds.size()).isEqualTo(19);
  }

  @Test
  void theAssignmentDoesNotDependOnThePairOrder() {
    List<LfwPairs.Pair> pairs = new ArrayList<>();
    Random random = new Random(7);
    for (int k = 0; k < 200; k++) {
      String a = "P" + random.nextInt(150);
      String b = "P" + random.nextInt(150);
      pairs.add(a.equals(b) ? matched(a, k + 2) : mismatched(a, b, k + 2));
    }
    List<LfwPairs.Pair> shuffled = new ArrayList<>(pairs);
    Collections.shuffle(shuffled, new Random(11));

    IdentityFolds folds = IdentityFolds.assign(pairs, 5);
    IdentityFolds again = IdentityFolds.assign(shuffled, 5);

    assertIdentityDisjoint(pairs, folds);
    assertIdentityDisjoint(shuffled, again);
    for (int k = 0; k < shuffled.size(); k++) {
      assertThat(again.fold(k)).isEqualTo(folds.fold(pairs.indexOf(shuffled.get(k))));
    }
  }

  @Test
  void pooledViewOneGivesTenDisjointFoldsOf320Pairs() throws IOException {
    Path view = LfwPairsTest.viewOne();
    List<LfwPairs.Pair> pooled =
        Stream.of("pairsDevTrain.txt", "pairsDevTest.txt")
            .flatMap(
                file -> {
                  try {
                    return LfwPairs.read(view.resolve(file)).pairs().stream();
                  } catch (IOException e) {
                    throw new AssertionError(e);
                  }
                })
            .toList();

    IdentityFolds folds = IdentityFolds.assign(pooled, 10);

    assertThat(pooled).hasSize(3200);
    assertIdentityDisjoint(pooled, folds);
    assertThat(folds.groups()).isEqualTo(1495);
    assertThat(folds.foldSizes()).containsOnly(320);
  }

  @Test
  void tooFewGroupsOrFoldsAreRejected() {
    List<LfwPairs.Pair> linked =
        List.of(matched("A", 2), matched("B", 3), mismatched("A", "B", 4), matched("C", 5));

    assertThatThrownBy(() -> IdentityFolds.assign(linked, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 2 groups");
    assertThatThrownBy(() -> IdentityFolds.assign(linked, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 folds");
    assertThat(IdentityFolds.assign(linked, 2).foldSizes()).containsExactly(3, 1);
  }
}
