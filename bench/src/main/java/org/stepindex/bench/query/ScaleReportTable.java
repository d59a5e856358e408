package org.stepindex.bench.query;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.stepindex.bench.Machine;

/** Prints a {@link ScaleReport} as plain-text tables. */
public final class ScaleReportTable {
  private ScaleReportTable() {}

  /** Prints the report: sizes and builds, cold latencies with growth, the QA pass, the goals. */
  public static void print(ScaleReport report, int cores, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "stepindex bench --scale: %d sizes on %d cores; cold = each query asked once, never"
            + " before in this process, no match cache on disk; at the last step%n",
        report.sizes().size(),
        cores);
    out.println(Machine.current().line());
    out.printf(Locale.ROOT, "corpus: %s%n%n", report.corpus());
    out.printf(
        Locale.ROOT,
        "%-6s %15s %12s %7s %7s %8s%n",
        "scale",
        "tokens",
        "sequences",
        "steps",
        "shards",
        "checked");
    for (ScaleReport.Size s : report.sizes()) {
      out.printf(
          Locale.ROOT,
          "%-6s %,15d %,12d %,7d %7d %,8d%n",
          s.scale() + "x",
          s.tokens(),
          s.sequences(),
          s.steps(),
          s.shards(),
          s.checkedCounts());
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%-6s %-32s %14s %12s %12s%n",
        "scale",
        "build",
        "tokens/s",
        "seconds",
        "bytes/token");
    for (ScaleReport.Size s : report.sizes()) {
      for (BenchReport.Build b : List.of(s.textBuild(), s.entitiesBuild(), s.bigramsBuild())) {
        out.printf(
            Locale.ROOT,
            "%-6s %-32s %,14.0f %12.1f %12.3f%n",
            s.scale() + "x",
            b.views(),
            b.tokensPerSecond(),
            b.seconds(),
            b.bytesPerToken());
      }
    }
    for (ScaleReport.Size s : report.sizes()) {
      out.printf(
          Locale.ROOT,
          "%-6s %-32s %14s %12s %12.3f%n",
          s.scale() + "x",
          "term statistics table (all views)",
          "",
          "",
          (double) s.termStatsBytes() / s.tokens());
    }
    for (ScaleReport.Size s : report.sizes()) {
      out.printf(
          Locale.ROOT,
          "%-6s %-32s %14s %12s %12.3f%n",
          s.scale() + "x",
          "index, all views but entities",
          "",
          "",
          (double) s.indexBytes() / s.tokens());
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%-40s %6s %12s %12s %8s%n",
        "cold operation",
        "scale",
        "p50 us",
        "p99 us",
        "growth");
    ScaleReport.Size first = report.sizes().getFirst();
    for (ScaleReport.Row row : first.rows()) {
      for (ScaleReport.Size s : report.sizes()) {
        ScaleReport.Row r = s.row(row.operation());
        out.printf(
            Locale.ROOT,
            "%-40s %6s %,12.1f %,12.1f %7.2fx%n",
            s == first ? r.operation() : "",
            s.scale() + "x",
            r.timing().p50Micros(),
            r.timing().p99Micros(),
            r.growth());
      }
    }
    out.println();
    for (ScaleReport.Size s : report.sizes()) {
      StringBuilder ratios = new StringBuilder();
      for (String op : ScaleBench.FROM_TABLE) {
        for (String from : List.of("", ScaleBench.FROM_DISK)) {
          if (s.rows().stream().noneMatch(r -> r.operation().equals(op + from))) {
            continue;
          }
          double table = s.row(op + from).timing().p50Micros();
          double shards = s.row(op + ScaleBench.SHARD_BY_SHARD + from).timing().p50Micros();
          ratios.append(
              String.format(
                  Locale.ROOT,
                  "%s%s%s %.2fx",
                  ratios.isEmpty() ? "" : ", ",
                  op,
                  from,
                  shards / table));
        }
      }
      out.printf(
          Locale.ROOT,
          "%s (%d shards): shard by shard over the term statistics table, p50: %s%n",
          s.scale() + "x",
          s.shards(),
          ratios);
    }
    out.println();
    for (ScaleReport.Size s : report.sizes()) {
      out.printf(
          Locale.ROOT,
          "%s: %,d declared QA pairs x %d steps in one pass: %.2f s (%,d entities, %,d declared"
              + " pairs in the view)%n",
          s.scale() + "x",
          s.qaPairs(),
          s.timelineSteps(),
          s.qaSeconds(),
          s.entities(),
          s.declaredPairs());
    }
    out.println();
    for (BenchReport.Target t : report.targets()) {
      out.printf(Locale.ROOT, "[%s] %s: %s%n", t.met() ? "met" : "MISSED", t.goal(), t.measured());
    }
    out.flush();
  }
}
