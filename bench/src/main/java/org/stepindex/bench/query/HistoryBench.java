package org.stepindex.bench.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stepindex.eval.memorization.SequenceExposures;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.FindRow;
import org.stepindex.query.history.History;

/**
 * Cold {@code find} and {@code next} for {@code bench --scale} (issue #17's targets: the first
 * {@value #FIND_ROWS} rows of a frequent word in at most 50 ms cold, flat with the data; a context
 * seen at most 10,000 times in at most 100 ms cold, with its growth from 10% to 100% of the data).
 *
 * <p>Cold means a freshly opened index and training data in every run: nothing of the query is
 * cached by the engine (the JIT is warm, as in the bench's other rows). Opening the data is timed
 * on its own row, since a process or a server pays it once: it reads the whole {@code .idx}, so it
 * grows with the data while the queries should not. The page cache is left as it is.
 */
public final class HistoryBench {
  /** Rows of a frequent word {@code find} is timed for. */
  public static final int FIND_ROWS = 20;

  private HistoryBench() {}

  /**
   * One measured operation.
   *
   * @param nanos each run's time
   * @param rows rows answered (each run the same)
   * @param occurrences the query's occurrences up to the step (for {@code next}, the context's)
   */
  public record Measured(long[] nanos, long rows, long occurrences) {}

  /**
   * The three measurements of {@link #measure}.
   *
   * @param openData opening the training data
   * @param find the first {@value #FIND_ROWS} rows of the word
   * @param next every next token of the context; null when no context was given
   */
  public record Result(Measured openData, Measured find, Measured next) {}

  /**
   * Times {@code runs} cold runs of: opening the training data, the first {@value #FIND_ROWS} rows
   * of {@code word} (text view) by {@code step}, and, unless {@code context} is null, {@code next}
   * of {@code context} at {@code step} (every next token; the index needs the {@code tokens} view).
   */
  public static Result measure(Path indexDir, String word, int[] context, long step, int runs) {
    long[] open = new long[runs];
    long[] find = new long[runs];
    long[] next = new long[runs];
    long findRows = 0;
    long nextRows = 0;
    long wordOccurrences;
    long contextOccurrences = 0;
    try (FrequencyIndex index = FrequencyIndex.open(indexDir)) {
      wordOccurrences = index.countAt(index.compile("text", word), step).occurrences();
      if (context != null) {
        contextOccurrences =
            index.countAt(index.compile("tokens", ids(context)), step).occurrences();
      }
    }
    for (int r = 0; r < runs; r++) {
      try (FrequencyIndex index = FrequencyIndex.open(indexDir);
          History history = new History(index, null, null)) {
        long t0 = System.nanoTime();
        history.openData();
        long t1 = System.nanoTime();
        List<FindRow> rows = new ArrayList<>();
        history.find(word, "text", 0, step, FIND_ROWS, null, 5, rows::add);
        long t2 = System.nanoTime();
        if (context != null) {
          nextRows = history.next(context, step, 0, false).size();
        }
        long t3 = System.nanoTime();
        open[r] = t1 - t0;
        find[r] = t2 - t1;
        next[r] = t3 - t2;
        findRows = rows.size();
      }
    }
    return new Result(
        new Measured(open, 0, 0),
        new Measured(find, findRows, wordOccurrences),
        context == null ? null : new Measured(next, nextRows, contextOccurrences));
  }

  /**
   * Times what {@code eval --task memorization --index} adds per tested sequence: the four exposure
   * counts ({@link SequenceExposures}) of the first 64 tokens of {@code sequences} sequences drawn
   * (seeded) from those seen by {@code step}, each sequence counted once in an index opened for the
   * run (each a query never asked before). Windows that hold a special token have no counts and are
   * drawn again.
   *
   * @return one time per sequence; {@code occurrences} is the sum of the windows' counts by the
   *     step
   */
  public static Measured measureExposures(Path indexDir, long step, int sequences, long seed) {
    try (FrequencyIndex index = FrequencyIndex.open(indexDir);
        History history = new History(index, null, null)) {
      SequenceExposures exposures = new SequenceExposures(index, history.tokenizer());
      long seen = index.manifest().sequencesBefore(step);
      java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
      long[] nanos = new long[sequences];
      long occurrences = 0;
      for (int i = 0, tries = 0; i < sequences && tries < 100 * sequences; tries++) {
        long sequence = random.nextLong(seen);
        int[] ids = history.ids(sequence);
        if (ids.length < 64) {
          continue;
        }
        int[] window = java.util.Arrays.copyOf(ids, 64);
        long t0 = System.nanoTime();
        SequenceExposures.Counts counts =
            exposures.count(window, 32, index.manifest().layout().stepOf(sequence), step);
        long t1 = System.nanoTime();
        if (counts.fullAtCheckpoint() != null) {
          nanos[i++] = t1 - t0;
          occurrences += counts.fullAtCheckpoint();
        }
      }
      return new Measured(nanos, sequences, occurrences);
    }
  }

  /** The context as the {@code tokens} view's query text: ids separated by spaces. */
  public static String ids(int[] context) {
    StringBuilder text = new StringBuilder();
    for (int id : context) {
      text.append(text.isEmpty() ? "" : " ").append(id);
    }
    return text.toString();
  }
}
