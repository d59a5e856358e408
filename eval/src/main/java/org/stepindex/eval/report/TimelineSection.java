package org.stepindex.eval.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stepindex.eval.correlate.OutputDir;
import org.stepindex.eval.correlate.TermTimelines;
import org.stepindex.indexer.base.Csv;

/**
 * The timelines section, from the correlate directory's {@value TermTimelines#FILE}: cumulative
 * counts of the chosen terms against the step on a log axis (step 0 is left out: nothing has been
 * seen there, and log 0 is undefined).
 */
final class TimelineSection {
  private TimelineSection() {}

  /** Adds the section when {@code dir} has timelines; returns 1 if it did, else 0. */
  static int write(Path dir, HtmlPage page, OutputDir out) {
    Path file = dir.resolve(TermTimelines.FILE);
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    Csv.Table table = Csv.read(file);
    Map<String, List<double[]>> byTerm = new TreeMap<>();
    for (Map<String, String> r : table.records()) {
      long step = Long.parseLong(r.get("step"));
      if (step > 0) {
        byTerm
            .computeIfAbsent(r.get("view") + ": " + r.get("term"), t -> new ArrayList<>())
            .add(new double[] {step, Double.parseDouble(r.get("occurrences"))});
      }
    }
    List<Charts.Series> series = new ArrayList<>();
    byTerm.forEach((term, points) -> series.add(Report.series(term, points)));
    page.heading("Frequency timelines")
        .paragraph("Cumulative occurrences of each term in the sequences seen by each checkpoint.");
    Report.addFigure(
        page,
        out,
        new Figure(
            "term-timelines",
            "Cumulative occurrences by training step",
            Charts.logX(
                "Term frequency over training",
                "training step (log scale)",
                "occurrences",
                series,
                true,
                false)));
    page.table(table, Report.MAX_INLINE_ROWS, TermTimelines.FILE);
    out.write(TermTimelines.FILE, table);
    return 1;
  }
}
