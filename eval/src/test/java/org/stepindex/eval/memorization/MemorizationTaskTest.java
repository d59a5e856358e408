package org.stepindex.eval.memorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.IdsGenerator;
import org.stepindex.eval.tasks.ProgressListener;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.layout.StepLayout;

/**
 * Memorization scoring on a real Megatron dataset of 16 sequences of 64 tokens (4 per step), with a
 * generator that reproduces each sequence's continuation up to a chosen number of positions.
 */
class MemorizationTaskTest {
  @TempDir Path tmp;
  Path data;

  static final ObjectMapper JSON = Json.mapper();
  static final StepLayout LAYOUT = new StepLayout(4, 64);

  /**
   * Token j of sequence s; distinct per sequence, so the generator can tell which sequence a prompt
   * is from.
   */
  static int token(int seq, int j) {
    return 1000 * seq + j + 1;
  }

  /**
   * Positions of the continuation the generator gets right per sequence; every other sequence: all
   * 32.
   */
  static final Map<Integer, int[]> RIGHT =
      Map.of(
          5, range(0, 20), // reproduced up to position 20: 20/32
          6, new int[0], // nothing: 0
          7, range(1, 32), // all but the first token: 31/32, token-wise not prefix-wise
          10, range(0, 31), // all but the last: 31/32
          11, new int[0],
          12, range(0, 16));

