package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Csv;

/**
 * {@code demo --quick}: the whole mini-Pythia study runs, and the report's tables say what the
 * result files say: every accuracy, bias metric and Δ in the report is checked against the eval
 * summaries and correlate tables. The run is the one {@link QuickDemo} shares with the pinned
 * regressions, which pin its numbers.
 */
class DemoCommandTest {
  static Path dir;
  static CliRun run;

  @BeforeAll
  static void runQuickStudy() {
    dir = QuickDemo.get().dir;
    run = QuickDemo.get().run;
  }

  /**
   * The QA pairs are counted through an entities view added to the index, and agree with the text
   * view's count.
   */
  @Test
  void qaRelevantSequencesGoThroughTheEntitiesViewAndEqualTheTextViews() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "QA relevant sequences through the entities view equal the text view's for (\\d+) of (\\d+)")
            .matcher(run.out());
    assertTrue(m.find(), run.out());
    assertEquals(m.group(2), m.group(1), m.group());
    assertTrue(Integer.parseInt(m.group(2)) > 0, m.group());
    assertTrue(
        Files.isDirectory(dir.resolve("index").resolve("views").resolve("entities")),
        "the view was added");
    assertTrue(Files.isRegularFile(dir.resolve("qa-entities").resolve("entity-pairs.tsv")));
  }

  @Test
  void eachStageIsAnnouncedAndTheReportIsNamed() {
    for (int stage = 1; stage <= 7; stage++) {
      assertTrue(run.out().contains("\n" + stage + "/7 "), "stage " + stage + " in " + run.out());
    }
    assertTrue(
        run.out()
            .contains("report: " + dir.resolve("report").resolve("report.html").toAbsolutePath()),
        run.out());
    String html;
    try {
      html = Files.readString(dir.resolve("report").resolve("report.html"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertTrue(html.contains("data:image/png;base64,"), "figures embedded");
  }

  @Test
  void accuracyTableIsTheEvalSummaries() throws IOException {
    Csv.Table table = Csv.read(dir.resolve("report").resolve("eval-accuracy.csv"));
    assertFalse(table.rows().isEmpty());
    for (Map<String, String> row : table.records()) {
      JsonNode summary = summary(row.get("model"), row.get("task"), row.get("step"));
      assertEquals(
          summary.get("accuracy").asDouble(),
          Double.parseDouble(row.get("accuracy")),
          1e-6,
          row.toString());
      assertEquals(summary.get("n").asInt(), Integer.parseInt(row.get("n")), row.toString());
    }
  }

  @Test
  void biasTableIsTheBiasSummariesOfBothRuns() throws IOException {
    Csv.Table table = Csv.read(dir.resolve("report").resolve("bias-metrics.csv"));
    assertEquals(
        List.of("mini", "mini-swapped"),
        table.records().stream().map(r -> r.get("run")).distinct().toList());
    for (Map<String, String> row : table.records()) {
      JsonNode crows =
          CliRun.json(
              Files.readString(
                  dir.resolve("eval")
                      .resolve(row.get("run"))
                      .resolve("crows-pairs-step" + row.get("step") + ".summary.json")));
      JsonNode wino =
          CliRun.json(
              Files.readString(
                  dir.resolve("eval")
                      .resolve(row.get("run"))
                      .resolve("winobias-step" + row.get("step") + ".summary.json")));
      assertEquals(
          crows.get("pctStereotype").asDouble(),
          Double.parseDouble(row.get("crows_pct_stereotype")),
          1e-6);
      assertEquals(
          wino.get("all").get("diff").asDouble(),
          Double.parseDouble(row.get("winobias_diff")),
          1e-6);
      // The study's method in the report; the pronoun likelihood beside it, for the same
      // checkpoints.
      assertEquals("pythia", row.get("winobias_method"));
      assertEquals("pythia", wino.get("method").asText());
      JsonNode likelihood =
          CliRun.json(
              Files.readString(
                  dir.resolve("eval")
                      .resolve(row.get("run"))
                      .resolve("likelihood")
                      .resolve("winobias-step" + row.get("step") + ".summary.json")));
      assertEquals("likelihood", likelihood.get("method").asText());
      assertEquals(wino.get("n").asInt(), likelihood.get("n").asInt(), "the same sentences");
    }
  }

  @Test
  void deltaTableIsTheCorrelateSummary() throws IOException {
    Csv.Table delta = Csv.read(dir.resolve("report").resolve("delta-table.csv"));
    Csv.Table summary = Csv.read(dir.resolve("correlate").resolve("arithmetic-summary.csv"));
    assertEquals(
        List.of("mini", "tiny"),
        delta.records().stream().map(r -> r.get("model")).sorted().toList());
    for (Map<String, String> s : summary.records()) {
      Map<String, String> row =
          delta.records().stream()
              .filter(r -> r.get("model").equals(s.get("model")) && r.get("k").equals(s.get("k")))
              .findFirst()
              .orElseThrow();
      String cell = row.get("step" + s.get("step"));
      if (s.get("delta").isEmpty()) {
        assertTrue(cell.isEmpty(), row.toString());
      } else {
        assertEquals(
            Double.parseDouble(s.get("delta")), Double.parseDouble(cell), 0.05, row + " vs " + s);
      }
    }
  }

  @Test
  void aNonEmptyDirectoryIsRefusedUntouched(@TempDir Path other) throws IOException {
    Files.writeString(other.resolve("keep.txt"), "mine");
    String message = CliRun.of("demo", "--quick", "--out", other.toString(), "--quiet").userError();
    assertTrue(message.contains("is not empty"), message);
    try (Stream<Path> files = Files.list(other)) {
      assertEquals(List.of(other.resolve("keep.txt")), files.toList());
    }
  }

  private static JsonNode summary(String model, String task, String step) throws IOException {
    return CliRun.json(
        Files.readString(
            dir.resolve("eval").resolve(model).resolve(task + "-step" + step + ".summary.json")));
  }
}
