package org.stepindex.eval.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Δ against a hand-computed example with frequency ties across both cuts. */
class PerformanceGapTest {
  private static PerformanceGap.Item item(double key, double frequency, double accuracy) {
    return new PerformanceGap.Item(key, frequency, accuracy);
  }

  @Test
  void groupSizeIsTenPercentRoundedUp() {
    assertEquals(1, PerformanceGap.groupSize(1));
    assertEquals(1, PerformanceGap.groupSize(5));
    assertEquals(1, PerformanceGap.groupSize(10));
    assertEquals(2, PerformanceGap.groupSize(11));
    assertEquals(3, PerformanceGap.groupSize(25));
    assertEquals(10, PerformanceGap.groupSize(100));
  }

  @Test
  void handComputedExampleBreaksTiesByKey() {
    // 12 items, m = ⌈12/10⌉ = 2. Ordered by (frequency, key):
    // (2,f0,.5) (3,f0,.25) (9,f0,.3) (10,f2,.2) (6,f3,.1) (11,f4,.4) (1,f5,0) (12,f6,.7) (4,f7,1)
    // (5,f9,.5) (7,f9,.8)
    // (8,f9,.6). Bottom: keys 2 and 3 (key 9 ties at f0 but sorts after) → mean .375. Top: keys 7
    // and 8 (key 5 ties
    // at f9 but sorts before) → mean .7. Δ = (.7 − .375) × 100 = 32.5.
    List<PerformanceGap.Item> items =
        new ArrayList<>(
            List.of(
                item(1, 5, 0.0),
                item(2, 0, 0.5),
                item(3, 0, 0.25),
                item(4, 7, 1.0),
                item(5, 9, 0.5),
                item(6, 3, 0.1),
                item(7, 9, 0.8),
                item(8, 9, 0.6),
                item(9, 0, 0.3),
                item(10, 2, 0.2),
                item(11, 4, 0.4),
                item(12, 6, 0.7)));
    assertEquals(32.5, PerformanceGap.delta(items), 1e-9);
    Collections.shuffle(items, new Random(3));
    assertEquals(32.5, PerformanceGap.delta(items), 1e-9, "order of input does not matter");
  }

  @Test
  void smallSamples() {
    // n = 3, m = 1: most frequent (f 9) minus least frequent (f 1).
    assertEquals(
        -50.0,
        PerformanceGap.delta(List.of(item(1, 1, 0.75), item(2, 5, 1.0), item(3, 9, 0.25))),
        1e-9);
    // n = 2, all frequencies tied: key 2 counts as the more frequent one.
    assertEquals(100.0, PerformanceGap.delta(List.of(item(2, 4, 1.0), item(1, 4, 0.0))), 1e-9);
    assertTrue(Double.isNaN(PerformanceGap.delta(List.of(item(1, 1, 1.0)))));
    assertTrue(Double.isNaN(PerformanceGap.delta(List.of())));
  }
}
