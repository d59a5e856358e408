package org.stepindex.bench.query;

import java.util.List;

/**
 * What a benchmark run measured. Times are in microseconds; a ratio is a baseline's p50 over
 * stepindex's p50 for the same operation in the same run (greater than 1: stepindex is faster).
 *
 * @param corpus the synthetic corpus
 * @param builds the indexes built, with their throughput and size
 * @param rows one per timed operation
 * @param targets the goals of the issue, each met or missed
 * @param checkedCounts how many counts the three methods were found to agree on before timing
 */
public record BenchReport(
    Corpus corpus, List<Build> builds, List<Row> rows, List<Target> targets, long checkedCounts) {

  public BenchReport {
    builds = List.copyOf(builds);
    rows = List.copyOf(rows);
    targets = List.copyOf(targets);
  }

  /**
   * The corpus the benchmark synthesized.
   *
   * @param sequences training sequences
   * @param seqLength tokens per sequence
   * @param batchSize sequences per step
   * @param steps steps in the data
   * @param tokens tokens in the data
   * @param shardSchedule the step index's shard schedule
   * @param shards shards in the step index
   * @param timelineSteps how the timeline's steps were chosen
   */
  public record Corpus(
      String source,
      long sequences,
      int seqLength,
      int batchSize,
      long steps,
      long tokens,
      String shardSchedule,
      int shards,
      String timelineSteps) {}

  /**
   * One index build.
   *
   * @param name what was built
   * @param views the fields it holds
   * @param tokens tokens indexed
   * @param seconds wall time of the build
   * @param tokensPerSecond tokens over seconds
   * @param bytes bytes of the index on disk, before any query wrote a cache
   * @param bytesPerToken bytes over tokens
   */
  public record Build(
      String name,
      String views,
      long tokens,
      double seconds,
      double tokensPerSecond,
      long bytes,
      double bytesPerToken) {

    /** A build, with its rates computed. */
    public static Build of(String name, String views, long tokens, double seconds, long bytes) {
      return new Build(
          name,
          views,
          tokens,
          seconds,
          seconds > 0 ? tokens / seconds : 0,
          bytes,
          tokens > 0 ? (double) bytes / tokens : 0);
    }
  }

  /**
   * Latencies of one operation by one method.
   *
   * @param samples how many timed calls
   * @param p50Micros median latency
   * @param p99Micros 99th percentile latency (nearest rank; the maximum when there are fewer than
   *     100 samples)
   */
  public record Timing(int samples, double p50Micros, double p99Micros) {}

  /**
   * One timed operation by the three methods.
   *
   * @param operation what is asked, e.g. {@code term @ checkpoint}
   * @param cases the queries and steps its calls cycle through
   * @param stepindex the step index's latency
   * @param naive naive Lucene's latency
   * @param scan the brute-force scan's latency
   * @param naiveRatio naive p50 over stepindex p50
   * @param scanRatio scan p50 over stepindex p50
   */
  public record Row(
      String operation,
      String cases,
      Timing stepindex,
      Timing naive,
      Timing scan,
      double naiveRatio,
      double scanRatio) {

    /** A row, with its ratios computed. */
    public static Row of(
        String operation, String cases, Timing stepindex, Timing naive, Timing scan) {
      return new Row(
          operation,
          cases,
          stepindex,
          naive,
          scan,
          naive.p50Micros() / stepindex.p50Micros(),
          scan.p50Micros() / stepindex.p50Micros());
    }

    static Row find(List<Row> rows, String operation) {
      return rows.stream()
          .filter(r -> r.operation().equals(operation))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no row " + operation));
    }
  }

  /**
   * A goal of the issue and whether this run met it.
   *
   * @param goal the goal, e.g. {@code build >= 1M tokens/s}
   * @param measured what this run measured
   * @param met whether the goal was met
   */
  public record Target(String goal, String measured, boolean met) {}

  /**
   * The row of an operation.
   *
   * @param operation one of the operation names in {@link Benchmark}
   * @return its row
   * @throws IllegalArgumentException if there is none
   */
  public Row row(String operation) {
    return Row.find(rows, operation);
  }
}
