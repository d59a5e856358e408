package org.stepindex.bench.query;

import java.util.ArrayList;
import java.util.List;
import org.stepindex.query.Count;

/**
 * One way to answer the benchmark's questions. Every method must give the same counts; they differ
 * only in how long they take.
 */
public interface CountMethod {

  /**
   * A short name for reports.
   *
   * @return e.g. {@code stepindex}
   */
  String name();

  /**
   * The count of {@code query} in the sequences seen by checkpoint {@code step}: steps {@code [0,
   * step)}. A pair counts the sequences containing both sides; its occurrences are those of both
   * sides in such sequences.
   *
   * @param query the query
   * @param step the checkpoint step
   * @return the count
   */
  Count count(BenchQuery query, long step);

  /**
   * The count of {@code query} at each of {@code steps}, as this method would answer a timeline.
   *
   * @param query the query
   * @param steps ascending steps
   * @return one count per step
   */
  Count[] timeline(BenchQuery query, long[] steps);

  /**
   * Timelines of many queries, as this method would answer "these queries at these checkpoints". By
   * default one {@link #timeline} per query.
   *
   * @param queries the queries
   * @param steps ascending steps
   * @return per query, one count per step
   */
  default List<Count[]> timelines(List<BenchQuery> queries, long[] steps) {
    List<Count[]> result = new ArrayList<>();
    for (BenchQuery query : queries) {
      result.add(timeline(query, steps));
    }
    return result;
  }
}
