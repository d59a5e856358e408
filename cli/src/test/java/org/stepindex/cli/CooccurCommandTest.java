package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * {@code cooccur}: sequences holding two text queries, anywhere or within a window, singly and from
 * a pairs file.
 */
class CooccurCommandTest {
  private static SmallCorpus corpus;
  private static Path pairsFile;

  @TempDir static Path dir;

  @BeforeAll
  static void build() throws IOException {
    corpus = SmallCorpus.get();
    pairsFile = dir.resolve("pairs.tsv");
    Files.writeString(pairsFile, "# entity pairs\nzorblax\tvorpal\ngalaxy\t\"quasar nebula\"\n");
  }

  private static JsonNode cooccur(String... args) {
    return CliRun.of(
            CliRun.concat(
                new String[] {"cooccur", "--index", corpus.index.toString(), "--format", "json"},
                args))
        .ok()
        .onlyJsonObject();
  }

  /**
   * Each synthetic word is one token (with its leading space), so "both words" is "both ids" in the
   * .bin.
   */
  @Test
  void withoutAWindowItCountsSequencesHoldingBoth() {
    JsonNode row = cooccur("--step", "38", "zorblax", "vorpal");
    assertEquals(
        List.of("a", "b", "window", "step", "sequences", "occurrences"), CliRun.fieldNames(row));
    assertEquals(0, row.get("window").intValue());
    long[] truth = bruteForceBoth(" zorblax", " vorpal", 38);
    assertEquals(truth[0], row.get("sequences").longValue(), "sequences with both");
    assertEquals(truth[1], row.get("occurrences").longValue(), "occurrences of '+zorblax +vorpal'");
    assertTrue(truth[0] > 0, "the two planted words meet in some sequence");
  }

  /**
   * A window can only remove sequences. One as wide as a sequence (65 tokens) still keeps A and B
   * apart when an {@code <|endoftext|>} lies between them: the words must be in one document, as a
   * window means "near in the text".
   */
  @Test
  void aWindowNarrowsTheSequencesDownToThoseWithBothInOneDocument() {
    long anywhere = cooccur("--step", "38", "zorblax", "vorpal").get("sequences").longValue();
    long previous = 0;
    for (int window : new int[] {1, 5, 20, SmallCorpus.SEQ_LENGTH}) {
      JsonNode row = cooccur("--step", "38", "--window", "" + window, "zorblax", "vorpal");
      assertEquals(window, row.get("window").intValue());
      long sequences = row.get("sequences").longValue();
      assertTrue(
          previous <= sequences && sequences <= anywhere, "window " + window + ": " + sequences);
      previous = sequences;
    }
    assertEquals(
        bruteForceInOneDocument(" zorblax", " vorpal", 38),
        previous,
        "a window spanning the whole sequence");
  }

  @Test
  void pairsFileGivesATabSeparatedPairPerLineAtEachStep() {
    CliRun batch =
        CliRun.of(
                "cooccur",
                "--index",
                corpus.index.toString(),
                "--pairs",
                pairsFile.toString(),
                "--steps",
                "16,38",
                "--format",
                "json")
            .ok();
    List<JsonNode> expected = new ArrayList<>();
    for (String[] pair :
        List.of(new String[] {"zorblax", "vorpal"}, new String[] {"galaxy", "\"quasar nebula\""})) {
      for (String step : List.of("16", "38")) {
        expected.add(cooccur("--step", step, pair[0], pair[1]));
      }
    }
    assertEquals(expected, batch.jsonLines());
  }

  @Test
  void pairsFileAsCsvHasOneHeader() {
    List<String> lines =
        CliRun.of(
                "cooccur",
                "--index",
                corpus.index.toString(),
                "--pairs",
                pairsFile.toString(),
                "--steps",
                "38",
                "--window",
                "5",
                "--format",
                "csv")
            .ok()
            .outLines();
    assertEquals(3, lines.size(), lines::toString);
    assertEquals("a,b,window,step,sequences,occurrences", lines.get(0));
    assertTrue(lines.get(1).startsWith("zorblax,vorpal,5,38,"), lines.get(1));
    assertTrue(lines.get(2).startsWith("galaxy,\"\"\"quasar nebula\"\"\",5,38,"), lines.get(2));
  }

  /**
   * {sequences holding both tokens, occurrences of either in those} over the sequences seen at
   * {@code step}.
   */
  private static long[] bruteForceBoth(String wordA, String wordB, long step) {
    long[] count = new long[2];
    forEachSequence(
        wordA,
        wordB,
        step,
        (sequence, a, b) -> {
          long na = Arrays.stream(sequence).filter(id -> id == a).count();
          long nb = Arrays.stream(sequence).filter(id -> id == b).count();
          if (na > 0 && nb > 0) {
            count[0]++;
            count[1] += na + nb;
          }
        });
    return count;
  }

  /**
   * Sequences seen at {@code step} in which one document (a run between special tokens) holds both
   * tokens.
   */
  private static long bruteForceInOneDocument(String wordA, String wordB, long step) {
    long[] count = new long[1];
    try (HfTokenizer tok = HfTokenizer.load(corpus.tokenizer)) {
      forEachSequence(
          wordA,
          wordB,
          step,
          (sequence, a, b) -> {
            boolean seenA = false;
            boolean seenB = false;
            for (int id : sequence) {
              if (tok.isSpecial(id)) {
                seenA = false;
                seenB = false;
              }
              seenA |= id == a;
              seenB |= id == b;
              if (seenA && seenB) {
                count[0]++;
                return;
              }
            }
          });
    }
    return count[0];
  }

  private interface SequenceVisitor {
    void visit(int[] sequence, int a, int b);
  }

  /**
   * Visits the token ids of each sequence seen at {@code step}, with the single token id of each
   * word.
   */
  private static void forEachSequence(
      String wordA, String wordB, long step, SequenceVisitor visitor) {
    try (HfTokenizer tok = HfTokenizer.load(corpus.tokenizer);
        MegatronDataset data = MegatronDataset.open(corpus.data)) {
      int a = tok.encode(wordA)[0];
      int b = tok.encode(wordB)[0];
      int[] buffer = new int[SmallCorpus.SEQ_LENGTH];
      for (long s = 0; s < Math.min(step * SmallCorpus.BATCH_SIZE, data.sequenceCount()); s++) {
        visitor.visit(Arrays.copyOf(buffer, data.read(s, buffer)), a, b);
      }
    }
  }
}
