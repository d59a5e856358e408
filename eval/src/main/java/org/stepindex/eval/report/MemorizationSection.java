package org.stepindex.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stepindex.eval.correlate.OutputDir;
import org.stepindex.eval.memorization.MemorizationTask;
import org.stepindex.eval.tasks.EvalFiles;
import org.stepindex.indexer.base.Csv;

/**
 * The memorization section, per run: the Poisson fit of memorized sequences per slice at each
 * checkpoint (table {@value #FIT_TABLE}), a Q-Q figure of the slice counts against Poisson(λ)
 * quantiles (one series per checkpoint and the line y = x), and the per-slice counts over training
 * (figure, and table {@value #SLICES_TABLE}), from the runs' {@code
 * memorization-step<N>.summary.json} and {@code memorization-step<N>.slices.csv}.
 */
final class MemorizationSection {
  /** The fit per run and checkpoint. */
  static final String FIT_TABLE = "memorization-fit.csv";

  /** The memorized count per run, checkpoint and slice. */
  static final String SLICES_TABLE = "memorization-slices.csv";

  /** The memorized share per run, checkpoint and exposure bin. */
  static final String EXPOSURE_TABLE = "memorization-exposure.csv";

  private static final String IDENTITY = "y = x";

  private MemorizationSection() {}