  static int[] range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).toArray();
  }

  @BeforeEach
  void writeData() throws Exception {
    data = tmp.resolve("data").resolve("document");
    Files.createDirectories(data.getParent());
    try (MegatronWriter w = MegatronWriter.create(data, TokenDType.UINT16)) {
      for (int s = 0; s < 16; s++) {
        int[] tokens = new int[64];
        for (int j = 0; j < 64; j++) {
          tokens[j] = token(s, j);
        }
        w.addSequence(tokens, 0, 64);
      }
    }
  }

  static final IdsGenerator GENERATOR =
      (prompts, newTokens) -> {
        List<int[]> out = new ArrayList<>();
        for (int[] prompt : prompts) {
          assertEquals(32, prompt.length);
          int seq = (prompt[0] - 1) / 1000;
          assertEquals(token(seq, 31), prompt[31], "the prompt is the sequence's first 32 tokens");
          int[] right = RIGHT.getOrDefault(seq, range(0, 32));
          int[] generated = new int[newTokens];
          java.util.Arrays.fill(generated, 7); // never a token of the data
          for (int i : right) {
            generated[i] = token(seq, 32 + i);
          }
          out.add(generated);
        }
        return out;
      };

  @Test
  void scoreIsTheShareOfPositionsReproduced() {
    int[] truth = range(100, 132);
    int[] twenty = truth.clone();
    for (int i = 20; i < 32; i++) {
      twenty[i] = -1;
    }
    assertEquals(20.0 / 32, MemorizationTask.score(truth, twenty));
    assertEquals(1.0, MemorizationTask.score(truth, truth.clone()));
    int[] shifted = range(101, 133);
    assertEquals(
        0.0, MemorizationTask.score(truth, shifted), "one token late is no match anywhere");
  }

  @Test
  void instancesSlicesAndFitForSteps1To4() throws Exception {
    MemorizationTask task = new MemorizationTask(data, LAYOUT, 1, 4, 4);
    assertEquals(12, task.units());
    Path out = tmp.resolve("eval");
    MemorizationTask.Summary s =
        (MemorizationTask.Summary)
            new EvalRunner(ProgressListener.NONE)
                .run(
                    task,
                    dir -> GENERATOR,
                    List.of(Checkpoint.of(Files.createDirectories(tmp.resolve("step4000")))),
                    out)
                .getFirst();
    List<String> lines = Files.readAllLines(out.resolve("memorization-step4000.jsonl"));
    assertEquals(12, lines.size());
    JsonNode seq5 = JSON.readTree(lines.get(1));
    assertEquals(5, seq5.get("seq").asLong());
    assertEquals(1, seq5.get("seqStep").asLong());
    assertEquals(4000, seq5.get("step").asLong());
    assertEquals(20.0 / 32, seq5.get("score").asDouble());
    assertEquals(false, seq5.get("memorized").asBoolean());
    assertEquals(31.0 / 32, JSON.readTree(lines.get(3)).get("score").asDouble());
    JsonNode seq4 = JSON.readTree(lines.get(0));
    assertTrue(seq4.get("memorized").asBoolean());
    // Memorized: 4 | 8, 9 | 13, 14, 15 -> slices of 4 hold 1, 2, 3.
    assertEquals(6, s.memorized());
    assertEquals(0.5, s.memorizedFraction());
    assertEquals((6 * 32 + 20 + 0 + 31 + 31 + 0 + 16) / (12 * 32.0), s.meanScore(), 1e-12);
    assertEquals(4, s.firstSeq());
    assertEquals(3, s.slices());
    Csv.Table slices = Csv.read(out.resolve("memorization-step4000.slices.csv"));
    assertEquals(
        List.of("slice", "first_seq", "first_step", "sequences", "memorized", "mean_score"),
        slices.header());
    assertEquals(
        List.of("0", "4", "1", "4", "1", Csv.number((32 + 20 + 0 + 31) / 128.0)),
        slices.rows().get(0));
    assertEquals(
        List.of("1", "8", "2", "4", "2", Csv.number((32 + 32 + 31 + 0) / 128.0)),
        slices.rows().get(1));
    assertEquals(
        List.of("2", "12", "3", "4", "3", Csv.number((16 + 96) / 128.0)), slices.rows().get(2));
    // Counts 1, 2, 3: lambda 2, sample variance (1 + 0 + 1) / 2 = 1, dispersion 1/2.
    assertEquals(2.0, s.poisson().lambda(), 1e-12);
    assertEquals(1.0, s.poisson().variance(), 1e-12);
    assertEquals(0.5, s.poisson().dispersion(), 1e-12);
    JsonNode summary = JSON.readTree(out.resolve("memorization-step4000.summary.json").toFile());
    assertEquals(3, summary.get("poisson").get("qq").size());
  }

  @Test
  void aPartialLastSliceIsListedButNotFitted() throws Exception {
    Path out = tmp.resolve("eval");
    MemorizationTask.Summary s =
        (MemorizationTask.Summary)
            new EvalRunner(ProgressListener.NONE)
                .run(
                    new MemorizationTask(data, LAYOUT, 1, 4, 5),
                    dir -> GENERATOR,
                    List.of(Checkpoint.of(Files.createDirectories(tmp.resolve("step9")))),
                    out)
                .getFirst();
    assertEquals(2, s.slices());
    assertEquals(2, s.poisson().n());
    Csv.Table slices = Csv.read(out.resolve("memorization-step9.slices.csv"));
    assertEquals(3, slices.rows().size());
    assertEquals("2", slices.rows().get(2).get(3), "the last slice holds 2 sequences");
  }

  @Test
  void rangesAndLayoutsThatDoNotFitAreRefused() {
    StepIndexException e =
        assertThrows(StepIndexException.class, () -> new MemorizationTask(data, LAYOUT, 2, 5, 4));
    assertTrue(e.getMessage().contains("has 16"), e.getMessage());
    assertThrows(StepIndexException.class, () -> new MemorizationTask(data, LAYOUT, 3, 3, 4));
    assertThrows(
        StepIndexException.class, () -> new MemorizationTask(data, new StepLayout(4, 32), 0, 1, 4));
    MemorizationTask wrongLength = new MemorizationTask(data, new StepLayout(4, 65), 0, 1, 4);
    e =
        assertThrows(
            StepIndexException.class,
            () ->
                new EvalRunner(ProgressListener.NONE)
                    .run(
                        wrongLength,
                        dir -> GENERATOR,
                        List.of(Checkpoint.of(Files.createDirectories(tmp.resolve("step1")))),
                        tmp.resolve("o")));
    assertTrue(e.getMessage().contains("has 64 tokens"), e.getMessage());
    assertTrue(
        !Files.exists(tmp.resolve("o").resolve("memorization-step1.jsonl")),
        "nothing half-written");
  }
}
