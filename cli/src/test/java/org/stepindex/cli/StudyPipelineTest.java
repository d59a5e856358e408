package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.eval.model.RandomCheckpoint;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * The whole study on CPU, through the command line: tiny random GPT-NeoX checkpoints at three steps
 * are evaluated on arithmetic and on a small TriviaQA file, the results are joined with frequencies
 * from the step-keyed index of the synthetic corpus, and a report is written. Each table is checked
 * against what the commands it came from say.
 */
class StudyPipelineTest {
  private static final long[] STEPS = {8, 16, 32};

  @TempDir static Path tmp;
  static SmallCorpus corpus;
  static List<String> checkpoints = new ArrayList<>();
  static Path evalDir;
  static Path correlateDir;
  static Path reportDir;
  static Path entities;

  @BeforeAll
  static void runTheStudy() throws IOException {
    corpus = SmallCorpus.get();
    int vocab;
    try (HfTokenizer tok = HfTokenizer.load(corpus.tokenizer)) {
      vocab = (tok.vocabSize() + 63) / 64 * 64;
    }
    GptNeoXConfig config =
        new GptNeoXConfig(
            vocab,
            32,
            2,
            4,
            64,
            0.25,
            10000,
            512,
            1e-5,
            true,
            GptNeoXConfig.Activation.GELU_EXACT,
            true,
            false,
            0);
    for (long step : STEPS) {
      Path dir = tmp.resolve("tiny").resolve("step" + step);
      RandomCheckpoint.write(dir, config, step);
      Files.copy(corpus.tokenizer, dir.resolve("tokenizer.json"));
      checkpoints.add(dir.toString());
    }
    evalDir = tmp.resolve("eval");
    correlateDir = tmp.resolve("correlate");
    reportDir = tmp.resolve("report");

    List<String> arithmetic =
        new ArrayList<>(
            List.of(
                "eval",
                "--task",
                "arithmetic",
                "--out",
                evalDir.toString(),
                "--ops",
                "plus",
                "--x1",
                "0-19",
                "--x2",
                "1-2",
                "--shots",
                "0,2",
                "--max-new-tokens",
                "3",
                "--batch-size",
                "8",
                "--device",
                "cpu",
                "--quiet",
                "--checkpoints"));
    arithmetic.addAll(checkpoints);
    CliRun.of(arithmetic.toArray(String[]::new)).ok();

    Path questions = tmp.resolve("questions.jsonl");
    Files.writeString(
        questions,
        """
        {"QuestionId": "q1", "Question": "What goes with zorblax?", "Answer": {"Value": "vorpal", "Aliases": ["vorpal"]}}
        {"QuestionId": "q2", "Question": "What is near the galaxy?", "Answer": {"Value": "quasar nebula", "Aliases": ["quasar nebula"]}}
        {"QuestionId": "q3", "Question": "Which word follows plus?", "Answer": {"Value": "12", "Aliases": ["12", "twelve"]}}
        """);
    entities = tmp.resolve("entities.jsonl");
    Files.writeString(
        entities,
        """
        {"id": "q1", "entities": ["zorblax"]}
        {"id": "q2", "entities": ["galaxy"]}
        {"id": "q3", "entities": ["plus"]}
        """);
    List<String> trivia =
        new ArrayList<>(
            List.of(
                "eval",
                "--task",
                "triviaqa",
                "--data",
                questions.toString(),
                "--shots",
                "1",
                "--out",
                evalDir.toString(),
                "--max-new-tokens",
                "4",
                "--device",
                "cpu",
                "--quiet",
                "--checkpoints"));
    trivia.addAll(checkpoints);
    CliRun.of(trivia.toArray(String[]::new)).ok();

    CliRun.of(
            "correlate",
            "arithmetic",
            "--index",
            corpus.index.toString(),
            "--eval",
            evalDir.toString(),
            "--out",
            correlateDir.toString())
        .ok();
    CliRun.of(
            "correlate",
            "triviaqa",
            "--index",
            corpus.index.toString(),
            "--eval",
            evalDir.toString(),
            "--entities",
            entities.toString(),
            "--out",
            correlateDir.toString())
        .ok();
    CliRun.of(
            "correlate",
            "timeline",
            "--index",
            corpus.index.toString(),
            "--out",
            correlateDir.toString(),
            "--term",
            "zorblax",
            "--term",
            "pythia-numbers:12")
        .ok();
    CliRun.of(
            "report",
            "--correlate",
            correlateDir.toString(),
            "--eval",
            evalDir.toString(),
            "--out",
            reportDir.toString())
        .ok();
  }

