package org.stepindex.bench.query;

import java.util.List;

/**
 * What {@link ScaleBench} measured: one {@link Size} per corpus size, in order, and the goals
 * judged on them.
 *
 * @param corpus what was measured on: the synthetic corpus, or which real text with which tokenizer
 * @param sizes the sizes, smallest first
 * @param targets the goals, each met or missed on this run
 */
public record ScaleReport(String corpus, List<Size> sizes, List<BenchReport.Target> targets) {

  public ScaleReport {
    sizes = List.copyOf(sizes);
    targets = List.copyOf(targets);
  }

  /**
   * One corpus size.
   *
   * @param scale the multiple of the base size
   * @param tokens tokens in the corpus
   * @param sequences sequences in the corpus
   * @param steps steps in the corpus
   * @param shards shards of the index
   * @param textBuild the first build: the {@code text} view, with {@code tokens} and {@code
   *     pythia-numbers} where asked, and its term statistics table
   * @param entitiesBuild adding the {@code entities} view with its declared pairs
   * @param bigramsBuild adding the {@code bigrams} view
   * @param termStatsBytes bytes of the term statistics table once every view is in it
   * @param indexBytes bytes of the index but the entities view: the first build's views, {@code
   *     bigrams}, and the term statistics table of every view
   * @param entities entities in the entity file
   * @param declaredPairs pairs declared with the view
   * @param checkedCounts counts the correctness guard checked before timing
   * @param rows cold latencies, one row per operation
   * @param qaSeconds wall time of counting every QA pair at every timeline step, one pass
   * @param qaPairs how many QA pairs that was
   * @param timelineSteps how many steps per pair
   */
  public record Size(
      int scale,
      long tokens,
      long sequences,
      long steps,
      int shards,
      BenchReport.Build textBuild,
      BenchReport.Build entitiesBuild,
      BenchReport.Build bigramsBuild,
      long termStatsBytes,
      long indexBytes,
      int entities,
      int declaredPairs,
      long checkedCounts,
      List<Row> rows,
      double qaSeconds,
      int qaPairs,
      int timelineSteps) {
    public Size {
      rows = List.copyOf(rows);
    }

    /** The row of an operation. */
    public Row row(String operation) {
      return rows.stream().filter(r -> r.operation().equals(operation)).findFirst().orElseThrow();
    }
  }

  /**
   * Cold latencies of one operation at one size.
   *
   * @param operation what was asked
   * @param cases what the timed calls were
   * @param timing p50/p99 over the calls, each a different query asked once
   * @param growth p50 over the smallest size's p50
   */
  public record Row(String operation, String cases, BenchReport.Timing timing, double growth) {}
}
