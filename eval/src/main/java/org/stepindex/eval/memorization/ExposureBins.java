package org.stepindex.eval.memorization;

import java.util.ArrayList;
import java.util.List;
import org.stepindex.indexer.base.Csv;

/**
 * Memorization rate by exposure, in log-spaced bins (powers of two: 1, 2–3, 4–7, …): for the whole
 * 64-token window and for the 32-token continuation, counted by the checkpoint, how many tested
 * sequences fell in each bin and how many of them were memorized. Sequences whose window holds a
 * special token (no count) are left out.
 */
final class ExposureBins {
  /** The suffix of the side file, {@code memorization-step<N>.exposure-bins.csv}. */
  static final String FILE = MemorizationTask.EXPOSURE_BINS;

  private static final int BINS = 40;
  private final long[][] sequences = new long[2][BINS];
  private final long[][] memorized = new long[2][BINS];

  /** Adds a tested sequence. */
  void add(SequenceExposures.Counts counts, boolean hit) {
    if (counts.fullAtCheckpoint() == null) {
      return;
    }
    add(0, counts.fullAtCheckpoint(), hit);
    add(1, counts.continuationAtCheckpoint(), hit);
  }

  private void add(int kind, long exposures, boolean hit) {
    int bin = bin(exposures);
    sequences[kind][bin]++;
    memorized[kind][bin] += hit ? 1 : 0;
  }

  /** The bin of a count: 0 for none, else {@code b} for {@code [2^(b-1), 2^b)}. */
  static int bin(long exposures) {
    return exposures <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(exposures);
  }

  /**
   * {@code of, from, to, sequences, memorized, rate}: one row a non-empty bin, whole windows first.
   */
  Csv.Table table() {
    List<List<String>> rows = new ArrayList<>();
    for (int kind = 0; kind < 2; kind++) {
      for (int b = 0; b < BINS; b++) {
        if (sequences[kind][b] == 0) {
          continue;
        }
        long from = b == 0 ? 0 : 1L << (b - 1);
        long to = b == 0 ? 0 : (1L << b) - 1;
        rows.add(
            List.of(
                kind == 0 ? "window" : "continuation",
                Long.toString(from),
                Long.toString(to),
                Long.toString(sequences[kind][b]),
                Long.toString(memorized[kind][b]),
                Csv.number((double) memorized[kind][b] / sequences[kind][b])));
      }
    }
    return new Csv.Table(List.of("of", "from", "to", "sequences", "memorized", "rate"), rows);
  }
}
