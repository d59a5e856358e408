package org.stepindex.query.rows;

import java.util.Arrays;
import java.util.List;
import org.stepindex.query.Count;

/**
 * A count of one query: at a step ({@code query, view, step, sequences, occurrences}) or over a
 * step range ({@code query, view, from, to, sequences, occurrences}).
 *
 * @param query the query exactly as the user gave it
 * @param view the view counted
 * @param step the step counted at, or null for a range
 * @param from the range's first step, or null at a step
 * @param to the range's end step (exclusive), or null at a step
 * @param count the count
 */
public record CountRow(String query, String view, Long step, Long from, Long to, Count count)
    implements Row {
  private static final List<String> AT =
      List.of("query", "view", "step", "sequences", "occurrences");
  private static final List<String> RANGE =
      List.of("query", "view", "from", "to", "sequences", "occurrences");

  /** The count at {@code step}. */
  public static CountRow at(String query, String view, long step, Count count) {
    return new CountRow(query, view, step, null, null, count);
  }

  /** The count over steps {@code [from, to)}. */
  public static CountRow range(String query, String view, long from, long to, Count count) {
    return new CountRow(query, view, null, from, to, count);
  }

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
        ? Arrays.asList(query, view, step, count.sequences(), count.occurrences())
        : Arrays.asList(query, view, from, to, count.sequences(), count.occurrences());
  }
}
