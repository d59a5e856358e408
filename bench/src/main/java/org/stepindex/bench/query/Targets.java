package org.stepindex.bench.query;

import java.util.List;
import java.util.Locale;
import org.stepindex.bench.query.BenchReport.Build;
import org.stepindex.bench.query.BenchReport.Row;
import org.stepindex.bench.query.BenchReport.Target;

/** The targets, judged on one run's measurements. */
final class Targets {
  static final double BUILD_TOKENS_PER_SECOND = 1e6;
  static final double BYTES_PER_TOKEN = 3;
  static final double CHECKPOINT_P50_MICROS = 1000;
  static final double VS_SCAN = 100;
  static final double VS_NAIVE = 10;

  private Targets() {}

  /**
   * @param defaultBuild the build of the default view
   * @param rows the timed operations
   */
  static List<Target> judge(Build defaultBuild, List<Row> rows) {
    Row termAt = Row.find(rows, Benchmark.TERM_AT_CHECKPOINT);
    Row termInside = Row.find(rows, Benchmark.TERM_INSIDE);
    Row termCold = Row.find(rows, Benchmark.TERM_FIRST_QUERY);
    return List.of(
        new Target(
            "build >= 1M tokens/s (" + defaultBuild.views() + ")",
            String.format(Locale.ROOT, "%,.0f tokens/s", defaultBuild.tokensPerSecond()),
            defaultBuild.tokensPerSecond() >= BUILD_TOKENS_PER_SECOND),
        new Target(
            "index <= 3 bytes/token (" + defaultBuild.views() + ")",
            String.format(Locale.ROOT, "%.2f bytes/token", defaultBuild.bytesPerToken()),
            defaultBuild.bytesPerToken() <= BYTES_PER_TOKEN),
        p50AtCheckpoint(termAt),
        p50AtCheckpoint(Row.find(rows, Benchmark.PHRASE_AT_CHECKPOINT)),
        p50AtCheckpoint(Row.find(rows, Benchmark.COOCCUR_AT_CHECKPOINT)),
        new Target(
            "term counts >= 100x faster than the scan",
            ratios(termAt.scanRatio(), termInside.scanRatio()),
            Math.min(termAt.scanRatio(), termInside.scanRatio()) >= VS_SCAN),
        new Target(
            "term counts >= 10x faster than naive Lucene (query asked before)",
            ratios(termAt.naiveRatio(), termInside.naiveRatio()),
            Math.min(termAt.naiveRatio(), termInside.naiveRatio()) >= VS_NAIVE),
        new Target(
            "term counts >= 10x faster than naive Lucene (first query)",
            ReportTable.ratio(termCold.naiveRatio()) + " at the last step",
            termCold.naiveRatio() >= VS_NAIVE));
  }

  private static Target p50AtCheckpoint(Row row) {
    return new Target(
        "p50 <= 1 ms, " + row.operation(),
        String.format(Locale.ROOT, "p50 %s", ReportTable.latency(row.stepindex().p50Micros())),
        row.stepindex().p50Micros() <= CHECKPOINT_P50_MICROS);
  }

  private static String ratios(double atCheckpoint, double inside) {
    return String.format(
        Locale.ROOT,
        "%s at a checkpoint, %s inside a shard",
        ReportTable.ratio(atCheckpoint),
        ReportTable.ratio(inside));
  }
}
