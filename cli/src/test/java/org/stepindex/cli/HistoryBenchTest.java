package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HistoryBench} measures its three rows on the shared small index; no time is asserted. */
class HistoryBenchTest {
  @Test
  void measuresOpenFindAndNext() {
    SmallCorpus corpus = SmallCorpus.get();
    long[] the = corpus.count("--step", "38", "the");
    List<HistoryBench.Timing> timings = HistoryBench.measure(corpus.index, "the", new int[] {5}, 38, 3);
    assertEquals(3, timings.size());
    assertEquals(HistoryBench.FIND_ROWS, timings.get(1).rows());
    assertEquals(the[1], timings.get(1).occurrences());
    timings.forEach(t -> assertTrue(t.p50Millis() >= 0 && t.maxMillis() >= t.p50Millis(), t.toString()));
  }
}
