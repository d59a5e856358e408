package org.stepindex.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.stepindex.eval.tasks.EvalFiles;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Reads the {@code <task>-step<N>.summary.json} files of one task from an eval output directory, by
 * step.
 */
final class RunSummaries {
  private static final ObjectMapper JSON = Json.mapper();

  private RunSummaries() {}

  /**
   * One summary file.
   *
   * @param step the step in its name, null for {@code step-unknown}
   * @param file the file
   * @param json its content
   */
  record Entry(Long step, Path file, JsonNode json) {}

  /**
   * The summaries of {@code task} in {@code dir}, by step (unknown last); empty when there are
   * none.
   */
  static List<Entry> read(Path dir, String task) {
    List<Entry> out = new ArrayList<>();
    try {
      for (Path p : EvalFiles.list(dir, task, EvalFiles.SUMMARY)) {
        Long step = EvalFiles.parse(p).orElseThrow().step();
        try {
          out.add(new Entry(step, p, JSON.readTree(p.toFile())));
        } catch (IOException e) {
          throw new StepIndexException(p + " is not a readable eval summary: " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new StepIndexException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(Entry::step, Comparator.nullsLast(Comparator.naturalOrder())));
    return out;
  }

  /** A number field as table text: {@code Csv.number}, empty when absent or null. */
  static String cell(JsonNode node) {
    return node == null || !node.isNumber() ? "" : Csv.number(node.asDouble());
  }
}
