package org.stepindex.query.rows;

import java.util.ArrayList;
import java.util.List;
import org.stepindex.query.Count;

/**
 * The cumulative counts of one query at several steps.
 *
 * @param query the query exactly as given
 * @param view the view counted
 * @param steps the steps
 * @param counts the count at each step ("at step S" = steps {@code [0, S)})
 */
public record Timeline(String query, String view, long[] steps, Count[] counts) {
  public Timeline {
    if (steps.length != counts.length) {
      throw new IllegalArgumentException("one count per step expected");
    }
    steps = steps.clone();
    counts = counts.clone();
  }

  @Override
  public long[] steps() {
    return steps.clone();
  }

  @Override
  public Count[] counts() {
    return counts.clone();
  }

  /** One row per step, as {@code count --steps} prints them. */
  public List<CountRow> rows() {
    List<CountRow> rows = new ArrayList<>(steps.length);
    for (int i = 0; i < steps.length; i++) {
      rows.add(CountRow.at(query, view, steps[i], counts[i]));
    }
    return rows;
  }
}
