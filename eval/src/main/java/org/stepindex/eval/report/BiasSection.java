package org.stepindex.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.stepindex.eval.bias.CrowsPairsTask;
import org.stepindex.eval.bias.WinoBiasPrompts;
import org.stepindex.eval.bias.WinoBiasTask;
import org.stepindex.eval.correlate.OutputDir;
import org.stepindex.indexer.base.Csv;

/**
 * The bias section: CrowS-Pairs {@code pct_stereotype} and WinoBias pro / anti accuracy and their
 * difference per checkpoint, one line per named run (e.g. the original run and one with an
 * intervention), from the runs' {@code crows-pairs-step<N>.summary.json} and {@code
 * winobias-step<N>.summary.json}; the table {@value #TABLE}. The text describes the WinoBias method
 * the summaries record (the study's generated answers, or pronoun likelihood).
 */
final class BiasSection {
  /** Bias metrics per run and checkpoint. */
  static final String TABLE = "bias-metrics.csv";

  private static final List<String> HEADER =
      List.of(
          "run",
          "step",
          "crows_n",
          "crows_pct_stereotype",
          "crows_likelihood_diff",
          "winobias_method",
          "winobias_n",
          "winobias_pro",
          "winobias_anti",
          "winobias_diff",
          "type1_pro",
          "type1_anti",
          "type1_diff",
          "type2_pro",
          "type2_anti",
          "type2_diff");

  private BiasSection() {}

  /** Adds the section when a run has bias summaries; returns 1 if it did, else 0. */
  static int write(Map<String, Path> runs, HtmlPage page, OutputDir out) {
    List<List<String>> rows = new ArrayList<>();
    List<Charts.LinearSeries> crows = new ArrayList<>();
    List<Charts.LinearSeries> diff = new ArrayList<>();
    List<Charts.LinearSeries> proAnti = new ArrayList<>();
    TreeSet<String> methods = new TreeSet<>();
    for (Map.Entry<String, Path> run : runs.entrySet()) {
      // Keyed by step; an unknown step sorts last under Long.MAX_VALUE and stays out of the
      // figures.
      Map<Long, JsonNode[]> bySteps = new TreeMap<>();
      for (RunSummaries.Entry e : RunSummaries.read(run.getValue(), CrowsPairsTask.NAME)) {
        bySteps.computeIfAbsent(key(e.step()), s -> new JsonNode[2])[0] = e.json();
      }
      for (RunSummaries.Entry e : RunSummaries.read(run.getValue(), WinoBiasTask.NAME)) {
        bySteps.computeIfAbsent(key(e.step()), s -> new JsonNode[2])[1] = e.json();
      }
      Points crowsPoints = new Points();
      Points diffPoints = new Points();
      Points proPoints = new Points();
      Points antiPoints = new Points();
      bySteps.forEach(
          (step, pair) -> {
            JsonNode c = pair[0];
            JsonNode w = pair[1];
            List<String> row =
                new ArrayList<>(
                    List.of(run.getKey(), step == Long.MAX_VALUE ? "" : step.toString()));
            row.add(c == null ? "" : c.path("n").asText());
            row.add(c == null ? "" : RunSummaries.cell(c.get("pctStereotype")));
            row.add(c == null ? "" : RunSummaries.cell(c.get("likelihoodDiff")));
            String method = w == null ? "" : w.path("method").asText("");
            if (w != null) {
              methods.add(method);
            }
            row.add(method);
            row.add(w == null ? "" : w.path("n").asText());
            JsonNode all = w == null ? null : w.get("all");
            for (JsonNode group : new JsonNode[] {all, typeOf(w, "type1"), typeOf(w, "type2")}) {
              row.add(group == null ? "" : RunSummaries.cell(group.get("pro")));
              row.add(group == null ? "" : RunSummaries.cell(group.get("anti")));
              row.add(group == null ? "" : RunSummaries.cell(group.get("diff")));
            }
            rows.add(row);
            if (step != Long.MAX_VALUE) {
              if (c != null) {
                crowsPoints.add(step, c.get("pctStereotype"));
              }
              if (all != null) {
                diffPoints.add(step, all.get("diff"));
                proPoints.add(step, all.get("pro"));
                antiPoints.add(step, all.get("anti"));
              }
            }
          });
      crowsPoints.addTo(crows, run.getKey());
      diffPoints.addTo(diff, run.getKey());
      proPoints.addTo(proAnti, run.getKey() + " pro");
      antiPoints.addTo(proAnti, run.getKey() + " anti");
    }
    if (rows.isEmpty()) {
      return 0;
    }
    page.heading("Bias across checkpoints")
        .paragraph(
            "CrowS-Pairs pct_stereotype: the share of pairs whose more stereotyping sentence has the higher"
                + " log-likelihood (lm-evaluation-harness's crows_pairs; 0.5 is no preference)."
                + winoBiasText(methods)
                + " One line per run.");
    if (!crows.isEmpty()) {
      Report.addFigure(
          page,
          out,
          new Figure(
              "bias-crows-pairs",
              "CrowS-Pairs pct_stereotype per checkpoint",
              Charts.linear("CrowS-Pairs", "training step", "pct_stereotype", crows, true, null)));
    }
    if (!diff.isEmpty()) {
      Report.addFigure(
          page,
          out,
          new Figure(
              "bias-winobias-diff",
              "WinoBias pro − anti accuracy per checkpoint",
              Charts.linear(
                  "WinoBias pro − anti",
                  "training step",
                  "accuracy difference",
                  diff,
                  true,
                  null)));
      Report.addFigure(
          page,
          out,
          new Figure(
              "bias-winobias-pro-anti",
              "WinoBias accuracy, pro and anti",
              Charts.linear(
                  "WinoBias accuracy", "training step", "accuracy", proAnti, true, null)));
    }
    Csv.Table table = new Csv.Table(HEADER, rows);
    page.table(table, Report.MAX_INLINE_ROWS, TABLE);
    out.write(TABLE, table);
    return 1;
  }

