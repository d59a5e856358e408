package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why greedy decodings from different kernel paths may be compared token for token, and the check
 * that makes it so.
 *
 * <p>Batched, left-padded, KV-cached and plain forwards sum the same float32 products in different
 * orders, so their logits differ in the last bits (at most a few 1e-6 on the tiny fixtures, {@link
 * KvCacheTest} pins below 1e-5). Such a difference can change an argmax only where the two best
 * logits are closer than that. A reference decoding whose every choice wins by at least {@link
 * #MARGIN} therefore has one right answer on every CPU, and the faster paths must reproduce it
 * exactly; a fixture with a near tie is reported as such instead of passing or failing by kernel.
 */
final class NearTies {
  /**
   * The smallest winning margin that no float32 kernel difference seen here (≤ 1e-5) can overturn,
   * ×10.
   */
  static final double MARGIN = 1e-4;

  private NearTies() {}

  /**
   * Returns the index of the largest of {@code vocab} logits starting at {@code from}, skipping
   * {@code excluded} (−1 for none), after asserting that it beats the runner-up by at least {@link
   * #MARGIN}.
   */
  static int decisiveArgmax(float[] logits, int from, int vocab, int excluded, String what) {
    int best = -1;
    int second = -1;
    for (int v = 0; v < vocab; v++) {
      if (v == excluded) {
        continue;
      }
      if (best < 0 || logits[from + v] > logits[from + best]) {
        second = best;
        best = v;
      } else if (second < 0 || logits[from + v] > logits[from + second]) {
        second = v;
      }
    }
    double gap = logits[from + best] - logits[from + second];
    assertTrue(
        gap >= MARGIN,
        what
            + ": ids "
            + best
            + " and "
            + second
            + " are "
            + gap
            + " apart, a near tie "
            + "that float32 kernel differences may break either way; choose a prompt without one");
    return best;
  }
}
