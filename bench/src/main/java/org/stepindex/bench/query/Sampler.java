package org.stepindex.bench.query;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Times calls: a warm-up that lets the JIT compile the path, then timed calls, each measured alone
 * with {@link System#nanoTime()}, cycling through the cases of an operation.
 *
 * @param warmupNanos how long to run untimed calls first (0: none)
 * @param budgetNanos how long to keep timing once {@code minSamples} calls are timed
 * @param minSamples timed calls made whatever the budget
 * @param maxSamples timed calls at most
 */
record Sampler(long warmupNanos, long budgetNanos, int minSamples, int maxSamples) {
  /** Results of timed calls land here, so that the JIT cannot drop the calls as dead code. */
  private static volatile long sink;

  Sampler {
    if (minSamples < 1 || maxSamples < minSamples) {
      throw new IllegalArgumentException("need 1 <= minSamples <= maxSamples");
    }
  }

  /**
   * Times calls of {@code call(i)}, {@code i} cycling through {@code 0..cases-1}.
   *
   * @param cases how many distinct cases
   * @param call runs case {@code i} and returns something derived from its result
   * @return the latencies
   */
  BenchReport.Timing measure(int cases, IntToLongFunction call) {
    long checksum = 0;
    long start = System.nanoTime();
    for (int i = 0; System.nanoTime() - start < warmupNanos; i++) {
      checksum += call.applyAsLong(i % cases);
    }
    long[] samples = new long[maxSamples];
    int n = 0;
    start = System.nanoTime();
    while (n < maxSamples && (n < minSamples || System.nanoTime() - start < budgetNanos)) {
      long t0 = System.nanoTime();
      checksum += call.applyAsLong(n % cases);
      samples[n++] = System.nanoTime() - t0;
    }
    sink += checksum;
    return timing(Arrays.copyOf(samples, n));
  }

  /** Latencies from measured durations in nanoseconds. */
  static BenchReport.Timing timing(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new BenchReport.Timing(
        sorted.length, percentile(sorted, 50) / 1e3, percentile(sorted, 99) / 1e3);
  }

  /** The nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
