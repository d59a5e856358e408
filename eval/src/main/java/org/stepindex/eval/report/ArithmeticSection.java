package org.stepindex.eval.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.stepindex.eval.correlate.ArithmeticCorrelation;
import org.stepindex.eval.correlate.ModelNames;
import org.stepindex.eval.correlate.OutputDir;
import org.stepindex.indexer.base.Csv;

/**
 * The arithmetic section, from the correlate directory's {@value ArithmeticCorrelation#ITEMS_FILE}
 * and {@value ArithmeticCorrelation#SUMMARY_CSV} (and {@value ArithmeticCorrelation#BINS_FILE} when
 * present): per op × k, accuracy per operand against its frequency + 1 on a log axis (the shift
 * keeps operands never seen on the plot) and the study's binned figure, then Δ and Spearman's ρ per
 * checkpoint ({@value Report#DELTA_TABLE}, {@value Report#SPEARMAN_TABLE}).
 */
final class ArithmeticSection {
  private ArithmeticSection() {}

  /**
   * Adds the section when {@code dir} has the arithmetic correlation; returns 1 if it did, else 0.
   */
  static int write(Path dir, HtmlPage page, OutputDir out) {
    Path items = dir.resolve(ArithmeticCorrelation.ITEMS_FILE);
    Path summary = dir.resolve(ArithmeticCorrelation.SUMMARY_CSV);
    if (!Files.isRegularFile(items) || !Files.isRegularFile(summary)) {
      return 0;
    }
    Csv.Table itemTable = Csv.read(items);
    Csv.Table summaryTable = Csv.read(summary);
    page.heading("Arithmetic: accuracy against operand frequency")
        .paragraph(
            "Each point is one first operand x1: its accuracy over all x2 at a checkpoint, against how often x1"
                + " occurs in the training data seen up to that checkpoint's step. One panel per model, one colour"
                + " per step.");
    var groups = byOpModelStep(itemTable, r -> Double.parseDouble(r.get("frequency")) + 1);
    groups.forEach(
        (g, byModel) ->
            Report.addFigure(
                page,
                out,
                new Figure(
                    "arithmetic-k" + g.get(0) + "-" + Report.slug(g.get(1)),
                    "Arithmetic accuracy per operand against its frequency: "
                        + g.get(1)
                        + ", k="
                        + g.get(0),
                    Report.panelChart(
                        g.get(1) + ", k=" + g.get(0), "operand frequency + 1", byModel))));
    Path binsFile = dir.resolve(ArithmeticCorrelation.BINS_FILE);
    if (Files.isRegularFile(binsFile)) {
      Csv.Table bins = Csv.read(binsFile);
      var binned = byOpModelStep(bins, r -> Double.parseDouble(r.get("label")));
      page.paragraph(
          "The study's binned figure (term_frequency.py): operands binned by frequency into the 19"
              + " right-closed intervals of np.logspace(5, log10(2e8), 20), the mean accuracy of each bin drawn at its"
              + " lower edge; operands outside (10^5, 2e8] are in no bin.");
      binned.forEach(
          (g, byModel) ->
              Report.addFigure(
                  page,
                  out,
                  new Figure(
                      "arithmetic-bins-k" + g.get(0) + "-" + Report.slug(g.get(1)),
                      "Arithmetic accuracy per operand-frequency bin (the study's figure): "
                          + g.get(1)
                          + ", k="
                          + g.get(0),
                      Report.panelChart(
                          g.get(1) + ", k=" + g.get(0) + ", binned",
                          "operand frequency (bin lower edge)",
                          byModel))));
      out.write(ArithmeticCorrelation.BINS_FILE, bins);
    }
    String delta =
        "Δ = (mean accuracy of the ⌈n/10⌉ most frequent operands − that of the ⌈n/10⌉ least frequent) × 100,"
            + " in percentage points (Pythia paper, Table 4: the 100 x1 ranked by count at the checkpoint, top 10 minus"
            + " bottom 10, at k = 0, 4, 16). Empty: fewer than two operands.";
    Csv.Table deltaTable =
        StepPivot.pivot(summaryTable, List.of("model", "op", "k"), "delta", v -> fixed(v, 1));
    Csv.Table rhoTable =
        StepPivot.pivot(summaryTable, List.of("model", "op", "k"), "spearman", v -> fixed(v, 3));
    page.heading("Performance gap Δ per checkpoint")
        .paragraph(delta)
        .table(deltaTable, Report.MAX_INLINE_ROWS, Report.DELTA_TABLE);
    page.heading("Spearman's ρ between operand frequency and accuracy")
        .paragraph(
            "Average ranks for ties. Empty: undefined (fewer than two operands, or constant frequency or"
                + " accuracy).")
        .table(rhoTable, Report.MAX_INLINE_ROWS, Report.SPEARMAN_TABLE);
    out.write(Report.DELTA_TABLE, deltaTable);
    out.write(Report.SPEARMAN_TABLE, rhoTable);
    out.write(ArithmeticCorrelation.ITEMS_FILE, itemTable);
    out.write(ArithmeticCorrelation.SUMMARY_CSV, summaryTable);
    return 1;
  }

  /** The rows' (x, accuracy) points by (k, op), then model (smallest first), then step. */
  private static Map<List<String>, Map<String, Map<Long, List<double[]>>>> byOpModelStep(
      Csv.Table table, ToDoubleFunction<Map<String, String>> x) {
    Map<List<String>, Map<String, Map<Long, List<double[]>>>> groups =
        new TreeMap<>(StepPivot::compareKeys);
    for (Map<String, String> r : table.records()) {
      groups
          .computeIfAbsent(List.of(r.get("k"), r.get("op")), g -> new TreeMap<>(ModelNames.BY_SIZE))
          .computeIfAbsent(r.get("model"), m -> new TreeMap<>())
          .computeIfAbsent(Long.parseLong(r.get("step")), s -> new ArrayList<>())
          .add(new double[] {x.applyAsDouble(r), Double.parseDouble(r.get("accuracy"))});
    }
    return groups;
  }

  private static String fixed(String number, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", Double.parseDouble(number));
  }
}
