package org.stepindex.eval.agreement;

import java.util.List;

/**
 * One order of the data's n-gram model: {@code n} = 1…4 conditions on the context's last {@code n −
 * 1} tokens (1: the token frequencies alone), ∞ on the longest suffix of the context that the data
 * had followed by some token.
 *
 * @param label the order's name in output files: {@code 1} … {@code 4}, or {@code inf}
 * @param n the order, or 0 for ∞
 */
public record NgramOrder(String label, int n) {
  /** The orders every context is compared at, lowest first. */
  public static final List<NgramOrder> ALL =
      List.of(
          new NgramOrder("1", 1),
          new NgramOrder("2", 2),
          new NgramOrder("3", 3),
          new NgramOrder("4", 4),
          new NgramOrder("inf", 0));

  /** Whether this is the ∞-gram. */
  public boolean infinite() {
    return n == 0;
  }
}
