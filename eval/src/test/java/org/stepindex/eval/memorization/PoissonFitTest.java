package org.stepindex.eval.memorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Poisson fit, chi-square tail and Q-Q points against values worked out by hand. */
class PoissonFitTest {

  static int[] counts(int... valueTimes) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < valueTimes.length; i += 2) {
      out.addAll(Collections.nCopies(valueTimes[i + 1], valueTimes[i]));
    }
    Collections.shuffle(out, new java.util.Random(1)); // the fit must not depend on the order
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void gammaAndChiSquareTailAgainstKnownValues() {
    assertEquals(Math.log(24), Gamma.logGamma(5), 1e-13);
    assertEquals(Math.log(Math.sqrt(Math.PI)), Gamma.logGamma(0.5), 1e-13);
    assertEquals(Math.log(Math.sqrt(Math.PI) / 2), Gamma.logGamma(1.5), 1e-13);
    // Two degrees of freedom: the tail is exactly e^{-x/2}; 0.5 takes the series, 10 the continued
    // fraction.
    for (double x : new double[] {0.5, 1.9, 2.1, 10, 40}) {
      assertEquals(
          Math.exp(-x / 2),
          Gamma.chiSquareSurvival(x, 2),
          1e-14 + 1e-12 * Math.exp(-x / 2),
          "x=" + x);
    }
    // Table values: the 5% critical points for 1 and 10 degrees of freedom.
    assertEquals(0.05, Gamma.chiSquareSurvival(3.841458820694124, 1), 1e-12);
    assertEquals(0.05, Gamma.chiSquareSurvival(18.307038053275146, 10), 1e-12);
    assertEquals(1, Gamma.regularizedP(3, 2.5) + Gamma.regularizedQ(3, 2.5), 1e-15);
    assertEquals(1.0, Gamma.chiSquareSurvival(0, 3));
  }

  @Test
  void fitOfFortyCountsByHand() {
    // 8 zeros, 12 ones, 10 twos, 6 threes, 3 fours, 1 six: n = 40, sum 68, lambda = 1.7.
    PoissonFit fit = PoissonFit.fit(counts(0, 8, 1, 12, 2, 10, 3, 6, 4, 3, 6, 1));
    assertEquals(40, fit.n());
    assertEquals(1.7, fit.lambda(), 1e-12);
    // Sum of squared deviations: 8(1.7)^2 + 12(0.7)^2 + 10(0.3)^2 + 6(1.3)^2 + 3(2.3)^2 + (4.3)^2 =
    // 74.4; / 39.
    assertEquals(74.4 / 39, fit.variance(), 1e-12);
    assertEquals(74.4 / 39 / 1.7, fit.dispersion(), 1e-12);
    // Expected: 40 e^-1.7 (1, 1.7, 1.7^2/2) = 7.31, 12.42, 10.56, each >= 5; the tail from 3 on is
    // 3.73 < 5, so the
    // last cell is {>= 3}: expected 40 - the rest = 9.71, observed 6 + 3 + 1 = 10. Four cells, df =
    // 4 - 2 = 2.
    double e0 = 40 * Math.exp(-1.7);
    double e1 = e0 * 1.7;
    double e2 = e0 * 1.7 * 1.7 / 2;
    double e3 = 40 - e0 - e1 - e2;
    assertEquals(4, fit.cells().size());
    double[] expected = {e0, e1, e2, e3};
    int[] observed = {8, 12, 10, 10};
    double chi = 0;
    for (int i = 0; i < 4; i++) {
      assertEquals(observed[i], fit.cells().get(i).observed());
      assertEquals(expected[i], fit.cells().get(i).expected(), 1e-9);
      chi += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
    }
    assertEquals(3, fit.cells().get(3).from());
    assertNull(fit.cells().get(3).to());
    assertEquals(chi, fit.chiSquare(), 1e-12);
    assertEquals(0.11823, fit.chiSquare(), 1e-5);
    assertEquals(2, fit.df());
    assertEquals(Math.exp(-chi / 2), fit.pValue(), 1e-12);
  }

  @Test
  void qqPointsPairSortedCountsWithPoissonQuantiles() {
    PoissonFit fit = PoissonFit.fit(counts(0, 8, 1, 12, 2, 10, 3, 6, 4, 3, 6, 1));
    // Poisson(1.7) CDF: F(0) = .1827, F(1) = .4932, F(2) = .7572, F(3) = .9068, F(4) = .9704, F(5)
    // = .9920; at
    // p_i = (i - 1/2) / 40 the quantile is 0 for i <= 7, 1 for i <= 20, 2 for i <= 30, 3 for i <=
    // 36, 4 for i <= 39,
    // and 5 for i = 40.
    int[] theoretical = new int[40];
    int[] empirical = new int[40];
    for (int i = 0; i < 40; i++) {
      PoissonFit.QqPoint q = fit.qq().get(i);
      assertEquals((i + 0.5) / 40, q.probability(), 1e-15);
      theoretical[i] = q.theoretical();
      empirical[i] = q.empirical();
    }
    assertEquals(List.of(7, 13, 10, 6, 3, 1, 0), tally(theoretical));
    assertEquals(List.of(8, 12, 10, 6, 3, 0, 1), tally(empirical));
    assertEquals(5, theoretical[39]);
    assertEquals(6, empirical[39]);
    assertEquals(0, PoissonFit.quantile(0.18, 1.7));
    assertEquals(1, PoissonFit.quantile(0.19, 1.7));
  }

  static List<Integer> tally(int[] values) {
    List<Integer> out = new ArrayList<>(Collections.nCopies(7, 0));
    for (int v : values) {
      out.set(v, out.get(v) + 1);
    }
    return out;
  }

  @Test
  void degenerateCounts() {
    PoissonFit zeros = PoissonFit.fit(new int[] {0, 0, 0, 0});
    assertEquals(0, zeros.lambda());
    assertEquals(0.0, zeros.variance());
    assertNull(zeros.dispersion(), "variance / 0 is undefined");
    assertEquals(1, zeros.cells().size());
    assertEquals(-1, zeros.df());
    assertNull(zeros.pValue());
    assertEquals(0, zeros.qq().getLast().theoretical());
    PoissonFit one = PoissonFit.fit(new int[] {3});
    assertNull(one.variance());
    assertNull(one.dispersion());
    // Few counts: the only cell is everything, whose expectation 1 < 5 has nothing before it to
    // merge into.
    assertEquals(1, one.cells().size());
    assertEquals(1.0, one.cells().getFirst().expected(), 1e-12);
  }
}
