package dev.pictor.style.gatys.internal;

import dev.pictor.PictorException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limited-memory BFGS (Nocedal 1980) with the last {@value #MEMORY} pairs, a backtracking Armijo
 * line search, and projection to 0..255 (each trial point is clamped; the sufficient-decrease test
 * uses the projected step). Each cost evaluation is one step of the objective. Stateless.
 */
public final class Lbfgs {
  static final int MEMORY = 10;
  private static final double ARMIJO = 1e-4;
  private static final int MAX_BACKTRACKS = 12;

  private Lbfgs() {}

  private record Pair(float[] s, float[] y, double rho) {}

  /**
   * Steps from {@code x} (evaluated as {@code first}) until the objective is done.
   *
   * @param x the start; updated in place
   * @param firstStep the largest change of a pixel value in the first step (and after a reset)
   */
  public static void minimize(float[] x, Evaluation first, Objective f, double firstStep)
      throws PictorException {
    Deque<Pair> pairs = new ArrayDeque<>();
    Evaluation e = first;
    while (!f.done()) {
      float[] g = e.gradient();
      double[] d = direction(g, pairs);
      double slope = dot(g, d);
      if (pairs.isEmpty() || !(slope < 0)) {
        pairs.clear();
        double max = 0;
        for (float v : g) {
          max = Math.max(max, Math.abs(v));
        }
        if (max == 0) {
          return; // stationary point
        }
        for (int i = 0; i < d.length; i++) {
          d[i] = -g[i] * firstStep / max;
        }
      }
      double t = 1;
      float[] trial = new float[x.length];
      Evaluation next = null;
      for (int k = 0; k < MAX_BACKTRACKS && !f.done(); k++) {
        double decrease = 0;
        for (int i = 0; i < x.length; i++) {
          trial[i] = (float) Math.min(255, Math.max(0, x[i] + t * d[i]));
          decrease += g[i] * (double) (trial[i] - x[i]);
        }
        Evaluation candidate = f.evaluate(trial);
        if (candidate.cost() <= e.cost() + ARMIJO * decrease) {
          next = candidate;
          break;
        }
        t *= 0.5;
      }
      if (next == null) {
        pairs.clear(); // no decrease along this direction: start again from steepest descent
        continue;
      }
      float[] s = new float[x.length];
      float[] y = new float[x.length];
      double sy = 0;
      for (int i = 0; i < x.length; i++) {
        s[i] = trial[i] - x[i];
        y[i] = next.gradient()[i] - g[i];
        sy += (double) s[i] * y[i];
      }
      if (sy > 1e-10) {
        if (pairs.size() == MEMORY) {
          pairs.removeFirst();
        }
        pairs.addLast(new Pair(s, y, 1 / sy));
      }
      System.arraycopy(trial, 0, x, 0, x.length);
      e = next;
    }
  }

  /** -H g by the two-loop recursion, H0 = (s.y / y.y) I from the newest pair. */
  private static double[] direction(float[] g, Deque<Pair> pairs) {
    double[] q = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      q[i] = g[i];
    }
    if (pairs.isEmpty()) {
      for (int i = 0; i < q.length; i++) {
        q[i] = -q[i];
      }
      return q;
    }
    double[] alphas = new double[pairs.size()];
    int k = pairs.size();
    var backwards = pairs.descendingIterator();
    while (backwards.hasNext()) {
      Pair p = backwards.next();
      double a = p.rho * dot(p.s, q);
      alphas[--k] = a;
      axpy(-a, p.y, q);
    }
    Pair newest = pairs.peekLast();
    double gamma = 1 / (newest.rho * dot(newest.y, newest.y));
    for (int i = 0; i < q.length; i++) {
      q[i] *= gamma;
    }
    k = 0;
    for (Pair p : pairs) {
      double b = p.rho * dot(p.y, q);
      axpy(alphas[k++] - b, p.s, q);
    }
    for (int i = 0; i < q.length; i++) {
      q[i] = -q[i];
    }
    return q;
  }

  private static double dot(float[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, float[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }
}
