package org.stepindex.eval.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.stepindex.indexer.base.Csv;

/**
 * Turns long rows (one per key × step) into a wide table with one column per checkpoint step, e.g.
 * the Δ table of the Pythia paper: rows model × op × k, columns steps. A missing combination is an
 * empty cell.
 */
public final class StepPivot {
  private StepPivot() {}

  /**
   * Pivots {@code table}.
   *
   * @param table long rows with columns {@code keys}, {@code step} and {@code value}
   * @param keys the columns that identify a row of the result, in order
   * @param value the column whose cells fill the result
   * @param format turns a cell into the shown text (e.g. rounding); empty cells stay empty
   * @return columns {@code keys…, step<N>…} in step order; rows ordered by keys (numbers
   *     numerically)
   */
  public static Csv.Table pivot(
      Csv.Table table, List<String> keys, String value, UnaryOperator<String> format) {
    TreeSet<Long> steps = new TreeSet<>();
    Map<List<String>, Map<Long, String>> rows = new TreeMap<>(StepPivot::compareKeys);
    for (Map<String, String> r : table.records()) {
      long step = Long.parseLong(r.get("step"));
      steps.add(step);
      List<String> key = keys.stream().map(r::get).toList();
      String cell = r.get(value);
      rows.computeIfAbsent(key, k -> new TreeMap<>())
          .put(step, cell.isEmpty() ? "" : format.apply(cell));
    }
    List<String> header = new ArrayList<>(keys);
    steps.forEach(s -> header.add("step" + s));
    List<List<String>> out = new ArrayList<>();
    rows.forEach(
        (key, byStep) -> {
          List<String> row = new ArrayList<>(key);
          steps.forEach(s -> row.add(byStep.getOrDefault(s, "")));
          out.add(row);
        });
    return new Csv.Table(header, out);
  }

  /** Orders keys cell by cell, numbers numerically and before text, text alphabetically. */
  static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareCells(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareCells(String a, String b) {
    Double x = parse(a);
    Double y = parse(b);
    if (x != null && y != null) {
      return Double.compare(x, y);
    }
    if (x != null || y != null) {
      return x != null ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static Double parse(String cell) {
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
