package org.stepindex.eval.agreement;

import java.util.Map;

/**
 * What the data said comes next, at a step: how often each token followed the conditioning tokens.
 *
 * @param n the order used: the conditioning tokens plus one (for ∞, the longest suffix found plus
 *     one; 1 when only the token frequencies were left)
 * @param counts each next token's count; empty when the conditioning tokens were never followed by
 *     that step
 */
public record DataDistribution(int n, Map<Integer, Long> counts) {
  public DataDistribution {
    counts = Map.copyOf(counts);
  }

  /** The count of every next token together. */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The most frequent next token (the lowest id among equals); -1 when there is none. */
  public int top() {
    int best = -1;
    long bestCount = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }
}
