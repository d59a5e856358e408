package org.stepindex.eval.correlate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spearman's ρ against values worked out by hand, ties included. */
class SpearmanTest {
  @Test
  void tiesShareTheAverageRank() {
    assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Spearman.ranks(new double[] {10, 20, 20, 30}));
    assertArrayEquals(new double[] {4, 2, 2, 2}, Spearman.ranks(new double[] {9, 1, 1, 1}));
  }

  @Test
  void handComputedExampleWithTiesInBothSamples() {
    // x ranks 1, 2.5, 2.5, 4, 5; y ranks 2, 3.5, 1, 3.5, 5; both have mean 3.
    // Σ dx·dy = 2 − 0.25 + 1 + 0.5 + 4 = 7.25; Σ dx² = Σ dy² = 9.5; ρ = 7.25 / 9.5.
    double[] frequency = {10, 20, 20, 40, 50};
    double[] accuracy = {0.2, 0.4, 0.1, 0.4, 0.9};
    assertEquals(7.25 / 9.5, Spearman.rho(frequency, accuracy), 1e-12);
    // The no-ties shortcut 1 − 6Σd²/(n(n²−1)) would give 1 − 6·5/120 = 0.75: a different number.
    assertTrue(Math.abs(Spearman.rho(frequency, accuracy) - 0.75) > 0.01);
  }

  @Test
  void monotoneSamplesGiveOneAndMinusOne() {
    assertEquals(1.0, Spearman.rho(new double[] {1, 5, 100}, new double[] {0.1, 0.2, 0.9}), 1e-12);
    assertEquals(-1.0, Spearman.rho(new double[] {1, 5, 100}, new double[] {0.9, 0.2, 0.1}), 1e-12);
  }

  @Test
  void undefinedIsNaN() {
    assertTrue(
        Double.isNaN(Spearman.rho(new double[] {1, 2, 3}, new double[] {1, 1, 1})),
        "constant accuracy");
    assertTrue(
        Double.isNaN(Spearman.rho(new double[] {4, 4}, new double[] {0, 1})), "constant frequency");
    assertTrue(Double.isNaN(Spearman.rho(new double[] {4}, new double[] {1})), "one pair");
    assertTrue(Double.isNaN(Spearman.rho(new double[0], new double[0])), "no pair");
    assertThrows(
        IllegalArgumentException.class, () -> Spearman.rho(new double[] {1, 2}, new double[] {1}));
  }
}
