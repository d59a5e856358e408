package org.stepindex.query.rows;

import java.util.Arrays;
import java.util.List;
import org.stepindex.query.Count;

/**
 * A co-occurrence count of two text queries: at a step ({@code a, b, window, step, sequences,
 * occurrences}) or over a step range ({@code a, b, window, from, to, sequences, occurrences}).
 *
 * @param a the first query as given
 * @param b the second query as given
 * @param window the word window (0: anywhere in the sequence)
 * @param step the step counted at, or null for a range
 * @param from the range's first step, or null at a step
 * @param to the range's end step (exclusive), or null at a step
 * @param count the count
 */
public record CooccurRow(String a, String b, int window, Long step, Long from, Long to, Count count)
    implements Row {
  private static final List<String> AT =
      List.of("a", "b", "window", "step", "sequences", "occurrences");
  private static final List<String> RANGE =
      List.of("a", "b", "window", "from", "to", "sequences", "occurrences");

  /** The columns of rows at steps ({@code range} false) or over a range. */
  public static List<String> columns(boolean range) {
    return range ? RANGE : AT;
  }

  @Override
  public List<String> columns() {
    return columns(step == null);
  }

  @Override
  public List<Object> values() {
    return step != null
        ? Arrays.asList(a, b, window, step, count.sequences(), count.occurrences())
        : Arrays.asList(a, b, window, from, to, count.sequences(), count.occurrences());
  }
}
