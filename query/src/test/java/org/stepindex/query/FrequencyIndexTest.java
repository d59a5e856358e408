package org.stepindex.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Counts from the index against an independent brute-force count, for every view, at steps 0 and 1,
 * inside shards, at shard boundaries, at the last full step and at the end of a trailing partial
 * batch, and over ranges; the same data read from Hugging Face byte-range shards cut mid-token
 * gives the same index.
 */
class FrequencyIndexTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 64;

  /**
   * 1000 sequences of 16 per step: 62 full steps and a partial step 62 of 8 sequences; 63 steps.
   */
  private static final long SEQUENCES = 1000;

  /** pythia shard boundaries are 0,1,2,4,8,16,32,63: 5, 20 and 40 lie inside shards. */
  private static final long[] STEPS = {0, 1, 2, 3, 4, 5, 16, 20, 32, 40, 62, 63};

  private static final long[][] RANGES = {{0, 1}, {3, 20}, {16, 32}, {5, 6}, {40, 63}, {62, 63}};

  @TempDir static Path tmp;
  static SyntheticCorpus.Result corpus;
  static BruteForce truth;
  static FrequencyIndex index;
  static FrequencyIndex fromShards;

  @BeforeAll
  static void build() throws Exception {
    corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 7));
    IndexBuilder.build(options(corpus.dataPrefix(), tmp.resolve("index")), new BuildProgress());
    index = FrequencyIndex.open(tmp.resolve("index"));
    truth = new BruteForce(corpus.dataPrefix(), corpus.tokenizer(), 0, 1);

    Path hf = Files.createDirectories(tmp.resolve("hf"));
    Path bin = corpus.dataPrefix().resolveSibling("document.bin");
    long length = Files.size(bin);
    // Odd offsets cut tokens (2 bytes each) and sequences (128 bytes each) in the middle.
    MegatronWriter.splitIntoShards(
        bin, hf, "document", new long[] {0, 1001, 1002, length / 3 + 1, length - 5});
    Files.copy(corpus.dataPrefix().resolveSibling("document.idx"), hf.resolve("document.idx"));
    IndexBuilder.build(options(hf, tmp.resolve("index-hf")), new BuildProgress());
    fromShards = FrequencyIndex.open(tmp.resolve("index-hf"));
  }

  private static BuildOptions options(Path data, Path dir) {
    return new BuildOptions(
        data,
        corpus.tokenizer(),
        dir,
        new StepLayout(BATCH, LENGTH),
        List.of("text", "tokens", "pythia-numbers"),
        "pythia",
        0,
        -1,
        2);
  }

  @AfterAll
  static void close() {
    index.close();
    fromShards.close();
  }

  private static long seqEnd(long step) {
    return Math.min(step * BATCH, SEQUENCES);
  }

  private static void assertCount(long[] expected, Count actual, String what) {
    assertEquals(expected[0], actual.sequences(), "sequences of " + what);
    assertEquals(expected[1], actual.occurrences(), "occurrences of " + what);
  }

  @Test
  void wordsAndPhrasesMatchBruteForceAtEveryKindOfStep() {
    String[][] phrases = {
      {"galaxy"},
      {"zorblax"},
      {"vorpal"},
      {"the"},
      {"he"},
      {"plus"},
      {"12"},
      {"quasar", "nebula"},
      {"plus", "7"},
      {"the", "the"},
      {"is", "1"}
    };
    for (String[] phrase : phrases) {
      String query = phrase.length == 1 ? phrase[0] : "\"" + String.join(" ", phrase) + "\"";
      ViewQuery q = index.compile("text", query);
      for (long step : STEPS) {
        long[] expected = truth.phrase(phrase, 0, seqEnd(step));
        assertCount(expected, index.countAt(q, step), query + " at step " + step);
        assertEquals(
            index.countAt(q, step), fromShards.countAt(fromShards.compile("text", query), step));
      }
      for (long[] r : RANGES) {
        long[] expected = truth.phrase(phrase, seqEnd(r[0]), seqEnd(r[1]));
        assertCount(expected, index.countRange(q, r[0], r[1]), query + " in " + r[0] + ":" + r[1]);
      }
    }
  }

  @Test
  void tokenNgramsMatchBruteForce() throws Exception {
    try (HfTokenizer tok = HfTokenizer.load(corpus.tokenizer())) {
      for (String text : new String[] {" the", " plus 7", " quasar nebula", " the the", " is 1"}) {
        int[] ids = tok.encode(text);
        StringBuilder query = new StringBuilder();
        for (int id : ids) {
          query.append(query.isEmpty() ? "" : " ").append(id);
        }
        ViewQuery q = index.compile("tokens", query.toString());
        for (long step : STEPS) {
          assertCount(
              truth.ngram(ids, 0, seqEnd(step)),
              index.countAt(q, step),
              "ids of '" + text + "' at " + step);
        }
        for (long[] r : RANGES) {
          assertCount(
              truth.ngram(ids, seqEnd(r[0]), seqEnd(r[1])), index.countRange(q, r[0], r[1]), text);
        }
      }
    }
  }

  /**
   * An n-gram whose tokens repeat (as whitespace does in code) reads each distinct token's
   * positions once and lines them up place by place: the counts must stay those of the brute-force
   * scan, with overlapping matches ("the the the" holds "the the" twice) each counted.
   */
  @Test
  void ngramsOfRepeatedTokensMatchBruteForce() throws Exception {
    try (HfTokenizer tok = HfTokenizer.load(corpus.tokenizer())) {
      int the = tok.encode(" the")[0];
      int plus = tok.encode(" plus")[0];
      long seen = 0;
      for (int[] ids :
          new int[][] {
            {the, the}, {the, the, the}, {the, plus, the}, {plus, the, plus, the}, {the, the, plus}
          }) {
        StringBuilder query = new StringBuilder();
        for (int id : ids) {
          query.append(query.isEmpty() ? "" : " ").append(id);
        }
        ViewQuery q = index.compile("tokens", query.toString());
        for (long step : STEPS) {
          long[] expected = truth.ngram(ids, 0, seqEnd(step));
          assertCount(expected, index.countAt(q, step), query + " at " + step);
          seen += expected[1];
        }
      }
      assertTrue(seen > 0, "the corpus holds some of these n-grams");
    }
  }

  @Test
  void booleanAndCooccurrenceMatchBruteForce() {
    ViewQuery both = index.compile("text", "+galaxy +the");
    for (long step : STEPS) {
      long[] expected = truth.both("galaxy", "the", 0, seqEnd(step));
      assertCount(expected, index.countAt(both, step), "+galaxy +the at " + step);
      assertCount(expected, index.cooccur("galaxy", "the", 0, step, 0), "cooccur at " + step);
      assertEquals(
          truth.near("zorblax", "the", 2, 0, seqEnd(step)),
          index.cooccur("zorblax", "the", 0, step, 2).sequences(),
          "zorblax within 2 of the at " + step);
    }
    Count[] curve = index.cooccurTimeline("galaxy", "the", 0, STEPS);
    for (int i = 0; i < STEPS.length; i++) {
      assertEquals(index.cooccur("galaxy", "the", 0, STEPS[i], 0), curve[i]);
    }
  }

  @Test
  void timelineEqualsSingleCounts() {
    for (String view : new String[] {"text", "pythia-numbers"}) {
      ViewQuery q = index.compile(view, view.equals("text") ? "\"plus 7\"" : "7");
      Count[] curve = index.timeline(q, STEPS);
      for (int i = 0; i < STEPS.length; i++) {
        assertEquals(index.countAt(q, STEPS[i]), curve[i], view + " at " + STEPS[i]);
      }
      assertTrue(curve[curve.length - 1].occurrences() > 0, "the corpus has arithmetic with 7");
      // Steps out of order and repeated: each step's prefix of whole shards is found afresh.
      long[] unordered = {63, 5, 5, 0, 40, 2, 63, 16, 3};
      Count[] jumbled = index.timeline(q, unordered);
      for (int i = 0; i < unordered.length; i++) {
        assertEquals(index.countAt(q, unordered[i]), jumbled[i], view + " at " + unordered[i]);
      }
    }
  }

  @Test
  void plantedTruthIsReproduced() {
    for (PlantedTerm term : corpus.planted()) {
      ViewQuery q = index.compile("text", term.text());
      Count[] curve = index.timeline(q, term.steps());
      for (int i = 0; i < term.steps().length; i++) {
        assertEquals(
            term.sequences()[i], curve[i].sequences(), term.text() + " at " + term.steps()[i]);
        assertEquals(
            term.occurrences()[i], curve[i].occurrences(), term.text() + " at " + term.steps()[i]);
      }
      if (term.firstStep() > 0) {
        assertEquals(
            0,
            index.countAt(q, term.firstStep()).occurrences(),
            term.text() + " before its first step");
        assertTrue(index.countAt(q, term.firstStep() + 1).occurrences() > 0);
      }
    }
  }

  @Test
  void shardsOnDiskAreTheSameWhetherReadFromOneFileOrHfShards() {
    assertEquals(index.manifest().shards(), fromShards.manifest().shards());
    assertEquals(index.manifest().data().fingerprint(), fromShards.manifest().data().fingerprint());
    assertArrayEquals(new long[] {63}, new long[] {index.coveredEnd()});
  }

  /**
   * With a memory bound of one byte every new query evicts the one before, so what stays remembered
   * is at most the last query's match sets; the counts do not depend on what is remembered.
   */
  @Test
  void rememberedMatchSetsStayWithinTheBound() {
    try (FrequencyIndex bounded = FrequencyIndex.open(tmp.resolve("index"), 1)) {
      for (String query :
          new String[] {
            "\"plus 7\"", "\"the the\"", "\"quasar nebula\"", "galaxy", "+galaxy +the"
          }) {
        ViewQuery q = bounded.compile("text", query);
        long alone;
        try (FrequencyIndex solo = FrequencyIndex.open(tmp.resolve("index"))) {
          ViewQuery s = solo.compile("text", query);
          for (long step : STEPS) {
            assertEquals(solo.countAt(s, step), bounded.countAt(q, step), query);
          }
          alone = solo.rememberedBytes();
        }
        assertTrue(alone > 0, query + " needed match sets at steps inside shards");
        assertEquals(alone, bounded.rememberedBytes(), "only " + query + " is remembered");
      }
    }
  }

  @Test
  void userErrorsAreOneLine() {
    ViewQuery q = index.compile("text", "galaxy");
    assertOneLine(assertThrows(StepIndexException.class, () -> index.countAt(q, 64)));
    assertOneLine(assertThrows(StepIndexException.class, () -> index.countAt(q, -1)));
    assertOneLine(assertThrows(StepIndexException.class, () -> index.countRange(q, 5, 3)));
    assertOneLine(
        assertThrows(StepIndexException.class, () -> index.compile("text", "\"unbalanced")));
    assertOneLine(assertThrows(StepIndexException.class, () -> index.compile("tokens", "12 abc")));
    assertOneLine(
        assertThrows(StepIndexException.class, () -> index.compile("tokens", "99999999")));
    assertOneLine(
        assertThrows(StepIndexException.class, () -> index.compile("pythia-numbers", "twelve")));
    assertOneLine(assertThrows(StepIndexException.class, () -> index.compile("entities", "x")));
  }

  private static void assertOneLine(StepIndexException e) {
    assertTrue(!e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
  }
}
