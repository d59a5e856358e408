package org.stepindex.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;

/**
 * Many threads asking one index at once (as the server's requests do) get the brute-force counts:
 * terms, phrases, co-occurrences, at steps inside and at the end of shards, all first asked
 * concurrently (so match sets are collected, cached on disk and remembered by racing threads), with
 * a memory bound so small that every new query evicts an older one while others still use it.
 */
class ConcurrentQueriesTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 64;
  private static final long SEQUENCES = 800;
  private static final long[] STEPS = {1, 3, 8, 20, 33, 50};

  @TempDir Path tmp;

  private record Task(String kind, String a, String b, long step, long[] expected) {}

  @Test
  void concurrentQueriesGetTheBruteForceCounts() throws Exception {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(
            tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 11));
    Path dir = tmp.resolve("index");
    IndexBuilder.build(
        new BuildOptions(
            corpus.dataPrefix(),
            corpus.tokenizer(),
            dir,
            new StepLayout(BATCH, LENGTH),
            List.of("text"),
            "every:16",
            0,
            -1,
            2),
        new BuildProgress());
    BruteForce truth = new BruteForce(corpus.dataPrefix(), corpus.tokenizer(), 0, 1);

    String[] words = {"the", "of", "galaxy", "zorblax", "vorpal", "she", "and"};
    String[][] phrases = {
      {"quasar", "nebula"}, {"of", "the"}, {"the", "galaxy"}, {"in", "a"}, {"he", "was"}
    };
    List<Task> tasks = new ArrayList<>();
    for (long step : STEPS) {
      long end = Math.min(step * BATCH, SEQUENCES);
      for (String w : words) {
        tasks.add(new Task("term", w, null, step, truth.phrase(new String[] {w}, 0, end)));
      }
      for (String[] p : phrases) {
        tasks.add(
            new Task(
                "phrase", "\"" + String.join(" ", p) + "\"", null, step, truth.phrase(p, 0, end)));
      }
      tasks.add(new Task("both", "galaxy", "the", step, truth.both("galaxy", "the", 0, end)));
      tasks.add(new Task("both", "zorblax", "of", step, truth.both("zorblax", "of", 0, end)));
    }

    try (FrequencyIndex index = FrequencyIndex.open(dir, 1);
        ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        List<Task> mine = new ArrayList<>(tasks);
        Collections.shuffle(mine, new Random(t));
        done.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 3; round++) {
                    for (Task task : mine) {
                      Count c =
                          switch (task.kind) {
                            case "both" -> index.cooccur(task.a, task.b, 0, task.step, 0);
                            default -> index.countAt(index.compile("text", task.a), task.step);
                          };
                      String what =
                          task.kind
                              + " "
                              + task.a
                              + (task.b == null ? "" : " + " + task.b)
                              + " @"
                              + task.step;
                      assertEquals(task.expected[0], c.sequences(), "sequences of " + what);
                      assertEquals(task.expected[1], c.occurrences(), "occurrences of " + what);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }
}
