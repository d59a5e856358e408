package org.stepindex.eval.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.FrequencyIndex;

/**
 * Relevant-sequence counts of QA pairs against a scan of the generated sequences at every kind of
 * step (inside a shard, at a shard boundary, the end), with heuristic and user-given entities, and
 * the bins that follow.
 */
class TriviaCorrelationTest {
  private static final long[] STEPS = {0, 1, 4, 8, 13, 21, 32};

  @TempDir static Path tmp;
  static TestCorpus corpus;
  static FrequencyIndex index;
  static List<EvalInstances.Trivia> instances;
  static Path resources;

  @BeforeAll
  static void setUp() throws Exception {
    corpus = new TestCorpus(tmp.resolve("corpus"));
    index = FrequencyIndex.open(corpus.index);
    resources = Path.of(TriviaCorrelationTest.class.getResource("/correlate").toURI());
    instances =
        EvalInstances.trivia(
            EvalInstances.files(resources.resolve("eval"), EvalInstances.TRIVIAQA));
  }

  @AfterAll
  static void tearDown() {
    index.close();
  }

  @Test
  void heuristicEntitiesCountedAgainstAScanAtEveryStep() {
    List<EvalInstances.Trivia> atEveryStep = new ArrayList<>();
    for (long step : STEPS) {
      for (EvalInstances.Trivia t : instances.subList(0, 4)) {
        atEveryStep.add(
            new EvalInstances.Trivia(
                t.model(), step, t.k(), t.id(), t.question(), t.targets(), t.correct()));
      }
    }
    TriviaCorrelation.Result result = TriviaCorrelation.run(index, atEveryStep, null);
    assertEquals(atEveryStep.size(), result.pairs().size());
    boolean someNonZero = false;
    for (TriviaCorrelation.Pair p : result.pairs()) {
      if (p.id().equals("q4")) {
        assertTrue(p.entities().isEmpty());
        assertTrue(p.relevant().isEmpty(), "no entity: no count");
        continue;
      }
      long expected = corpus.cooccur(p.entities(), p.answers(), p.step());
      assertEquals(
          expected,
          p.relevant().orElseThrow(),
          p.id() + " " + p.entities() + " at step " + p.step());
      someNonZero |= expected > 0;
    }
    assertTrue(someNonZero, "the corpus has co-occurrences");
    assertEquals(
        List.of("Barack Obama"),
        result.pairs().stream()
            .filter(p -> p.id().equals("q1"))
            .findFirst()
            .orElseThrow()
            .entities());
    assertEquals(
        List.of("Abbey Road"),
        result.pairs().stream()
            .filter(p -> p.id().equals("q2"))
            .findFirst()
            .orElseThrow()
            .entities());
  }

  @Test
  void entityFileReplacesTheHeuristic() {
    Map<String, List<String>> entities = EntityFile.read(resources.resolve("entities.jsonl"));
    TriviaCorrelation.Result result = TriviaCorrelation.run(index, instances, entities);
    for (TriviaCorrelation.Pair p : result.pairs()) {
      assertEquals(entities.get(p.id()), p.entities());
      if (!p.entities().isEmpty()) {
        assertEquals(
            corpus.cooccur(p.entities(), p.answers(), p.step()), p.relevant().orElseThrow());
      }
    }
    Map<String, List<String>> partial = Map.of("q1", List.of("Obama"));
    assertThrows(StepIndexException.class, () -> TriviaCorrelation.run(index, instances, partial));
  }

  @Test
  void binsHoldTheAccuracyOfTheirPairs() {
    TriviaCorrelation.Result result = TriviaCorrelation.run(index, instances, null);
    int binned = 0;
    for (TriviaCorrelation.Bin bin : result.bins()) {
      List<TriviaCorrelation.Pair> in =
          result.pairs().stream()
              .filter(
                  p ->
                      p.step() == bin.step()
                          && p.relevant().isPresent()
                          && LogBins.of(p.relevant().getAsLong()) == bin.bin())
              .toList();
      assertEquals(in.size(), bin.n());
      assertEquals(
          in.stream().filter(TriviaCorrelation.Pair::correct).count() / (double) in.size(),
          bin.accuracy(),
          1e-12);
      binned += bin.n();
    }
    assertEquals(6, binned, "q4 (no entity) is left out at both steps");
    Csv.Table pairs = TriviaCorrelation.pairTable(result.pairs());
    assertEquals(TriviaCorrelation.PAIR_COLUMNS, pairs.header());
    assertFalse(pairs.toCsv().isEmpty());
    List<Path> files = TriviaCorrelation.write(result, tmp.resolve("out"));
    assertEquals(TriviaCorrelation.binTable(result.bins()), Csv.read(files.get(1)));
    assertEquals(
        pairs, Csv.read(files.get(0)), "quotes and commas in aliases survive the CSV round trip");
  }
}
