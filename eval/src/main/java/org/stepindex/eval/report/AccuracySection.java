package org.stepindex.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.stepindex.eval.correlate.OutputDir;
import org.stepindex.eval.model.CheckpointNames;
import org.stepindex.eval.tasks.EvalFiles;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The accuracy section: every summary with an accuracy (the few-shot tasks') of the eval output
 * directories, one row per task, model and checkpoint, as the table {@value Report#EVAL_TABLE}.
 * Summaries without one (bias, memorization) have sections of their own.
 */
final class AccuracySection {
  private AccuracySection() {}

  /**
   * Adds the table of the accuracy summaries in {@code evalDirs}; returns 1 if there were any, else
   * 0.
   */
  static int write(List<Path> evalDirs, HtmlPage page, OutputDir out) {
    List<Path> files = new ArrayList<>();
    for (Path evalDir : evalDirs) {
      try {
        files.addAll(EvalFiles.list(evalDir, null, EvalFiles.SUMMARY));
      } catch (IOException e) {
        throw new StepIndexException("cannot list " + evalDir + ": " + e.getMessage(), e);
      }
    }
    ObjectMapper json = Json.mapper();
    List<List<String>> rows = new ArrayList<>();
    for (Path file : files) {
      JsonNode s;
      try {
        s = json.readTree(file.toFile());
      } catch (IOException e) {
        throw new StepIndexException(
            file + " is not a readable eval summary: " + e.getMessage(), e);
      }
      if (!s.path("accuracy").isNumber()) {
        continue; // bias and memorization summaries have sections of their own
      }
      StringBuilder byK = new StringBuilder();
      if (s.has("byK")) {
        s.get("byK")
            .properties()
            .forEach(
                k ->
                    byK.append(byK.isEmpty() ? "" : " ")
                        .append(k.getKey())
                        .append('=')
                        .append(Csv.number(k.getValue().asDouble())));
      }
      rows.add(
          List.of(
              s.path("task").asText(),
              CheckpointNames.modelLabel(s.path("model").asText()),
              s.path("step").isNumber() ? s.get("step").asText() : "",
              s.path("n").asText(),
              Csv.number(s.path("accuracy").asDouble(Double.NaN)),
              byK.toString()));
    }
    if (rows.isEmpty()) {
      return 0;
    }
    // Task, model, then step as a number: file names sort step128 before step16.
    rows.sort(
        Comparator.<List<String>, String>comparing(r -> r.get(0))
            .thenComparing(r -> r.get(1))
            .thenComparingLong(
                r -> r.get(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(r.get(2))));
    Csv.Table table =
        new Csv.Table(List.of("task", "model", "step", "n", "accuracy", "accuracy_by_k"), rows);
    out.write(Report.EVAL_TABLE, table);
    page.heading("Eval accuracy per checkpoint")
        .table(table, Report.MAX_INLINE_ROWS, Report.EVAL_TABLE);
    return 1;
  }
}
