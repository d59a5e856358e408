package org.stepindex.query.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stepindex.query.Count;
import org.stepindex.query.rows.JsonNull;
import org.stepindex.query.rows.Row;

/**
 * When a query (or a pair of queries) was seen, as of step {@code step}: {@code exposures}' answer.
 *
 * <p>As JSON it is one object: {@code query} (or {@code a} and {@code b} for a pair), {@code view},
 * {@code step}, {@code first_step}, {@code nth} (an object from each n asked to the step of the
 * n-th occurrence), {@code last_step}, {@code steps_since_last}, {@code steps_with} and, when
 * intervals were asked, {@code per}: a list of {@code {"from", "to", "sequences", "occurrences"}}.
 * What was never seen is {@code null}, never 0 or -1. A table or CSV has the same columns flattened
 * ({@link #lines}): {@code nth_N} for each n, and one line per interval.
 *
 * @param query the query as given, or null for a pair
 * @param pair the pair's two queries as given, or null for a query
 * @param view the view counted
 * @param step the step the answer is as of ("at step S": the sequences of steps {@code [0, S)})
 * @param firstStep the step of the first occurrence, or null
 * @param nth each n asked, in the order asked, to the step of the n-th occurrence (null where there
 *     were fewer)
 * @param lastStep the last step before {@code step} with an occurrence, or null
 * @param stepsWith how many distinct steps held an occurrence
 * @param per the intervals asked, or null for none
 */
public record ExposureRow(
    String query,
    List<String> pair,
    String view,
    long step,
    Long firstStep,
    Map<Long, Long> nth,
    Long lastStep,
    long stepsWith,
    List<Interval> per)
    implements Row {

  /**
   * The occurrences in one interval of steps (not cumulative).
   *
   * @param from the interval's first step
   * @param to its end step (exclusive)
   * @param count the sequences and occurrences in its sequences
   */
  public record Interval(long from, long to, Count count) {}

  public ExposureRow {
    pair = pair == null ? null : List.copyOf(pair);
    nth = Collections.unmodifiableMap(new LinkedHashMap<>(nth));
    per = per == null ? null : List.copyOf(per);
  }

  /**
   * {@code step - lastStep}: 1 when the last occurrence was in the batch just before the
   * checkpoint; or null.
   */
  public Long stepsSinceLast() {
    return lastStep == null ? null : step - lastStep;
  }

  /** The JSON columns of a row for a query or a pair, with or without intervals. */
  public static List<String> columns(boolean pair, boolean per) {
    List<String> columns = new ArrayList<>(pair ? List.of("a", "b") : List.of("query"));
    columns.addAll(
        List.of(
            "view", "step", "first_step", "nth", "last_step", "steps_since_last", "steps_with"));
    if (per) {
      columns.add("per");
    }
    return columns;
  }

  /**
   * The columns of {@link #lines}: {@code nth_N} for each n of {@code nth}, and an interval's where
   * asked.
   */
  public static List<String> lineColumns(boolean pair, List<Long> nth, boolean per) {
    List<String> columns = new ArrayList<>(pair ? List.of("a", "b") : List.of("query"));
    columns.addAll(List.of("view", "step", "first_step"));
    nth.forEach(n -> columns.add("nth_" + n));
    columns.addAll(List.of("last_step", "steps_since_last", "steps_with"));
    if (per) {
      columns.addAll(List.of("from", "to", "sequences", "occurrences"));
    }
    return columns;
  }

  @Override
  public List<String> columns() {
    return columns(pair != null, per != null);
  }

  @Override
  public List<Object> values() {
    List<Object> values = new ArrayList<>(start());
    Map<String, Object> steps = new LinkedHashMap<>();
    nth.forEach((n, at) -> steps.put(Long.toString(n), at == null ? JsonNull.VALUE : at));
    values.addAll(
        Arrays.asList(
            view,
            step,
            orNull(firstStep),
            steps,
            orNull(lastStep),
            orNull(stepsSinceLast()),
            stepsWith));
    if (per != null) {
      List<Map<String, Object>> intervals = new ArrayList<>(per.size());
      for (Interval interval : per) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("from", interval.from());
        object.put("to", interval.to());
        object.put("sequences", interval.count().sequences());
        object.put("occurrences", interval.count().occurrences());
        intervals.add(object);
      }
      values.add(intervals);
    }
    return values;
  }

  /**
   * The row flattened for a table or CSV: one line, or one per interval when intervals were asked.
   */
  public List<Row> lines() {
    List<Object> head = new ArrayList<>(start());
    head.addAll(Arrays.asList(view, step, orNull(firstStep)));
    nth.values().forEach(at -> head.add(orNull(at)));
    head.addAll(Arrays.asList(orNull(lastStep), orNull(stepsSinceLast()), stepsWith));
    List<String> columns = lineColumns(pair != null, List.copyOf(nth.keySet()), per != null);
    if (per == null) {
      return List.of(new Line(columns, head));
    }
    List<Row> lines = new ArrayList<>(per.size());
    for (Interval interval : per) {
      List<Object> values = new ArrayList<>(head);
      values.addAll(
          List.of(
              interval.from(),
              interval.to(),
              interval.count().sequences(),
              interval.count().occurrences()));
      lines.add(new Line(columns, values));
    }
    return lines;
  }

  private List<Object> start() {
    return pair != null ? List.of(pair.get(0), pair.get(1)) : List.of(query);
  }

  private static Object orNull(Long value) {
    return value == null ? JsonNull.VALUE : value;
  }

  /** One flattened line. */
  private record Line(List<String> columns, List<Object> values) implements Row {}
}
