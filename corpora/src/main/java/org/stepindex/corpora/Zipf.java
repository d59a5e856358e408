package org.stepindex.corpora;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Zipf distribution over ranks {@code 0 … n-1}: rank {@code r} has probability proportional to
 * {@code 1 / (r+1)^s}. Shared by the synthetic corpora; sampling is a binary search in the
 * cumulative distribution, one {@code nextDouble} per draw, so a corpus's bytes depend only on its
 * seed.
 */
final class Zipf {
  private final double[] cdf;

  /**
   * @param n the number of ranks, at least 1
   * @param exponent {@code s}, at least 0 (0 is uniform)
   */
  Zipf(int n, double exponent) {
    if (n < 1 || !(exponent >= 0)) {
      throw new IllegalArgumentException(
          "Zipf needs n >= 1 and exponent >= 0, got " + n + ", " + exponent);
    }
    cdf = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, exponent);
      cdf[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      cdf[r] /= sum;
    }
  }

  /** The number of ranks. */
  int size() {
    return cdf.length;
  }

  /** The probability of {@code rank}. */
  double probability(int rank) {
    return rank == 0 ? cdf[0] : cdf[rank] - cdf[rank - 1];
  }

  /** A rank drawn with one {@code random.nextDouble()}. */
  int sample(SplittableRandom random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
  }
}
