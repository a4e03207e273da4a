package dev.pictor.recognition;

import java.util.Arrays;

/**
 * The state of one scan over part of an {@link EmbeddingIndex}: the best float score of the k best
 * distinct persons seen so far (a small sorted array: inserts are rare once it is full), and every
 * row whose score came within {@code slack} of the k-th of them when it was seen. The cut-off only
 * rises, so the rows kept are a superset of those within {@code slack} of the final k-th person.
 *
 * <p>Not thread-safe: one per scanning thread and query.
 */
final class TopKScan {
  private final int k;
  private final double slack;
  private final float[] topScore;
  private final int[] topPerson;
  private int size;
  private float cutoff = Float.NEGATIVE_INFINITY;
  private int[] candidates = new int[64];
  private int candidateCount;

  TopKScan(int k, double slack) {
    this.k = k;
    this.slack = slack;
    this.topScore = new float[k];
    this.topPerson = new int[k];
  }

  /** Rows scoring below this cannot be among the exact top k. */
  float cutoff() {
    return cutoff;
  }

  /** Keeps {@code row} as a candidate and updates the running top k of distinct persons. */
  void offer(int row, int person, float score) {
    if (candidateCount == candidates.length) {
      candidates = Arrays.copyOf(candidates, candidateCount * 2);
    }
    candidates[candidateCount++] = row;
    int at = indexOf(person);
    if (at >= 0) {
      if (score <= topScore[at]) {
        return;
      }
    } else if (size < k) {
      at = size++;
    } else if (score > topScore[k - 1]) {
      at = k - 1;
    } else {
      return;
    }
    // move the entry up to its sorted place (descending scores)
    while (at > 0 && topScore[at - 1] < score) {
      topScore[at] = topScore[at - 1];
      topPerson[at] = topPerson[at - 1];
      at--;
    }
    topScore[at] = score;
    topPerson[at] = person;
    if (size == k) {
      cutoff = Math.nextDown((float) (topScore[k - 1] - slack));
    }
  }

  private int indexOf(int person) {
    for (int i = 0; i < size; i++) {
      if (topPerson[i] == person) {
        return i;
      }
    }
    return -1;
  }

  int candidateCount() {
    return candidateCount;
  }

  int candidate(int i) {
    return candidates[i];
  }
}