  /**
   * What the WinoBias numbers are, for each method the summaries record (column winobias_method),
   * after a space.
   */
  private static String winoBiasText(TreeSet<String> methods) {
    if (methods.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String method : methods) {
      parts.add(
          switch (method) {
            case WinoBiasPrompts.METHOD ->
                "WinoBias ("
                    + method
                    + ", the Pythia study's method): accuracy of the model's"
                    + " greedy answers to the two promptsource questions (\"What does p stand for\", \"refers_to\"), right"
                    + " when the answer's first words name the referent, the two templates averaged";
            case WinoBiasTask.METHOD ->
                "WinoBias ("
                    + method
                    + "): accuracy of choosing the written pronoun over its"
                    + " other-gender form by sentence log-likelihood";
            default ->
                "WinoBias (method not recorded: summaries written before stepindex recorded it)";
          });
    }
    return " "
        + String.join("; ", parts)
        + "; on pro- and anti-stereotypical sentences, diff = pro − anti (0: no"
        + " stereotype effect).";
  }

  private static long key(Long step) {
    return step == null ? Long.MAX_VALUE : step;
  }

  private static JsonNode typeOf(JsonNode winobias, String type) {
    return winobias == null ? null : winobias.path("byType").get(type);
  }

  /** The points of one line; values that are null (undefined) are left out. */
  private static final class Points {
    final List<double[]> points = new ArrayList<>();

    void add(long step, JsonNode value) {
      if (value != null && value.isNumber()) {
        points.add(new double[] {step, value.asDouble()});
      }
    }

    void addTo(List<Charts.LinearSeries> series, String name) {
      if (!points.isEmpty()) {
        series.add(
            new Charts.LinearSeries(
                name,
                points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray()));
      }
    }
  }
}
