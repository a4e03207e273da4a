package dev.pictor.recognition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Identity-disjoint folds for cross-validation over LFW pairs: no person appears in two folds, and
 * each pair lies in the fold of its people (for a mismatched pair, both people).
 *
 * <p>How pairs are grouped: two people are linked when a pair names both of them (a mismatched
 * pair), and the <em>groups</em> are the connected components of that graph, each with all the
 * pairs of its people. A group is never split, so no pair ever has its people in different folds
 * and no pair is dropped. Groups are dealt out largest first (ties: the alphabetically first person
 * name), each to the fold that has the fewest pairs so far (ties: the lower fold): a deterministic
 * assignment that depends only on the pairs, not on their order. On LFW View 1 (3,200 pairs of
 * 3,095 people, 1,495 groups of at most 25 pairs), 10 folds hold 320 pairs each.
 *
 * <p>A person is the folder of an image ({@code Aaron_Peirsol} in {@code
 * Aaron_Peirsol/Aaron_Peirsol_0001.jpg}).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class IdentityFolds {

  private final int folds;
  private final int[] foldOfPair;
  private final int[] groupOfPair;
  private final int groups;

  private IdentityFolds(int folds, int[] foldOfPair, int[] groupOfPair, int groups) {
    this.folds = folds;
    this.foldOfPair = foldOfPair;
    this.groupOfPair = groupOfPair;
    this.groups = groups;
  }

  /**
   * Deals the groups of {@code pairs} into {@code folds} folds.
   *
   * @param pairs the pairs, in any order (pairs from several files may be pooled)
   * @param folds number of folds, at least 2
   * @throws IllegalArgumentException if {@code folds < 2}, or there are fewer groups of people than
   *     folds (the message says how many there are)
   */
  public static IdentityFolds assign(List<LfwPairs.Pair> pairs, int folds) {
    Objects.requireNonNull(pairs, "pairs");
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
    }
    int[] groupOfPair = groups(pairs);
    int groups = Arrays.stream(groupOfPair).max().orElse(-1) + 1;
    if (groups < folds) {
      throw new IllegalArgumentException(
          "cannot make "
              + folds
              + " identity-disjoint folds: the "
              + pairs.size()
              + " pairs link their people into only "
              + groups
              + " groups (a group's people and pairs stay in one fold)");
    }
    int[] size = new int[groups];
    String[] firstPerson = new String[groups];
    for (int k = 0; k < pairs.size(); k++) {
      int g = groupOfPair[k];
      size[g]++;
      for (String person : people(pairs.get(k))) {
        if (firstPerson[g] == null || person.compareTo(firstPerson[g]) < 0) {
          firstPerson[g] = person;
        }
      }
    }
    Integer[] order = new Integer[groups];
    for (int g = 0; g < groups; g++) {
      order[g] = g;
    }
    Arrays.sort(
        order, Comparator.<Integer>comparingInt(g -> -size[g]).thenComparing(g -> firstPerson[g]));
    int[] foldOfGroup = new int[groups];
    int[] load = new int[folds];
    for (int g : order) {
      int best = 0;
      for (int f = 1; f < folds; f++) {
        if (load[f] < load[best]) {
          best = f;
        }
      }
      foldOfGroup[g] = best;
      load[best] += size[g];
    }
    int[] foldOfPair = new int[pairs.size()];
    for (int k = 0; k < foldOfPair.length; k++) {
      foldOfPair[k] = foldOfGroup[groupOfPair[k]];
    }
    return new IdentityFolds(folds, foldOfPair, groupOfPair, groups);
  }

  /**
   * The group of each pair: pairs share a group exactly when a chain of pairs links their people.
   * Groups are numbered 0, 1, ... in order of first appearance.
   */
  static int[] groups(List<LfwPairs.Pair> pairs) {
    Map<String, Integer> index = new HashMap<>();
    List<Integer> parent = new ArrayList<>();
    int[] firstPersonOfPair = new int[pairs.size()];
    for (int k = 0; k < pairs.size(); k++) {
      int previous = -1;
      for (String person : people(pairs.get(k))) {
        Integer id = index.get(person);
        if (id == null) {
          id = parent.size();
          index.put(person, id);
          parent.add(id);
        }
        if (previous >= 0) {
          parent.set(root(parent, id), root(parent, previous));
        }
        previous = id;
      }
      firstPersonOfPair[k] = index.get(person(pairs.get(k).firstImage()));
    }
    Map<Integer, Integer> groupOfRoot = new HashMap<>();
    int[] groupOfPair = new int[pairs.size()];
    for (int k = 0; k < groupOfPair.length; k++) {
      int root = root(parent, firstPersonOfPair[k]);
      groupOfPair[k] = groupOfRoot.computeIfAbsent(root, r -> groupOfRoot.size());
    }
    return groupOfPair;
  }

  private static int root(List<Integer> parent, int id) {
    while (parent.get(id) != id) {
      parent.set(id, parent.get(parent.get(id)));
      id = parent.get(id);
    }
    return id;
  }

  private static List<String> people(LfwPairs.Pair pair) {
    String first = person(pair.firstImage());
    String second = person(pair.secondImage());
    return first.equals(second) ? List.of(first) : List.of(first, second);
  }

  /** The person of an image: its folder, e.g. {@code Aaron_Peirsol}. */
  static String person(String image) {
    int slash = image.indexOf('/');
    return slash < 0 ? image : image.substring(0, slash);
  }

  /** Number of folds. */
  public int folds() {
    return folds;
  }

  /** Number of pairs assigned. */
  public int size() {
    return foldOfPair.length;
  }

  /**
   * The 0-based fold of pair {@code index} (in the order of the list given to {@link #assign}).
   *
   * @throws IndexOutOfBoundsException if there is no such pair
   */
  public int fold(int index) {
    Objects.checkIndex(index, foldOfPair.length);
    return foldOfPair[index];
  }

  /**
   * The 0-based group of pair {@code index}: pairs linked through their people share a group.
   *
   * @throws IndexOutOfBoundsException if there is no such pair
   */
  public int group(int index) {
    Objects.checkIndex(index, groupOfPair.length);
    return groupOfPair[index];
  }

  /** Number of groups of linked people. */
  public int groups() {
    return groups;
  }

  /** Number of pairs in each fold, in fold order. */
  public int[] foldSizes() {
    int[] sizes = new int[folds];
    for (int f : foldOfPair) {
      sizes[f]++;
    }
    return sizes;
  }

  @Override
  public String toString() {
    return "IdentityFolds[folds="
        + folds
        + ", pairs="
        + foldOfPair.length
        + ", groups="
        + groups
        + ", sizes="
        + Arrays.toString(foldSizes())
        + "]";
  }
}