  /** Adds the section when a run has memorization summaries; returns 1 if it did, else 0. */
  static int write(Map<String, Path> runs, HtmlPage page, OutputDir out) {
    List<List<String>> fits = new ArrayList<>();
    List<List<String>> slices = new ArrayList<>();
    List<List<String>> exposureRows = new ArrayList<>();
    List<Figure> figures = new ArrayList<>();
    for (Map.Entry<String, Path> run : runs.entrySet()) {
      List<Charts.Series> byExposure = new ArrayList<>();
      List<Charts.LinearSeries> qq = new ArrayList<>();
      List<Charts.LinearSeries> counts = new ArrayList<>();
      double max = 0;
      for (RunSummaries.Entry e : RunSummaries.read(run.getValue(), MemorizationTask.NAME)) {
        JsonNode s = e.json();
        JsonNode fit = s.get("poisson");
        String step = e.step() == null ? "" : e.step().toString();
        String label = e.step() == null ? "step ?" : "step " + step;
        List<String> row =
            new ArrayList<>(
                List.of(
                    run.getKey(),
                    step,
                    s.path("fromStep").asText(),
                    s.path("toStep").asText(),
                    s.path("n").asText(),
                    s.path("memorized").asText(),
                    RunSummaries.cell(s.get("memorizedFraction")),
                    s.path("slices").asText()));
        for (String field :
            List.of("lambda", "variance", "dispersion", "chiSquare", "df", "pValue")) {
          row.add(fit == null || fit.isNull() ? "" : RunSummaries.cell(fit.get(field)));
        }
        fits.add(row);
        if (fit != null && fit.has("qq")) {
          List<double[]> points = new ArrayList<>();
          fit.get("qq")
              .forEach(
                  p ->
                      points.add(
                          new double[] {
                            p.path("theoretical").asDouble(), p.path("empirical").asDouble()
                          }));
          for (double[] p : points) {
            max = Math.max(max, Math.max(p[0], p[1]));
          }
          qq.add(
              new Charts.LinearSeries(
                  label,
                  points.stream().mapToDouble(p -> p[0]).toArray(),
                  points.stream().mapToDouble(p -> p[1]).toArray()));
        }
        Path slicesFile =
            EvalFiles.side(
                run.getValue(), MemorizationTask.NAME, e.step(), MemorizationTask.SLICES);
        if (Files.isRegularFile(slicesFile)) {
          List<double[]> points = new ArrayList<>();
          for (Map<String, String> r : Csv.read(slicesFile).records()) {
            slices.add(
                List.of(
                    run.getKey(),
                    step,
                    r.get("slice"),
                    r.get("first_seq"),
                    r.get("first_step"),
                    r.get("sequences"),
                    r.get("memorized"),
                    r.get("mean_score")));
            points.add(
                new double[] {
                  Double.parseDouble(r.get("first_step")), Double.parseDouble(r.get("memorized"))
                });
          }
          counts.add(
              new Charts.LinearSeries(
                  label,
                  points.stream().mapToDouble(p -> p[0]).toArray(),
                  points.stream().mapToDouble(p -> p[1]).toArray()));
        }
        Path binsFile =
            EvalFiles.side(
                run.getValue(), MemorizationTask.NAME, e.step(), MemorizationTask.EXPOSURE_BINS);
        if (Files.isRegularFile(binsFile)) {
          List<double[]> points = new ArrayList<>();
          for (Map<String, String> r : Csv.read(binsFile).records()) {
            exposureRows.add(
                List.of(
                    run.getKey(),
                    step,
                    r.get("of"),
                    r.get("from"),
                    r.get("to"),
                    r.get("sequences"),
                    r.get("memorized"),
                    r.get("rate")));
            long from = Long.parseLong(r.get("from"));
            if (r.get("of").equals("window")
                && from > 0) { // 0: not yet seen by the checkpoint, off a log axis
              points.add(new double[] {from, Double.parseDouble(r.get("rate"))});
            }
          }
          if (!points.isEmpty()) {
            byExposure.add(
                new Charts.Series(
                    label,
                    points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray()));
          }
        }
      }
      String slug = Report.slug(run.getKey());
      if (!qq.isEmpty()) {
        qq.add(new Charts.LinearSeries(IDENTITY, new double[] {0, max}, new double[] {0, max}));
        figures.add(
            new Figure(
                "memorization-qq-" + slug,
                "Q-Q: memorized sequences per slice against Poisson(λ)"
                    + " quantiles, run "
                    + run.getKey(),
                Charts.linear(
                    "Q-Q, " + run.getKey(),
                    "Poisson(λ) quantile",
                    "memorized per slice (sorted)",
                    qq,
                    false,
                    IDENTITY)));
      }
      if (!byExposure.isEmpty()) {
        figures.add(
            new Figure(
                "memorization-exposure-" + slug,
                "Memorized share of the tested sequences by how often"
                    + " their 64 tokens had occurred by the checkpoint (bins 1, 2–3, 4–7, …), run "
                    + run.getKey(),
                Charts.logX(
                    "Memorization by exposure, " + run.getKey(),
                    "occurrences of the sequence's 64 tokens by the"
                        + " checkpoint (bin's lower edge)",
                    "memorized share",
                    byExposure,
                    true,
                    true)));
      }
      if (!counts.isEmpty()) {
        figures.add(
            new Figure(
                "memorization-slices-" + slug,
                "Memorized sequences per slice over training, run " + run.getKey(),
                Charts.linear(
                    "Memorized per slice, " + run.getKey(),
                    "training step of the slice",
                    "memorized sequences",
                    counts,
                    true,
                    null)));
      }
    }
    if (fits.isEmpty()) {
      return 0;
    }
    page.heading("Memorization")
        .paragraph(
            "(k, ℓ) = (32, 32) extractability: a training sequence is memorized when greedy decoding from its"
                + " first 32 tokens reproduces the next 32 exactly. Counts are per slice of consecutive sequences in"
                + " training order. Poisson fit: λ = mean count, dispersion = sample variance / λ (1 for a Poisson),"
                + " chi-square over cells of expected count ≥ 5 with df = cells − 2. Q-Q points on y = x mean the"
                + " memorized sequences are spread like a Poisson process. With an index, each sequence's exposures are"
                + " counted (its 64 tokens and its 32-token continuation, by the checkpoint) and the memorized share is"
                + " given per power-of-two bin of them (Carlini et al. 2022: memorization grows with duplication).");
    figures.forEach(f -> Report.addFigure(page, out, f));
    Csv.Table fitTable =
        new Csv.Table(
            List.of(
                "run",
                "step",
                "from_step",
                "to_step",
                "sequences",
                "memorized",
                "memorized_fraction",
                "slices",
                "lambda",
                "variance",
                "dispersion",
                "chi_square",
                "df",
                "p_value"),
            fits);
    page.table(fitTable, Report.MAX_INLINE_ROWS, FIT_TABLE);
    out.write(FIT_TABLE, fitTable);
    Csv.Table sliceTable =
        new Csv.Table(
            List.of(
                "run",
                "step",
                "slice",
                "first_seq",
                "first_step",
                "sequences",
                "memorized",
                "mean_score"),
            slices);
    page.table(sliceTable, Report.MAX_INLINE_ROWS, SLICES_TABLE);
    out.write(SLICES_TABLE, sliceTable);
    if (!exposureRows.isEmpty()) {
      Csv.Table exposureTable =
          new Csv.Table(
              List.of("run", "step", "of", "from", "to", "sequences", "memorized", "rate"),
              exposureRows);
      page.table(exposureTable, Report.MAX_INLINE_ROWS, EXPOSURE_TABLE);
      out.write(EXPOSURE_TABLE, exposureTable);
    }
    return 1;
  }
}