  @Test
  void evalWritesOneInstanceLinePerPromptAndASummaryPerCheckpoint() throws IOException {
    for (long step : STEPS) {
      List<String> lines = Files.readAllLines(evalDir.resolve("arithmetic-step" + step + ".jsonl"));
      assertEquals(20 * 2 * 2, lines.size(), "x1 0-19, x2 1-2, k 0 and 2");
      JsonNode summary =
          CliRun.json(
              Files.readString(evalDir.resolve("arithmetic-step" + step + ".summary.json")));
      long correct = lines.stream().filter(l -> CliRun.json(l).get("correct").asBoolean()).count();
      assertEquals((double) correct / lines.size(), summary.get("accuracy").asDouble(), 1e-12);
      assertEquals(step, summary.get("step").asLong());
      assertEquals(
          3, Files.readAllLines(evalDir.resolve("triviaqa-step" + step + ".jsonl")).size());
    }
  }

  @Test
  void operandFrequenciesAreTheIndexCountsAndAccuraciesTheEvalResults() throws IOException {
    Csv.Table items = Csv.read(correlateDir.resolve("arithmetic-frequency.csv"));
    assertEquals(STEPS.length * 2 * 20, items.rows().size(), "one row per step x k x x1");
    Map<String, long[]> correctByKey = new HashMap<>();
    for (long step : STEPS) {
      for (String line : Files.readAllLines(evalDir.resolve("arithmetic-step" + step + ".jsonl"))) {
        JsonNode n = CliRun.json(line);
        String key = step + "/" + n.get("k").asInt() + "/" + n.get("x1").asLong();
        long[] c = correctByKey.computeIfAbsent(key, k -> new long[2]);
        c[0] += n.get("correct").asBoolean() ? 1 : 0;
        c[1]++;
      }
    }
    for (Map<String, String> row : items.records()) {
      String step = row.get("step");
      String x1 = row.get("x1");
      JsonNode count =
          CliRun.of(
                  "count",
                  "--index",
                  corpus.index.toString(),
                  "--view",
                  "pythia-numbers",
                  "--step",
                  step,
                  "--format",
                  "json",
                  x1)
              .ok()
              .onlyJsonObject();
      assertEquals(
          count.get("occurrences").asLong(), Long.parseLong(row.get("frequency")), row.toString());
      long[] c = correctByKey.get(step + "/" + row.get("k") + "/" + x1);
      assertEquals(
          (double) c[0] / c[1], Double.parseDouble(row.get("accuracy")), 1e-9, row.toString());
    }
  }

  @Test
  void triviaRelevantSequencesAreCooccurrenceCounts() throws IOException {
    Csv.Table pairs = Csv.read(correlateDir.resolve("triviaqa-pairs.csv"));
    assertEquals(STEPS.length * 3, pairs.rows().size());
    Map<String, String[]> pair =
        Map.of(
            "q1",
            new String[] {"zorblax", "vorpal"},
            "q2",
            new String[] {"galaxy", "\"quasar nebula\""},
            "q3",
            new String[] {"plus", "12 OR twelve"});
    for (Map<String, String> row : pairs.records()) {
      String[] ab = pair.get(row.get("id"));
      JsonNode c =
          CliRun.of(
                  "cooccur",
                  "--index",
                  corpus.index.toString(),
                  "--step",
                  row.get("step"),
                  "--format",
                  "json",
                  ab[0],
                  ab[1])
              .ok()
              .onlyJsonObject();
      assertEquals(
          c.get("sequences").asLong(),
          Long.parseLong(row.get("relevant_sequences")),
          row.toString());
    }
  }

  @Test
  void reportHoldsFiguresAndTablesConsistentWithTheResults() throws IOException {
    String html = Files.readString(reportDir.resolve("report.html"));
    assertTrue(html.contains("data:image/png;base64,"), "figures are embedded");
    try (var files = Files.list(reportDir.resolve("figures"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.stream().anyMatch(n -> n.endsWith(".png")), names::toString);
      assertTrue(names.stream().anyMatch(n -> n.endsWith(".svg")), names::toString);
    }
    Csv.Table evalTable = Csv.read(reportDir.resolve("eval-accuracy.csv"));
    for (Map<String, String> row : evalTable.records()) {
      JsonNode summary =
          CliRun.json(
              Files.readString(
                  evalDir.resolve(row.get("task") + "-step" + row.get("step") + ".summary.json")));
      assertEquals(
          summary.get("accuracy").asDouble(),
          Double.parseDouble(row.get("accuracy")),
          1e-6,
          row.toString());
    }
    Csv.Table delta = Csv.read(reportDir.resolve("delta-table.csv"));
    Csv.Table summaries = Csv.read(correlateDir.resolve("arithmetic-summary.csv"));
    assertEquals(2, delta.rows().size(), "one row per model x op x k");
    for (Map<String, String> s : summaries.records()) {
      Map<String, String> row =
          delta.records().stream()
              .filter(r -> r.get("k").equals(s.get("k")) && r.get("op").equals(s.get("op")))
              .findFirst()
              .orElseThrow();
      String cell = row.get("step" + s.get("step"));
      if (s.get("delta").isEmpty()) {
        assertTrue(cell.isEmpty(), row.toString());
      } else {
        assertEquals(
            Double.parseDouble(s.get("delta")), Double.parseDouble(cell), 0.05, row.toString());
      }
    }
    assertFalse(Files.readString(reportDir.resolve("report.html")).isBlank());
  }
}
