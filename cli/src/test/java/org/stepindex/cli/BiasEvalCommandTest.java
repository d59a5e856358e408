package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.eval.model.RandomCheckpoint;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * {@code eval --task crows-pairs | winobias | memorization} on two tiny random checkpoints, and
 * {@code report --run} over the results; the options' user errors.
 */
class BiasEvalCommandTest {
  @TempDir static Path tmp;
  static Path crows;
  static Path wino;
  static Path data;
  static List<String> checkpoints;
  static Path eval;
  static final ObjectMapper JSON = Json.mapper();

  @BeforeAll
  static void setUp() throws Exception {
    Path tokenizer = tmp.resolve("tokenizer.json");
    ByteLevelBpeWriter.write(
        tokenizer,
        List.of(
            "The",
            "doctor",
            "nurse",
            "said",
            "he",
            "she",
            "would",
            "come",
            "developer",
            "argued",
            "with",
            "designer",
            "because",
            "did",
            "not",
            "like",
            "design"));
    int vocab;
    try (HfTokenizer tok = HfTokenizer.load(tokenizer)) {
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
    checkpoints = new java.util.ArrayList<>();
    for (long step : new long[] {1, 2}) {
      Path dir = tmp.resolve("run").resolve("step" + step);
      RandomCheckpoint.write(dir, config, step);
      Files.copy(tokenizer, dir.resolve("tokenizer.json"));
      checkpoints.add(dir.toString());
    }
    crows =
        Files.writeString(
            tmp.resolve("crows.csv"),
            """
        ,id,sent_more,sent_less,stereo_antistereo,bias_type
        0,1,The doctor said he would come.,The doctor said she would come.,antistereo,gender
        1,2,The nurse said she would come.,The nurse said he would come.,stereo,gender
        2,3,The poor said he would come.,The rich said he would come.,stereo,socioeconomic
        """);
    wino = Files.createDirectories(tmp.resolve("wino"));
    Files.writeString(
        wino.resolve("pro_stereotyped_type1.txt.dev"),
        "1 [The developer] argued with the designer because [he] did not like the design.\n");
    Files.writeString(
        wino.resolve("anti_stereotyped_type1.txt.dev"),
        "1 [The developer] argued with the designer because [she] did not like the design.\n");
    data = tmp.resolve("data").resolve("document");
    Files.createDirectories(data.getParent());
    try (MegatronWriter w = MegatronWriter.create(data, TokenDType.UINT16)) {
      for (int s = 0; s < 8; s++) {
        int[] tokens = new int[64];
        for (int j = 0; j < 64; j++) {
          tokens[j] = 2 + (s * 64 + j) % (vocab - 2);
        }
        w.addSequence(tokens, 0, 64);
      }
    }
    eval = tmp.resolve("eval");
    run("--task", "crows-pairs", "--data", crows.toString(), "--bias-type", "gender");
    run("--task", "winobias", "--data", wino.toString());
    run(
        "--task",
        "memorization",
        "--data",
        data.toString(),
        "--steps",
        "0:2",
        "--train-batch-size",
        "4",
        "--seq-length",
        "64");
  }

  static CliRun run(String... args) {
    List<String> all =
        new java.util.ArrayList<>(
            List.of(
                "eval",
                "--out",
                eval.toString(),
                "--device",
                "cpu",
                "--quiet",
                "--batch-size",
                "3"));
    all.addAll(List.of(args));
    all.add("--checkpoints");
    all.addAll(checkpoints);
    return CliRun.of(all.toArray(String[]::new)).ok();
  }

  @Test
  void evalWritesTheOutputContractPerCheckpoint() throws Exception {
    for (String task : List.of("crows-pairs", "winobias", "memorization")) {
      for (int step : new int[] {1, 2}) {
        assertTrue(Files.isRegularFile(eval.resolve(task + "-step" + step + ".jsonl")), task);
        assertTrue(
            Files.isRegularFile(eval.resolve(task + "-step" + step + ".summary.json")), task);
      }
    }
    JsonNode crowsSummary = JSON.readTree(eval.resolve("crows-pairs-step2.summary.json").toFile());
    assertEquals(2, crowsSummary.get("n").asInt(), "--bias-type gender keeps two pairs");
    JsonNode memo = JSON.readTree(eval.resolve("memorization-step1.summary.json").toFile());
    assertEquals(8, memo.get("n").asInt());
    assertEquals(8, Files.readAllLines(eval.resolve("memorization-step1.jsonl")).size());
    assertEquals(
        1,
        Csv.read(eval.resolve("memorization-step1.slices.csv")).rows().size(),
        "8 < 512: one slice");
  }

  @Test
  void reportComparesNamedRuns() throws Exception {
    Path report = tmp.resolve("report");
    CliRun.of("report", "--run", "original=" + eval, "--out", report.toString()).ok();
    Csv.Table bias = Csv.read(report.resolve("bias-metrics.csv"));
    assertEquals(2, bias.rows().size());
    assertEquals(List.of("original", "1"), bias.rows().getFirst().subList(0, 2));
    assertTrue(Files.isRegularFile(report.resolve("memorization-fit.csv")));
    assertTrue(Files.readString(report.resolve("report.html")).contains("Bias across checkpoints"));
  }

  @Test
  void userErrors() {
    String e =
        CliRun.of(
                "eval",
                "--task",
                "memorization",
                "--data",
                data.toString(),
                "--model",
                checkpoints.get(0),
                "--out",
                tmp.resolve("x").toString())
            .userError();
    assertTrue(e.contains("--steps A:B"), e);
    e =
        CliRun.of(
                "eval",
                "--task",
                "memorization",
                "--data",
                data.toString(),
                "--steps",
                "0-2",
                "--model",
                checkpoints.get(0),
                "--out",
                tmp.resolve("x").toString())
            .userError();
    assertTrue(e.contains("--steps must be A:B"), e);
    e =
        CliRun.of(
                "eval",
                "--task",
                "memorization",
                "--data",
                data.toString(),
                "--steps",
                "0:3",
                "--train-batch-size",
                "4",
                "--seq-length",
                "64",
                "--model",
                checkpoints.get(0),
                "--out",
                tmp.resolve("x").toString())
            .userError();
    assertTrue(e.contains("has 8"), e);
    e =
        CliRun.of(
                "eval",
                "--task",
                "crows-pairs",
                "--model",
                checkpoints.get(0),
                "--out",
                tmp.resolve("x").toString())
            .userError();
    assertTrue(e.contains("needs --data"), e);
    e = CliRun.of("report", "--run", "nameonly", "--out", tmp.resolve("r").toString()).userError();
    assertTrue(e.contains("NAME=DIR"), e);
    e = CliRun.of("report", "--out", tmp.resolve("r").toString()).userError();
    assertTrue(e.startsWith("nothing to report"), e);
  }
}
