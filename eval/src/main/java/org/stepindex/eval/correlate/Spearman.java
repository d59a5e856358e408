package org.stepindex.eval.correlate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Spearman's rank correlation coefficient.
 *
 * <p>ρ is the Pearson correlation of the two samples' ranks, where tied values share the average of
 * the ranks they span (the "fractional ranking" that SciPy's {@code spearmanr} uses). With ties
 * this differs from the shortcut {@code 1 − 6Σd²/(n(n²−1))}, which is exact only without ties, so
 * the shortcut is not used.
 *
 * <p>ρ is undefined — returned as {@link Double#NaN} — when there are fewer than two pairs or when
 * either sample is constant (all ranks equal, so its variance is zero), e.g. when every operand has
 * accuracy 1.0.
 */
public final class Spearman {
  private Spearman() {}

  /**
   * ρ of paired samples.
   *
   * @param x the first sample
   * @param y the second sample, as long as {@code x}
   * @return ρ in [−1, 1], or NaN when undefined (see the class description)
   * @throws IllegalArgumentException when the lengths differ or a value is NaN
   */
  public static double rho(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "samples differ in length: " + x.length + " and " + y.length);
    }
    if (x.length < 2) {
      return Double.NaN;
    }
    return pearson(ranks(x), ranks(y));
  }

  /**
   * Fractional ranks, 1-based: the i-th smallest value gets rank i, and tied values all get the
   * mean of the ranks they occupy. For {@code {10, 20, 20, 30}} that is {@code {1, 2.5, 2.5, 4}}.
   *
   * @param values the sample (not NaN)
   * @return the rank of each value, in the sample's order
   */
  public static double[] ranks(double[] values) {
    for (double v : values) {
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("NaN has no rank");
      }
    }
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    for (int start = 0; start < order.length; ) {
      int end = start + 1;
      while (end < order.length && values[order[end]] == values[order[start]]) {
        end++;
      }
      // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
      double shared = (start + 1 + end) / 2.0;
      for (int i = start; i < end; i++) {
        ranks[order[i]] = shared;
      }
      start = end;
    }
    return ranks;
  }

  private static double pearson(double[] a, double[] b) {
    double meanA = Arrays.stream(a).average().orElseThrow();
    double meanB = Arrays.stream(b).average().orElseThrow();
    double cov = 0;
    double varA = 0;
    double varB = 0;
    for (int i = 0; i < a.length; i++) {
      double da = a[i] - meanA;
      double db = b[i] - meanB;
      cov += da * db;
      varA += da * da;
      varB += db * db;
    }
    if (varA == 0 || varB == 0) {
      return Double.NaN;
    }
    return cov / Math.sqrt(varA * varB);
  }
}
