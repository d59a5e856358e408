package org.stepindex.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.FindRow;
import org.stepindex.query.history.History;
import org.stepindex.query.history.NextRow;

/**
 * The measurements {@code bench --scale} is to report for {@code find} and {@code next} (issue #17's targets: the
 * first 20 rows of a frequent word in at most 50 ms cold; a context seen at most 10,000 times in at most 100 ms
 * cold, and its growth from 10% to 100% of the data), kept apart from the bench until the benchmarks' move to their
 * own module is done; wire {@link #measure} into each size of {@code bench --scale} and divide the 100% row by the
 * 10% row for the growth.
 *
 * <p>Cold means a freshly opened index and training data: nothing of the query is cached by the engine. Opening the
 * data is timed on its own row, since a server pays it once: it reads the whole {@code .idx} (validating every
 * sequence), so it grows with the data while the queries should not. The page cache is left as it is; the bench's
 * from-disk rows drop it first.
 */
public final class HistoryBench {
  /** Rows of a frequent word {@code find} is timed for. */
  public static final int FIND_ROWS = 20;

  private HistoryBench() {}

  /**
   * One measured operation.
   *
   * @param operation what was timed
   * @param p50Millis the median over the runs, in milliseconds
   * @param maxMillis the slowest run
   * @param rows rows answered (each run the same)
   * @param occurrences the query's occurrences up to the step (for {@code next}, the context's)
   */
  public record Timing(String operation, double p50Millis, double maxMillis, long rows, long occurrences) {}

  /**
   * Times {@code runs} cold runs of: opening the training data, the first {@value #FIND_ROWS} rows of {@code word}
   * (text view) by {@code step}, and {@code next} of {@code context} at {@code step} (every next token).
   */
  public static List<Timing> measure(Path indexDir, String word, int[] context, long step, int runs) {
    double[] open = new double[runs];
    double[] find = new double[runs];
    double[] next = new double[runs];
    long findRows = 0;
    long nextRows = 0;
    long wordOccurrences;
    long contextOccurrences;
    String ids = String.join(" ", Arrays.stream(context).mapToObj(Integer::toString).toList());
    try (FrequencyIndex index = FrequencyIndex.open(indexDir)) {
      wordOccurrences = index.countAt(index.compile("text", word), step).occurrences();
      contextOccurrences = index.countAt(index.compile("tokens", ids), step).occurrences();
    }
    for (int r = 0; r < runs; r++) {
      try (FrequencyIndex index = FrequencyIndex.open(indexDir); History history = new History(index, null, null)) {
        long t0 = System.nanoTime();
        history.openData();
        long t1 = System.nanoTime();
        List<FindRow> rows = new ArrayList<>();
        history.find(word, "text", 0, step, FIND_ROWS, null, 5, rows::add);
        long t2 = System.nanoTime();
        List<NextRow> after = history.next(context, step, 0, false);
        long t3 = System.nanoTime();
        open[r] = (t1 - t0) / 1e6;
        find[r] = (t2 - t1) / 1e6;
        next[r] = (t3 - t2) / 1e6;
        findRows = rows.size();
        nextRows = after.size();
      }
    }
    return List.of(
        new Timing("open the training data (once per process or server)", p50(open), max(open), 0, 0),
        new Timing("find: first " + FIND_ROWS + " rows of '" + word + "', cold", p50(find), max(find), findRows,
            wordOccurrences),
        new Timing("next: every token after [" + ids + "], cold", p50(next), max(next), nextRows, contextOccurrences));
  }

  private static double p50(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }
}
