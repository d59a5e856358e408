package org.stepindex.eval.correlate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stepindex.indexer.base.Csv;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;

/**
 * Cumulative counts of chosen terms at many steps — how often the data had shown a term by each
 * checkpoint — for the report's timeline figure. One {@link FrequencyIndex#timeline} per term.
 */
public final class TermTimelines {
  /** The output file. */
  public static final String FILE = "timelines.csv";

  /** Columns of {@link #FILE}. */
  public static final List<String> COLUMNS =
      List.of("view", "term", "step", "sequences", "occurrences");

  private TermTimelines() {}

  /**
   * A term to follow.
   *
   * @param view the view to count it in
   * @param query the query in that view's syntax
   */
  public record Term(String view, String query) {}

  /**
   * The count of one term at one step.
   *
   * @param term the term
   * @param step the step: the count covers steps {@code [0, step)}
   * @param count the count
   */
  public record Point(Term term, long step, Count count) {}

  /** The counts of every term at every step, by term, then by step as given. */
  public static List<Point> count(FrequencyIndex index, List<Term> terms, long[] steps) {
    List<Point> points = new ArrayList<>();
    for (Term term : terms) {
      Count[] counts = index.timeline(index.compile(term.view(), term.query()), steps);
      for (int i = 0; i < steps.length; i++) {
        points.add(new Point(term, steps[i], counts[i]));
      }
    }
    return points;
  }

  /** The points as a table with {@link #COLUMNS}. */
  public static Csv.Table table(List<Point> points) {
    List<List<String>> rows = new ArrayList<>();
    for (Point p : points) {
      rows.add(
          List.of(
              p.term().view(),
              p.term().query(),
              Long.toString(p.step()),
              Long.toString(p.count().sequences()),
              Long.toString(p.count().occurrences())));
    }
    return new Csv.Table(COLUMNS, rows);
  }

  /**
   * Writes {@link #FILE} into {@code dir} atomically.
   *
   * @return the file written
   */
  public static Path write(List<Point> points, Path dir) {
    try (OutputDir out = OutputDir.open(dir)) {
      out.write(FILE, table(points));
      return out.commit().getFirst();
    }
  }
}
