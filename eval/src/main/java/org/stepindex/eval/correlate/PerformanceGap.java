package org.stepindex.eval.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The performance gap Δ of the Pythia paper (Table 4, after Razeghi et al. 2022): how much more
 * accurate a model is on the items it has seen most often than on those it has seen least often.
 *
 * <p>{@code Δ = (mean accuracy of the top m items − mean accuracy of the bottom m items) × 100}, in
 * percentage points when accuracies are fractions. The definition, made exact for small and tied
 * samples:
 *
 * <ul>
 *   <li>{@code m = ⌈n / 10⌉} for {@code n} items: 10% rounded up, so every non-empty sample has a
 *       top and a bottom (100 operands give 10, 25 give 3, 5 give 1). For {@code n ≥ 2}, {@code 2m
 *       ≤ n}, so the two groups never share an item; for {@code n < 2}, Δ is NaN.
 *   <li>Items are ordered by frequency, and items of equal frequency by their key, ascending (for
 *       arithmetic the key is the operand's numeric value). The bottom group is the first {@code m}
 *       of that order, the top group the last {@code m}. So a tie across a cut is broken
 *       deterministically: of two equally frequent operands, the larger one counts as the more
 *       frequent.
 * </ul>
 */
public final class PerformanceGap {
  private PerformanceGap() {}

  /**
   * One item: how often it was seen and how accurate the model is on it.
   *
   * @param key the tie-breaking key (for arithmetic, the operand's value)
   * @param frequency its frequency
   * @param accuracy its accuracy, a fraction in [0, 1]
   */
  public record Item(double key, double frequency, double accuracy) {}

  /** How many items each group holds for {@code n} items: ⌈n/10⌉. */
  public static int groupSize(int n) {
    return (n + 9) / 10;
  }

  /**
   * Δ of the items.
   *
   * @param items the items, in any order
   * @return Δ in percentage points, or NaN for fewer than two items
   */
  public static double delta(List<Item> items) {
    int n = items.size();
    if (n < 2) {
      return Double.NaN;
    }
    List<Item> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparingDouble(Item::frequency).thenComparingDouble(Item::key));
    int m = groupSize(n);
    double bottom = 0;
    double top = 0;
    for (int i = 0; i < m; i++) {
      bottom += sorted.get(i).accuracy();
      top += sorted.get(n - 1 - i).accuracy();
    }
    return (top - bottom) / m * 100;
  }
}
