package org.stepindex.eval.correlate;

/**
 * The operand-count bins of the Pythia study's arithmetic figures ({@code
 * case-studies/term_frequency/term_frequency.py}): {@code pd.cut(count, bins=np.logspace(5,
 * np.log10(2 * 10**8), 20), labels=bins[:-1]).astype(int)}. The 20 edges {@code 10^(5 +
 * i·(log10(2e8) − 5)/19)} make 19 right-closed intervals {@code (e_i, e_(i+1)]}; a bin is labelled
 * with its lower edge truncated to an integer, and the figure plots the mean accuracy of the
 * operands in a bin at that label, one line per checkpoint. A count outside {@code (10^5, 2·10^8]}
 * has no bin: the script's {@code astype(int)} would fail on it, so here the operand is left out of
 * the binned figure (and kept in every other table).
 */
public final class OperandBins {
  /** The number of edges, {@code np.logspace(..., 20)}. */
  private static final int EDGES = 20;

  /**
   * The edges, as {@code np.logspace} computes them ({@code 10 ** linspace}, the last exactly the
   * stop).
   */
  private static final double[] EDGE = new double[EDGES];

  static {
    double start = 5;
    double stop = Math.log10(2e8);
    double step = (stop - start) / (EDGES - 1);
    for (int i = 0; i < EDGES; i++) {
      EDGE[i] = Math.pow(10, i == EDGES - 1 ? stop : start + i * step);
    }
  }

  /** The number of bins. */
  public static final int COUNT = EDGES - 1;

  private OperandBins() {}

  /**
   * The bin of {@code count}.
   *
   * @return {@code i} for {@code (e_i, e_(i+1)]}, or -1 when the count is in no bin
   */
  public static int of(long count) {
    for (int i = 0; i < COUNT; i++) {
      if (count > EDGE[i] && count <= EDGE[i + 1]) {
        return i;
      }
    }
    return -1;
  }

  /** The lower edge of {@code bin}. */
  public static double low(int bin) {
    return EDGE[bin];
  }

  /** The upper edge of {@code bin}. */
  public static double high(int bin) {
    return EDGE[bin + 1];
  }

  /** The bin's label and where it is plotted: its lower edge as an integer, {@code int(e_i)}. */
  public static long label(int bin) {
    return (long) EDGE[bin];
  }
}
