package org.stepindex.eval.tasks;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded draws of few-shot examples.
 *
 * <p>Every prompt gets its own generator, seeded from the run's seed and the prompt's identity, so
 * a prompt's shots do not depend on which other prompts are built (another operation, range or k)
 * or in which order. {@link java.util.Random} is used because its sequence is specified by the JDK,
 * so a seed means the same shots on every Java version.
 */
final class Draws {
  private Draws() {}

  /** A generator for one prompt: {@code seed} mixed with the parts that identify the prompt. */
  static Random random(long seed, long... parts) {
    long h = mix(seed);
    for (long p : parts) {
      h = mix(h ^ mix(p + 0x9E3779B97F4A7C15L));
    }
    return new Random(h);
  }

  /**
   * {@code k} distinct values from {@code [0, n)}, in draw order: a partial Fisher-Yates shuffle
   * that stores only the swapped slots, so drawing a few from a large pool costs O(k). The first
   * {@code j} values of a draw of {@code k} equal a draw of {@code j} from an identically seeded
   * generator, so fewer shots are always a prefix of more.
   */
  static int[] distinct(int n, int k, Random random) {
    if (k > n) {
      throw new IllegalArgumentException("cannot draw " + k + " distinct values from " + n);
    }
    Map<Integer, Integer> swapped = new HashMap<>();
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      out[i] = swapped.getOrDefault(j, j);
      swapped.put(j, swapped.getOrDefault(i, i));
    }
    return out;
  }

  // The SplitMix64 finalizer: spreads nearby inputs (x1 = 3, 4, ...) over unrelated seeds.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
