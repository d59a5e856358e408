package org.stepindex.eval.memorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.IdsGenerator;
import org.stepindex.eval.tasks.ProgressListener;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;

/**
 * {@code eval --task memorization} with an index: every tested sequence's four exposure counts are
 * those of a brute-force scan of the sequences as this test wrote them (null where a document ends
 * in the window), and the exposure bins of the side file are the memorized share of the sequences
 * in each power-of-two bin.
 */
class MemorizationExposuresTest {
  private static final StepLayout LAYOUT = new StepLayout(4, 64);

  @TempDir Path tmp;

  @Test
  void instancesCarryExactExposuresAndTheBinsFollowThem() throws Exception {
    List<String> words = List.of("alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta");
    Map<String, Integer> vocab = ByteLevelBpeWriter.write(tmp.resolve("tokenizer.json"), words);
    int[] ids = words.stream().mapToInt(w -> vocab.get(" " + w)).toArray();
    int eot = vocab.get(ByteLevelBpeWriter.END_OF_TEXT);
    Random random = new Random(9);
    List<int[]> sequences = new ArrayList<>();
    for (int s = 0; s < 40; s++) {
      int[] seq = new int[64];
      if (s >= 4 && random.nextDouble() < 0.35) {
        seq = sequences.get(random.nextInt(Math.min(s, 8))).clone();
      } else {
        for (int i = 0; i < 64; i++) {
          seq[i] = random.nextDouble() < 0.01 ? eot : ids[random.nextInt(ids.length)];
        }
      }
      sequences.add(seq);
    }
    Path data = tmp.resolve("document");
    Path index =
        SequenceExposuresTest.index(
            sequences, data, tmp.resolve("tokenizer.json"), LAYOUT, "every:3");
    // Memorizes a sequence whose prompt starts with one of the first three words: a rule the test
    // can recompute.
    IdsGenerator generator =
        (prompts, n) ->
            prompts.stream()
                .map(
                    p -> {
                      int seq = find(sequences, p);
                      return Arrays.stream(ids, 0, 3).anyMatch(id -> id == p[0])
                          ? Arrays.copyOfRange(sequences.get(seq), 32, 64)
                          : new int[n];
                    })
                .toList();

    Path out = tmp.resolve("eval");
    long checkpoint = 8;
    new EvalRunner(ProgressListener.NONE)
        .run(
            new MemorizationTask(data, LAYOUT, 2, 9, 4, index),
            dir -> generator,
            List.of(Checkpoint.of(Files.createDirectories(tmp.resolve("step" + checkpoint)))),
            out);

    List<String> lines = Files.readAllLines(out.resolve("memorization-step8.jsonl"));
    assertEquals(28, lines.size());
    Map<Long, long[]> windowBins = new TreeMap<>();
    int undefined = 0;
    for (String line : lines) {
      JsonNode row = Json.mapper().readTree(line);
      int s = row.get("seq").asInt();
      int[] window = sequences.get(s);
      JsonNode e = row.get("exposures");
      if (Arrays.stream(window).anyMatch(t -> t == eot)) {
        assertTrue(e.get("fullAtCheckpoint").isNull(), line);
        undefined++;
        continue;
      }
      int[] tail = Arrays.copyOfRange(window, 32, 64);
      long trained = s / 4 + 1;
      assertEquals(
          SequenceExposuresTest.bruteForce(sequences, tail, trained),
          e.get("continuationAtTrain").asLong());
      assertEquals(
          SequenceExposuresTest.bruteForce(sequences, window, trained),
          e.get("fullAtTrain").asLong());
      assertEquals(
          SequenceExposuresTest.bruteForce(sequences, tail, checkpoint),
          e.get("continuationAtCheckpoint").asLong());
      long full = SequenceExposuresTest.bruteForce(sequences, window, checkpoint);
      assertEquals(full, e.get("fullAtCheckpoint").asLong(), line);
      long from = Long.highestOneBit(full);
      long[] bin = windowBins.computeIfAbsent(from, k -> new long[2]);
      bin[0]++;
      bin[1] += row.get("memorized").asBoolean() ? 1 : 0;
    }
    assertTrue(undefined > 0 && windowBins.size() > 1, undefined + " " + windowBins.keySet());

    Csv.Table table = Csv.read(out.resolve("memorization-step8.exposure-bins.csv"));
    assertEquals(List.of("of", "from", "to", "sequences", "memorized", "rate"), table.header());
    List<List<String>> windows =
        table.rows().stream().filter(r -> r.getFirst().equals("window")).toList();
    assertEquals(windowBins.size(), windows.size());
    int i = 0;
    for (Map.Entry<Long, long[]> bin : windowBins.entrySet()) {
      long[] v = bin.getValue();
      assertEquals(
          List.of(
              "window",
              Long.toString(bin.getKey()),
              Long.toString(Math.max(0, 2 * bin.getKey() - 1)),
              Long.toString(v[0]),
              Long.toString(v[1]),
              Csv.number((double) v[1] / v[0])),
          windows.get(i++));
    }
    assertFalse(table.rows().stream().noneMatch(r -> r.getFirst().equals("continuation")));
  }

  private static int find(List<int[]> sequences, int[] prompt) {
    for (int s = 0; s < sequences.size(); s++) {
      if (Arrays.equals(sequences.get(s), 0, 32, prompt, 0, 32)) {
        return s;
      }
    }
    throw new AssertionError("a prompt of no sequence");
  }
}
