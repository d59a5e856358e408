package org.stepindex.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/** Reads the {@code <task>-step<N>.summary.json} files of one task from an eval output directory, by step. */
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

  /** The summaries of {@code task} in {@code dir}, by step (unknown last); empty when there are none. */
  static List<Entry> read(Path dir, String task) {
    Pattern name = Pattern.compile(Pattern.quote(task) + "-step(\\d+|-unknown)\\.summary\\.json");
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> list = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
      for (Path p : list.toList()) {
        Matcher m = name.matcher(p.getFileName().toString());
        if (m.matches()) {
          Long step = m.group(1).equals("-unknown") ? null : Long.valueOf(m.group(1));
          try {
            out.add(new Entry(step, p, JSON.readTree(p.toFile())));
          } catch (IOException e) {
            throw new StepIndexException(p + " is not a readable eval summary: " + e.getMessage(), e);
          }
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
