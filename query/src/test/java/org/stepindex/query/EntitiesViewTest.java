package org.stepindex.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.AddViewOptions;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.store.ViewAdder;

/**
 * The entities view against a brute-force count (multi-word names, names sharing words and starts,
 * two entities sharing a name, overlapping entities, document boundaries, steps inside shards),
 * against the text view's count of the OR of each entity's quoted names with start positions
 * deduplicated, and co-occurrence: declared pairs (term statistics) and the same pairs undeclared
 * (postings intersection) give the brute force's answer; refusal of another entity file for the
 * view.
 */
class EntitiesViewTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 64;

  /** 1200 sequences, 75 steps, shards of 10 steps: 5, 33 and 74 lie inside shards. */
  private static final long SEQUENCES = 1200;

  private static final long[] STEPS = {0, 1, 5, 10, 33, 40, 70, 74, 75};
  private static final String ENTITIES =
      """
      # id, then names; E1 and E8 share "galaxy"; E3's names both start at "quasar"
      E1\tgalaxy\tQuasar Nebula
      E2\tnebula
      E3\tquasar nebula\tQuasar
      E4\tplus 7\t7 is
      E5\tof the\tthe
      E6\tzzzznotaword
      E7\tVorpal!
      E8\tthe galaxy\tgalaxy
      E9\tplus 1 is\tplus 2 is
      """;
  private static final String PAIRS = "E1\tE5\nE4\tE3\nE6\tE5\nE2\tE1\nE9\tE4\n";

  /** Declared and undeclared pairs (E7-E1, E8-E5 are not declared). */
  private static final String[][] ASKED = {
    {"E1", "E5"}, {"E3", "E4"}, {"E5", "E6"}, {"E1", "E2"}, {"E4", "E9"}, {"E7", "E1"}, {"E8", "E5"}
  };

  @TempDir static Path tmp;
  static SyntheticCorpus.Result corpus;
  static BruteForce truth;
  static Map<String, List<String[]>> names;
  static Path declared;
  static Path undeclared;
  static Path entityFile;
  static Path pairFile;

  @BeforeAll
  static void build() throws Exception {
    corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 5));
    truth = new BruteForce(corpus.dataPrefix(), corpus.tokenizer(), 0, 1);
    entityFile = Files.writeString(tmp.resolve("entities.tsv"), ENTITIES);
    pairFile = Files.writeString(tmp.resolve("pairs.tsv"), PAIRS);
    names = new LinkedHashMap<>();
    for (String line : ENTITIES.strip().split("\n")) {
      if (!line.startsWith("#")) {
        String[] fields = line.split("\t");
        List<String[]> list = new ArrayList<>();
        for (int i = 1; i < fields.length; i++) {
          // The brute force's own word rule: runs of letters and digits, lower-cased.
          list.add(fields[i].toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
        }
        names.put(fields[0], list);
      }
    }
    declared = build("declared", pairFile);
    undeclared = build("undeclared", null);
  }

  private static Path build(String name, Path pairs) {
    Path index = tmp.resolve(name);
    IndexBuilder.build(
        new BuildOptions(
            corpus.dataPrefix(),
            corpus.tokenizer(),
            index,
            new StepLayout(BATCH, LENGTH),
            List.of("text"),
            "every:10",
            0,
            -1,
            2),
        new BuildProgress());
    ViewAdder.add(
        new AddViewOptions(index, "entities", entityFile, pairs, null, null, null, 2),
        new BuildProgress());
    return index;
  }

  @AfterAll
  static void close() {}

  @Test
  void entityCountsAreTheBruteForceCounts() {
    try (FrequencyIndex index = FrequencyIndex.open(declared)) {
      for (Map.Entry<String, List<String[]>> entity : names.entrySet()) {
        ViewQuery query = index.compile("entities", entity.getKey());
        for (long step : STEPS) {
          long[] expected = truth.entity(entity.getValue(), 0, step * BATCH);
          Count count = index.countAt(query, step);
          assertArrayEquals(
              expected,
              new long[] {count.sequences(), count.occurrences()},
              entity.getKey() + " at step " + step);
        }
        long[] range = truth.entity(entity.getValue(), 5 * BATCH, 33 * BATCH);
        Count count = index.countRange(query, 5, 33);
        assertArrayEquals(
            range,
            new long[] {count.sequences(), count.occurrences()},
            entity.getKey() + " in 5:33");
      }
      assertTrue(
          index.countAt(index.compile("entities", "E5"), 75).occurrences() > 1000,
          "a frequent entity");
      assertTrue(
          index.countAt(index.compile("entities", "E9"), 75).occurrences() > 0,
          "a three-word name occurs");
      assertEquals(Count.ZERO, index.countAt(index.compile("entities", "E6"), 75));
    }
  }

  /**
   * The issue's invariant, from the text view's own positions: the OR of the quoted names, starts
   * deduplicated.
   */
  @Test
  void entityCountIsTheTextViewsOrOfItsNamesWithStartsDeduplicated() throws IOException {
    Manifest manifest = Manifest.read(declared);
    try (FrequencyIndex index = FrequencyIndex.open(declared)) {
      for (Map.Entry<String, List<String[]>> entity : names.entrySet()) {
        long sequences = 0;
        long starts = 0;
        for (ShardInfo shard : manifest.shards()) {
          Map<Integer, Set<Integer>> byDoc =
              textViewStarts(
                  declared.resolve("shards").resolve(shard.name()), index, entity.getValue());
          sequences += byDoc.size();
          starts += byDoc.values().stream().mapToLong(Set::size).sum();
        }
        Count count = index.countAt(index.compile("entities", entity.getKey()), 75);
        assertEquals(new Count(sequences, starts), count, entity.getKey());
      }
    }
  }

  private static Map<Integer, Set<Integer>> textViewStarts(
      Path shardDir, FrequencyIndex index, List<String[]> names) throws IOException {
    Map<Integer, Set<Integer>> byDoc = new LinkedHashMap<>();
    try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(shardDir))) {
      IndexSearcher searcher = new IndexSearcher(reader);
      for (String[] name : names) {
        ViewQuery phrase = index.compile("text", "\"" + String.join(" ", name) + "\"");
        Weight weight =
            searcher.createWeight(
                searcher.rewrite(phrase.query()), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : reader.leaves()) {
          Scorer scorer = weight.scorer(leaf);
          if (scorer == null) {
            continue;
          }
          DocIdSetIterator it = scorer.iterator();
          for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
            Matches matches = weight.matches(leaf, doc);
            MatchesIterator m = matches.getMatches("text");
            while (m.next()) {
              byDoc
                  .computeIfAbsent(leaf.docBase + doc, d -> new HashSet<>())
                  .add(m.startPosition());
            }
          }
        }
      }
    }
    return byDoc;
  }

  @Test
  void declaredAndUndeclaredPairsGiveTheBruteForceCount() {
    try (FrequencyIndex withPairs = FrequencyIndex.open(declared);
        FrequencyIndex without = FrequencyIndex.open(undeclared)) {
      assertTrue(withPairs.isDeclaredPair("E5", "E1"));
      assertFalse(without.isDeclaredPair("E5", "E1"));
      assertFalse(withPairs.isDeclaredPair("E7", "E1"));
      for (String[] pair : ASKED) {
        Count[] a = withPairs.cooccurTimeline("entities", pair[0], pair[1], STEPS);
        Count[] b = without.cooccurTimeline("entities", pair[0], pair[1], STEPS);
        for (int i = 0; i < STEPS.length; i++) {
          long[] expected =
              truth.entityPair(names.get(pair[0]), names.get(pair[1]), 0, STEPS[i] * BATCH);
          String what = pair[0] + "+" + pair[1] + " at " + STEPS[i];
          assertArrayEquals(
              expected,
              new long[] {a[i].sequences(), a[i].occurrences()},
              what + " (declared index)");
          assertEquals(a[i], b[i], what + ": declared and intersected agree");
        }
        assertEquals(
            withPairs.cooccur("entities", pair[0], pair[1], 5, 33),
            without.cooccur("entities", pair[1], pair[0], 5, 33),
            pair[0] + "+" + pair[1] + " in 5:33, either order");
      }
    }
  }

  @Test
  void wordPairsIntersectPostingsExactly() {
    try (FrequencyIndex index = FrequencyIndex.open(undeclared)) {
      for (String[] pair :
          new String[][] {{"galaxy", "the"}, {"vorpal", "zorblax"}, {"she", "himself"}}) {
        for (long step : STEPS) {
          Count c = index.cooccur("text", pair[0], pair[1], 0, step);
          long[] expected = truth.both(pair[0], pair[1], 0, step * BATCH);
          assertArrayEquals(
              expected,
              new long[] {c.sequences(), c.occurrences()},
              pair[0] + "+" + pair[1] + " @ " + step);
          assertEquals(
              c, index.cooccur(pair[0], pair[1], 0, step, 0), "the same as the text-only cooccur");
        }
      }
    }
  }

  @Test
  void anotherEntityFileForTheViewIsRefused() throws IOException {
    Path other = Files.writeString(tmp.resolve("other.tsv"), ENTITIES + "E10\tkori\n");
    byte[] before = Files.readAllBytes(declared.resolve(Manifest.FILE_NAME));
    StepIndexException e =
        assertThrows(
            StepIndexException.class,
            () ->
                ViewAdder.add(
                    new AddViewOptions(declared, "entities", other, pairFile, null, null, null, 1),
                    new BuildProgress()));
    assertTrue(e.getMessage().contains("another entity file"), e.getMessage());
    StepIndexException p =
        assertThrows(
            StepIndexException.class,
            () ->
                ViewAdder.add(
                    new AddViewOptions(declared, "entities", entityFile, null, null, null, null, 1),
                    new BuildProgress()));
    assertTrue(p.getMessage().contains("--entity-pairs"), p.getMessage());
    assertArrayEquals(
        before, Files.readAllBytes(declared.resolve(Manifest.FILE_NAME)), "manifest unchanged");
    // The same files again: nothing to do.
    ViewAdder.Result again =
        ViewAdder.add(
            new AddViewOptions(declared, "entities", entityFile, pairFile, null, null, null, 1),
            new BuildProgress());
    assertEquals(0, again.shardsBuilt());
    assertEquals(Manifest.read(declared).shards().size(), again.shardsKept());
  }
}
