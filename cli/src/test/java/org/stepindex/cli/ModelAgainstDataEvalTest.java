package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.eval.model.RandomCheckpoint;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * The model against the data from the command line, on the shared small index and two random
 * checkpoints named by steps of it: {@code eval --task ngram-agreement} with drawn and with given
 * contexts, {@code eval --task memorization --index} with exposures and their bins, and the user
 * errors as one line.
 */
class ModelAgainstDataEvalTest {
  @TempDir static Path tmp;
  static SmallCorpus corpus;
  static List<String> checkpoints = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
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
            128,
            1e-5,
            true,
            GptNeoXConfig.Activation.GELU_EXACT,
            true,
            false,
            0);
    for (long step : new long[] {8, 32}) {
      Path dir = tmp.resolve("run").resolve("step" + step);
      RandomCheckpoint.write(dir, config, step);
      Files.copy(corpus.tokenizer, dir.resolve("tokenizer.json"));
      checkpoints.add(dir.toString());
    }
  }

  static CliRun eval(Path out, String... args) {
    List<String> all =
        new ArrayList<>(List.of("eval", "--out", out.toString(), "--device", "cpu", "--quiet"));
    all.addAll(List.of(args));
    all.add("--checkpoints");
    all.addAll(checkpoints);
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void ngramAgreementOnDrawnAndGivenContexts() throws Exception {
    Path out = tmp.resolve("agreement");
    String printed =
        eval(
                out,
                "--task",
                "ngram-agreement",
                "--index",
                corpus.index.toString(),
                "--sample",
                "6",
                "--seed",
                "2")
            .ok()
            .out();
    for (int step : new int[] {8, 32}) {
      List<String> lines =
          Files.readAllLines(out.resolve("ngram-agreement-step" + step + ".jsonl"));
      assertEquals(6, lines.size());
      JsonNode first = Json.mapper().readTree(lines.getFirst());
      assertEquals(8, first.get("context").size(), "drawn contexts hold 8 tokens");
      assertEquals(5, first.get("orders").size());
      JsonNode summary =
          Json.mapper()
              .readTree(out.resolve("ngram-agreement-step" + step + ".summary.json").toFile());
      assertEquals(6, summary.get("contexts").asInt());
      assertEquals(
          List.of("1", "2", "3", "4", "inf"), summary.get("orders").findValuesAsText("order"));
      JsonNode unigram = summary.get("orders").get(0);
      assertEquals(6, unigram.get("contexts").asInt(), "every context has the token frequencies");
      assertTrue(unigram.get("meanKl").asDouble() > 0, summary.toString());
    }
    assertTrue(printed.contains("n=inf"), printed);

    Path given = Files.writeString(tmp.resolve("contexts.txt"), "# a text, then ids\n the\n5 6\n");
    Path out2 = tmp.resolve("agreement-given");
    eval(
            out2,
            "--task",
            "ngram-agreement",
            "--index",
            corpus.index.toString(),
            "--contexts",
            given.toString())
        .ok();
    assertEquals(2, Files.readAllLines(out2.resolve("ngram-agreement-step32.jsonl")).size());
  }

  @Test
  void memorizationCountsExposuresWithAnIndex() throws Exception {
    Path out = tmp.resolve("memorization");
    eval(
            out,
            "--task",
            "memorization",
            "--data",
            corpus.data.toString(),
            "--steps",
            "2:4",
            "--train-batch-size",
            "16",
            "--seq-length",
            "65",
            "--index",
            corpus.index.toString(),
            "--batch-size",
            "8")
        .ok();
    List<String> lines = Files.readAllLines(out.resolve("memorization-step32.jsonl"));
    assertEquals(32, lines.size());
    int counted = 0;
    for (String line : lines) {
      JsonNode e = Json.mapper().readTree(line).get("exposures");
      if (!e.get("fullAtTrain").isNull()) {
        counted++;
        assertTrue(
            e.get("fullAtTrain").asLong() >= 1, "a window counts itself by its own step: " + line);
        assertTrue(e.get("fullAtCheckpoint").asLong() >= e.get("fullAtTrain").asLong(), line);
        assertTrue(
            e.get("continuationAtCheckpoint").asLong() >= e.get("fullAtCheckpoint").asLong(), line);
      }
    }
    assertTrue(counted > 0, "some windows hold no document end");
    Csv.Table bins = Csv.read(out.resolve("memorization-step32.exposure-bins.csv"));
    assertEquals(
        counted,
        bins.rows().stream()
            .filter(r -> r.getFirst().equals("window"))
            .mapToLong(r -> Long.parseLong(r.get(3)))
            .sum());
  }

  @Test
  void userErrorsAreOneLine() {
    Path out = tmp.resolve("errors");
    CliRun noIndex = eval(out, "--task", "ngram-agreement", "--sample", "3");
    assertEquals(2, noIndex.exit());
    assertEquals(
        "stepindex: --task ngram-agreement needs --index DIR (the index of the training data)",
        noIndex.err().strip());
    CliRun both =
        eval(
            out,
            "--task",
            "ngram-agreement",
            "--index",
            corpus.index.toString(),
            "--sample",
            "3",
            "--contexts",
            corpus.tokenizer.toString());
    assertEquals(2, both.exit());
    assertEquals(
        "stepindex: ngram-agreement needs --contexts FILE or --sample N (not both)",
        both.err().strip());
    assertTrue(!Files.exists(out.resolve("ngram-agreement-step8.jsonl")), "nothing written");
  }
}
