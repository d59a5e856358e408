package org.stepindex.eval.correlate;

/**
 * Decade bins of a count, as in Kandpal et al. (2022): bin {@code i} holds counts in {@code [10^i, 10^(i+1))} for
 * {@code i = 0 … 6}. A count of zero goes into bin 0 (so bin 0 is {@code [0, 10)}), and the last bin is open above:
 * counts of {@code 10^7} and more go into bin 6.
 */
public final class LogBins {
  /** The number of bins. */
  public static final int COUNT = 7;

  private LogBins() {}

  /** The bin of {@code count} (non-negative). */
  public static int of(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("negative count " + count);
    }
    int bin = 0;
    for (long edge = 10; bin < COUNT - 1 && count >= edge; edge *= 10) {
      bin++;
    }
    return bin;
  }

  /** The smallest count in {@code bin}: 0 for bin 0, else {@code 10^bin}. */
  public static long low(int bin) {
    return bin == 0 ? 0 : pow10(bin);
  }

  /** One past the largest count in {@code bin}, {@code 10^(bin+1)}; {@link Long#MAX_VALUE} for the last bin. */
  public static long high(int bin) {
    return bin == COUNT - 1 ? Long.MAX_VALUE : pow10(bin + 1);
  }

  /** The bin as text: {@code [0,10)}, {@code [10,100)}, …, {@code [1000000,inf)}. */
  public static String label(int bin) {
    return "[" + low(bin) + "," + (bin == COUNT - 1 ? "inf" : Long.toString(high(bin))) + ")";
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }
}
