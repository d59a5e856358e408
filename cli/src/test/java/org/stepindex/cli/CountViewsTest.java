package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.SmallCorpus.assertCount;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * {@code count --view tokens} and {@code --view pythia-numbers}, each against a brute-force count over the
 * {@code .bin} written by {@code synth}.
 */
class CountViewsTest {
  private static SmallCorpus corpus;
  private static HfTokenizer tokenizer;
  private static MegatronDataset dataset;

  @BeforeAll
  static void open() {
    corpus = SmallCorpus.get();
    tokenizer = HfTokenizer.load(corpus.tokenizer);
    dataset = MegatronDataset.open(corpus.data);
  }

  @AfterAll
  static void close() {
    dataset.close();
    tokenizer.close();
  }

  private static String ids(String text) {
    return Arrays.stream(tokenizer.encode(text)).mapToObj(Integer::toString).collect(Collectors.joining(" "));
  }

  /** {sequences, occurrences} over the sequences seen by checkpoint {@code step}, one sequence's count at a time. */
  private static long[] bruteForce(long step, ToIntFunction<int[]> occurrencesInSequence) {
    long end = Math.min(step * SmallCorpus.BATCH_SIZE, dataset.sequenceCount());
    long[] count = new long[2];
    int[] buffer = new int[SmallCorpus.SEQ_LENGTH];
    for (long s = 0; s < end; s++) {
      int n = occurrencesInSequence.applyAsInt(Arrays.copyOf(buffer, dataset.read(s, buffer)));
      count[0] += n > 0 ? 1 : 0;
      count[1] += n;
    }
    return count;
  }

  private static int ngramOccurrences(int[] sequence, int[] gram) {
    int n = 0;
    for (int i = 0; i + gram.length <= sequence.length; i++) {
      if (Arrays.equals(sequence, i, i + gram.length, gram, 0, gram.length)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void tokenIdsCountAsAnNgramAndAsASingleToken() {
    int[] gram = tokenizer.encode(" quasar nebula");
    assertEquals(2, gram.length, "each synthetic word is one token");
    assertCount(bruteForce(20, seq -> ngramOccurrences(seq, gram)),
        corpus.count("--view", "tokens", "--step", "20", ids(" quasar nebula")), "bigram at step 20");
    int[] the = tokenizer.encode(" the");
    assertCount(bruteForce(5, seq -> ngramOccurrences(seq, the)),
        corpus.count("--view", "tokens", "--step", "5", ids(" the")), "one token at step 5");
  }

  @Test
  void encodeCountsTheTextsTokensAndEchoesTheText() {
    String text = " quasar nebula";
    JsonNode row = CliRun.of("count", "--index", corpus.index.toString(), "--view", "tokens", "--encode", text,
        "--step", "20", "--format", "json").ok().onlyJsonObject();
    assertEquals(text, row.get("query").textValue());
    assertEquals("tokens", row.get("view").textValue());
    long[] byIds = corpus.count("--view", "tokens", "--step", "20", ids(text));
    assertCount(byIds, new long[] {row.get("sequences").longValue(), row.get("occurrences").longValue()}, "--encode");
    assertTrue(byIds[0] > 0, "the bigram is planted before step 20");
  }

  @Test
  void pythiaNumbersCountsANumberAndAPairAsThePaperDoes() {
    long[] twelve = corpus.count("--view", "pythia-numbers", "--step", "38", "12");
    assertCount(bruteForce(38, seq -> windows(seq, Set.of("12"))), twelve, "number 12");
    assertTrue(twelve[1] > twelve[0], "12 is counted more than once in some sequence: " + Arrays.toString(twelve));

    long[] pair = corpus.count("--view", "pythia-numbers", "--step", "38", "7-12");
    assertCount(bruteForce(38, seq -> windows(seq, Set.of("7", "12"))), pair, "pair 7-12");
    assertCount(pair, corpus.count("--view", "pythia-numbers", "--step", "38", "12-7"), "a pair in either order");
  }

  /**
   * Brute force of the Pythia rule (a number, one to three words, a number), written from the paper's description:
   * the windows of a sequence's text segments (split at special tokens) whose numbers include all of {@code want}.
   */
  private static int windows(int[] sequence, Set<String> want) {
    int count = 0;
    int start = 0;
    for (int i = 0; i <= sequence.length; i++) {
      if (i == sequence.length || tokenizer.isSpecial(sequence[i])) {
        List<String> words = List.of(tokenizer.decode(sequence, start, i).trim().split("\\s+"));
        for (int a = 0; a < words.size(); a++) {
          for (int b = a + 2; b <= a + 4 && b < words.size(); b++) {
            String x = number(words.get(a));
            String y = number(words.get(b));
            if (x != null && y != null && new HashSet<>(List.of(x, y)).containsAll(want)) {
              count++;
            }
          }
        }
        start = i + 1;
      }
    }
    return count;
  }

  /** The word as a number without surrounding punctuation ("19." is 19), or null. */
  private static String number(String word) {
    String core = word.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
    return core.matches("[0-9]+") ? core : null;
  }
}
