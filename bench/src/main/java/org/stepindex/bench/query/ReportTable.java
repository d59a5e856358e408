package org.stepindex.bench.query;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stepindex.bench.Machine;
import org.stepindex.bench.query.BenchReport.Build;
import org.stepindex.bench.query.BenchReport.Row;
import org.stepindex.bench.query.BenchReport.Target;
import org.stepindex.bench.query.BenchReport.Timing;

/**
 * Prints a {@link BenchReport} as aligned text tables: corpus, index builds, latencies with ratios,
 * targets.
 */
public final class ReportTable {
  private ReportTable() {}

  /**
   * Prints the report.
   *
   * @param report the report
   * @param cores the machine's cores, for the header
   * @param out where to print
   */
  public static void print(BenchReport report, int cores, PrintWriter out) {
    BenchReport.Corpus c = report.corpus();
    out.printf(
        Locale.ROOT,
        "stepindex bench: %,d sequences x %d tokens, %d per step: %,d steps, %,d tokens; %d cores%n",
        c.sequences(),
        c.seqLength(),
        c.batchSize(),
        c.steps(),
        c.tokens(),
        cores);
    out.println(Machine.current().line());
    out.printf(Locale.ROOT, "corpus: %s%n", c.source());
    out.printf(
        Locale.ROOT,
        "%d shards ending at the %s schedule's steps (the \"@ checkpoint\" steps); timelines at %s%n",
        c.shards(),
        c.shardSchedule(),
        c.timelineSteps());
    out.printf(
        Locale.ROOT,
        "%,d counts checked equal across stepindex, naive Lucene and the scan before timing%n%n",
        report.checkedCounts());

    List<String[]> builds = new ArrayList<>();
    builds.add(new String[] {"index", "views", "tokens/s", "bytes/token", "size", "build time"});
    for (Build b : report.builds()) {
      builds.add(
          new String[] {
            b.name(),
            b.views(),
            String.format(Locale.ROOT, "%,.0f", b.tokensPerSecond()),
            String.format(Locale.ROOT, "%.2f", b.bytesPerToken()),
            String.format(Locale.ROOT, "%.1f MB", b.bytes() / 1e6),
            String.format(Locale.ROOT, "%.1f s", b.seconds())
          });
    }
    table(builds, out);
    out.println();

    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "operation",
          "cases",
          "stepindex p50",
          "p99",
          "n",
          "naive p50",
          "n",
          "scan p50",
          "n",
          "naive/si",
          "scan/si"
        });
    for (Row r : report.rows()) {
      rows.add(
          new String[] {
            r.operation(),
            r.cases(),
            latency(r.stepindex().p50Micros()),
            latency(r.stepindex().p99Micros()),
            samples(r.stepindex()),
            latency(r.naive().p50Micros()),
            samples(r.naive()),
            latency(r.scan().p50Micros()),
            samples(r.scan()),
            ratio(r.naiveRatio()),
            ratio(r.scanRatio())
          });
    }
    table(rows, out);
    out.println(
        "(n: timed calls; naive/si and scan/si: the baseline's p50 over stepindex's p50, same run)");
    out.println();

    out.println("targets:");
    for (Target t : report.targets()) {
      out.printf(
          Locale.ROOT, "  %-7s %s: %s%n", t.met() ? "met" : "MISSED", t.goal(), t.measured());
    }
    out.flush();
  }

  /** A latency in microseconds, in the unit that suits it. */
  static String latency(double micros) {
    if (micros < 1000) {
      return String.format(Locale.ROOT, "%.1f us", micros);
    }
    if (micros < 1e6) {
      return String.format(Locale.ROOT, "%.2f ms", micros / 1e3);
    }
    return String.format(Locale.ROOT, "%.2f s", micros / 1e6);
  }

  /** A speed ratio, e.g. {@code 123x}. */
  static String ratio(double ratio) {
    return ratio >= 10
        ? String.format(Locale.ROOT, "%,.0fx", ratio)
        : String.format(Locale.ROOT, "%.1fx", ratio);
  }

  private static String samples(Timing timing) {
    return Integer.toString(timing.samples());
  }

  /** Columns padded to their widest cell; the first two left-aligned, the rest right-aligned. */
  private static void table(List<String[]> rows, PrintWriter out) {
    int[] widths = new int[rows.getFirst().length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String pad = " ".repeat(widths[i] - row[i].length());
        line.append(i == 0 ? "" : "  ").append(i < 2 ? row[i] + pad : pad + row[i]);
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
