package org.stepindex.eval.memorization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;

/**
 * How well a Poisson distribution describes counts (memorized sequences per slice of training
 * data), as the Pythia paper (§3.2, Figure 3) asks whether memorized sequences are spread over
 * training like a Poisson point process.
 *
 * <ul>
 *   <li>λ = the mean count (the maximum-likelihood estimate);
 *   <li>variance = the sample variance, Σ(c − λ)² / (n − 1); dispersion = variance / λ (1 for a
 *       Poisson; above 1: overdispersed, clustered);
 *   <li>chi-square goodness of fit: cells of consecutive counts built from 0 upward, each closed
 *       once its expected count n·P(X ∈ cell) reaches 5, the last cell being the whole upper tail
 *       {X ≥ k} once the tail's expectation falls below 5 (a last cell still below 5 merges into
 *       the one before); χ² = Σ (O − E)² / E; degrees of freedom = cells − 2 (the counts' total and
 *       the estimated λ); p = P(χ²_df ≥ χ²) through {@link Gamma#chiSquareSurvival}, null when df
 *       &lt; 1;
 *   <li>Q-Q points: the counts sorted, the i-th (1-based) against the Poisson(λ) quantile at
 *       probability (i − ½) / n, the smallest k with F(k) ≥ (i − ½) / n.
 * </ul>
 *
 * @param n the number of counts
 * @param lambda the mean count
 * @param variance the sample variance, null for a single count
 * @param dispersion variance / λ, null when either is undefined or λ is 0
 * @param cells the chi-square cells
 * @param chiSquare the statistic
 * @param df its degrees of freedom (may be below 1, when there are too few cells for a test)
 * @param pValue the upper-tail probability, null when {@code df < 1}
 * @param qq the Q-Q points, in order
 */
public record PoissonFit(
    int n,
    double lambda,
    Double variance,
    Double dispersion,
    List<Cell> cells,
    double chiSquare,
    int df,
    Double pValue,
    List<QqPoint> qq) {

  /** Least expected count of a chi-square cell (the usual rule of thumb). */
  public static final double MIN_EXPECTED = 5;

  /**
   * A chi-square cell: the counts {@code from..to}.
   *
   * @param to the last count in the cell, or null for the open upper tail
   */
  public record Cell(int from, Integer to, int observed, double expected) {}

  /**
   * A Q-Q point.
   *
   * @param probability (i − ½) / n
   * @param theoretical the Poisson(λ) quantile at {@code probability}
   * @param empirical the i-th smallest count
   */
  public record QqPoint(double probability, int theoretical, int empirical) {}

  /**
   * Fits counts.
   *
   * @param counts non-negative counts, at least one
   */
  public static PoissonFit fit(int[] counts) {
    if (counts.length == 0) {
      throw new StepIndexException("no slice counts to fit a Poisson distribution to");
    }
    int n = counts.length;
    int max = 0;
    double sum = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("negative count " + c);
      }
      max = Math.max(max, c);
      sum += c;
    }
    double lambda = sum / n;
    Double variance = null;
    if (n > 1) {
      double squares = 0;
      for (int c : counts) {
        squares += (c - lambda) * (c - lambda);
      }
      variance = squares / (n - 1);
    }
    Double dispersion = variance == null || lambda == 0 ? null : variance / lambda;
    int[] histogram = new int[max + 1];
    for (int c : counts) {
      histogram[c]++;
    }
    List<Cell> cells = cells(histogram, n, lambda);
    double chi = 0;
    for (Cell cell : cells) {
      chi +=
          (cell.observed() - cell.expected())
              * (cell.observed() - cell.expected())
              / cell.expected();
    }
    int df = cells.size() - 2;
    Double p = df < 1 ? null : Gamma.chiSquareSurvival(chi, df);
    return new PoissonFit(n, lambda, variance, dispersion, cells, chi, df, p, qq(counts, lambda));
  }

  /** P(X = k) for X ~ Poisson(λ). */
  public static double pmf(int k, double lambda) {
    if (lambda == 0) {
      return k == 0 ? 1 : 0;
    }
    return Math.exp(k * Math.log(lambda) - lambda - Gamma.logGamma(k + 1));
  }

  /** The smallest k with P(X ≤ k) ≥ p for X ~ Poisson(λ), 0 &lt; p &lt; 1. */
  public static int quantile(double p, double lambda) {
    double cdf = 0;
    for (int k = 0; ; k++) {
      cdf += pmf(k, lambda);
      // Rounding can keep the sum a hair below p deep in the tail; past that point the answer is k.
      if (cdf >= p || pmf(k, lambda) < 1e-300 && k > lambda) {
        return k;
      }
    }
  }

  private static List<Cell> cells(int[] histogram, int n, double lambda) {
    List<Cell> cells = new ArrayList<>();
    int from = 0;
    int observed = 0;
    double expected = 0;
    double cdf = 0;
    for (int k = 0; ; k++) {
      double pk = pmf(k, lambda);
      cdf += pk;
      expected += n * pk;
      observed += k < histogram.length ? histogram[k] : 0;
      double rest = n * Math.max(0, 1 - cdf);
      if (rest < MIN_EXPECTED) {
        int above = 0;
        for (int j = k + 1; j < histogram.length; j++) {
          above += histogram[j];
        }
        Cell last = new Cell(from, null, observed + above, expected + rest);
        if (last.expected() < MIN_EXPECTED && !cells.isEmpty()) {
          Cell previous = cells.removeLast();
          last =
              new Cell(
                  previous.from(),
                  null,
                  previous.observed() + last.observed(),
                  previous.expected() + last.expected());
        }
        cells.add(last);
        return cells;
      }
      if (expected >= MIN_EXPECTED) {
        cells.add(new Cell(from, k, observed, expected));
        from = k + 1;
        observed = 0;
        expected = 0;
      }
    }
  }

  private static List<QqPoint> qq(int[] counts, double lambda) {
    int[] sorted = counts.clone();
    Arrays.sort(sorted);
    List<QqPoint> out = new ArrayList<>(sorted.length);
    for (int i = 0; i < sorted.length; i++) {
      double p = (i + 0.5) / sorted.length;
      out.add(new QqPoint(p, quantile(p, lambda), sorted[i]));
    }
    return out;
  }
}
