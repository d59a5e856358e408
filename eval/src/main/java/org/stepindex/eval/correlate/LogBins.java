package org.stepindex.eval.correlate;

/**
 * The TriviaQA count bins of the Pythia study ({@code
 * case-studies/term_frequency/scripts/trivia_qa_term_freq.py}): {@code pd.cut(count,
 * bins=np.logspace(0, 6, 7), labels=bins[:-1])}, so bin {@code i} holds counts in the right-closed
 * interval {@code (10^i, 10^(i+1)]} for {@code i = 0 … 5}; a count outside every interval (0, 1, or
 * more than 10^6) has no bin there, and the script's {@code fillna(1)} puts it into the first bin.
 * Each bin is plotted at its lower edge × √10 ({@code data['bin'] * np.sqrt(10)}, "midpoint in
 * log-space").
 */
public final class LogBins {
  /** The number of bins. */
  public static final int COUNT = 6;

  /** The largest count inside the last interval. */
  private static final long TOP = 1_000_000;

  private LogBins() {}

  /**
   * The bin of {@code count} (non-negative): {@code i} for {@code (10^i, 10^(i+1)]}, 0 for a count
   * outside.
   */
  public static int of(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("negative count " + count);
    }
    if (count <= 1 || count > TOP) {
      return 0;
    }
    int bin = 0;
    for (long edge = 10; count > edge; edge *= 10) {
      bin++;
    }
    return bin;
  }

  /** The lower (open) edge of {@code bin}'s interval, {@code 10^bin}. */
  public static long low(int bin) {
    return pow10(bin);
  }

  /** The upper (closed) edge of {@code bin}'s interval, {@code 10^(bin+1)}. */
  public static long high(int bin) {
    return pow10(bin + 1);
  }

  /** Where the script plots {@code bin}: its lower edge × √10. */
  public static double plotX(int bin) {
    return low(bin) * Math.sqrt(10);
  }

  /** The bin as text: {@code (1,10] or outside}, {@code (10,100]}, …, {@code (100000,1000000]}. */
  public static String label(int bin) {
    return "(" + low(bin) + "," + high(bin) + "]" + (bin == 0 ? " or outside" : "");
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }
}
