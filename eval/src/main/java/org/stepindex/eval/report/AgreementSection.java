package org.stepindex.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stepindex.eval.agreement.NgramAgreementTask;
import org.stepindex.eval.agreement.NgramOrder;
import org.stepindex.eval.correlate.OutputDir;
import org.stepindex.indexer.base.Csv;

/**
 * The model against the data's n-gram statistics, per run (Belrose et al. 2024, Fig. 1 style):
 * top-1 agreement and KL(data ‖ model) by checkpoint, one line per order n = 1…4 and ∞, from the
 * runs' {@code ngram-agreement-step<N>.summary.json}; the means as table {@value #TABLE}.
 */
final class AgreementSection {
  /** The means per run, checkpoint and order. */
  static final String TABLE = "ngram-agreement.csv";

  private AgreementSection() {}

  /** Adds the section when a run has ngram-agreement summaries; returns 1 if it did, else 0. */
  static int write(Map<String, Path> runs, HtmlPage page, OutputDir out) {
    List<List<String>> rows = new ArrayList<>();
    List<Figure> figures = new ArrayList<>();
    for (Map.Entry<String, Path> run : runs.entrySet()) {
      Map<String, List<double[]>> top1 = new LinkedHashMap<>();
      Map<String, List<double[]>> kl = new LinkedHashMap<>();
      NgramOrder.ALL.forEach(
          o -> {
            top1.put(o.label(), new ArrayList<>());
            kl.put(o.label(), new ArrayList<>());
          });
      for (RunSummaries.Entry e : RunSummaries.read(run.getValue(), NgramAgreementTask.NAME)) {
        for (JsonNode o : e.json().path("orders")) {
          String order = o.path("order").asText();
          rows.add(
              List.of(
                  run.getKey(),
                  e.step() == null ? "" : e.step().toString(),
                  order,
                  o.path("contexts").asText(),
                  RunSummaries.cell(o.get("meanKl")),
                  RunSummaries.cell(o.get("top1")),
                  RunSummaries.cell(o.get("meanProbabilityOfTop"))));
          // Step 0 is left off the log axis, as is an order no context had data for.
          if (e.step() != null
              && e.step() > 0
              && o.path("contexts").asInt() > 0
              && top1.containsKey(order)) {
            top1.get(order).add(new double[] {e.step(), o.path("top1").asDouble()});
            kl.get(order).add(new double[] {e.step(), o.path("meanKl").asDouble()});
          }
        }
      }
      String slug = Report.slug(run.getKey());
      List<Charts.Series> top1Series = series(top1);
      if (!top1Series.isEmpty()) {
        figures.add(
            new Figure(
                "ngram-agreement-top1-" + slug,
                "Top-1 agreement of the model with the data's n-gram"
                    + " model at each checkpoint's step, one line per n, run "
                    + run.getKey(),
                Charts.logX(
                    "Top-1 agreement with the data, " + run.getKey(),
                    "checkpoint step",
                    "share of contexts",
                    top1Series,
                    true,
                    true)));
        figures.add(
            new Figure(
                "ngram-agreement-kl-" + slug,
                "KL(data ‖ model) of the next-token distributions at"
                    + " each checkpoint's step, one line per n, run "
                    + run.getKey(),
                Charts.logX(
                    "KL(data ‖ model), " + run.getKey(),
                    "checkpoint step",
                    "mean KL (nats)",
                    series(kl),
                    true,
                    false)));
      }
    }
    if (rows.isEmpty()) {
      return 0;
    }
    page.heading("The model against the data's n-gram statistics")
        .paragraph(
            "For each checkpoint stepS and token context, the model's next-token distribution is set against"
                + " the data's at step S (exact counts of what followed the context's last n − 1 tokens in the sequences"
                + " of steps [0, S); n = 1 is the token frequencies, ∞ the longest suffix of the context the data had"
                + " followed). Top-1: the model's most probable token is the data's most frequent; KL(data ‖ model) in"
                + " nats. A model that learns the data's statistics in order of increasing n matches the low orders"
                + " first (Belrose et al. 2024).");
    figures.forEach(f -> Report.addFigure(page, out, f));
    Csv.Table table =
        new Csv.Table(
            List.of("run", "step", "order", "contexts", "mean_kl", "top1", "mean_p_top"), rows);
    page.table(table, Report.MAX_INLINE_ROWS, TABLE);
    out.write(TABLE, table);
    return 1;
  }

  private static List<Charts.Series> series(Map<String, List<double[]>> byOrder) {
    List<Charts.Series> series = new ArrayList<>();
    byOrder.forEach(
        (order, points) -> {
          if (!points.isEmpty()) {
            series.add(
                new Charts.Series(
                    "n = " + order,
                    points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray()));
          }
        });
    return series;
  }
}
