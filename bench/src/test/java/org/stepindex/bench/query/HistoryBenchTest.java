package org.stepindex.bench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.History;

/**
 * {@link HistoryBench} times what {@code find} and {@code next} answer: its rows and occurrences
 * are the engine's, for a word and a context of a small synthetic index; no time is asserted.
 */
class HistoryBenchTest {
  @TempDir Path tmp;

  @Test
  void measuresOpenFindAndNextOfTheIndexsOwnAnswers() {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(600, 65, 16, 3));
    Path index = tmp.resolve("index");
    IndexBuilder.build(
        new BuildOptions(
            corpus.dataPrefix(),
            corpus.tokenizer(),
            index,
            new StepLayout(16, 65),
            List.of("text", "tokens"),
            "every:8",
            0,
            -1,
            2),
        new BuildProgress());
    long step = 30;
    int[] context;
    long the;
    long contextCount;
    int nextTokens;
    try (FrequencyIndex fi = FrequencyIndex.open(index);
        History history = new History(fi, null, null)) {
      the = fi.countAt(fi.compile("text", "the"), step).occurrences();
      context = history.encode(" the"); // inside a sequence, a word follows a space
      contextCount =
          fi.countAt(fi.compile("tokens", HistoryBench.ids(context)), step).occurrences();
      nextTokens = history.next(context, step, 0, false).size();
    }
    assertTrue(the >= HistoryBench.FIND_ROWS && nextTokens > 1, the + " " + nextTokens);

    HistoryBench.Result r = HistoryBench.measure(index, "the", context, step, 3);
    assertEquals(3, r.openData().nanos().length);
    assertEquals(HistoryBench.FIND_ROWS, r.find().rows());
    assertEquals(the, r.find().occurrences());
    assertEquals(nextTokens, r.next().rows());
    assertEquals(contextCount, r.next().occurrences());
    for (HistoryBench.Measured m : List.of(r.openData(), r.find(), r.next())) {
      for (long nanos : m.nanos()) {
        assertTrue(nanos > 0);
      }
    }
    assertNull(HistoryBench.measure(index, "the", null, step, 1).next(), "no context, no next row");

    HistoryBench.Measured exposures = HistoryBench.measureExposures(index, step, 4, 1);
    assertEquals(4, exposures.nanos().length);
    assertTrue(
        exposures.occurrences() >= 4, "each window seen by the step counts itself at least once");
  }
}
