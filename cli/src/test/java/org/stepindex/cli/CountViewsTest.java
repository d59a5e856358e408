package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.SmallCorpus.assertCount;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.PythiaNumbers;

/**
 * {@code count --view tokens} and {@code --view pythia-numbers}, each against a brute-force count
 * over the {@code .bin} written by {@code synth}.
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
    return Arrays.stream(tokenizer.encode(text))
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(" "));
  }

  /**
   * {sequences, occurrences} over the sequences seen by checkpoint {@code step}, one sequence's
   * count at a time.
   */
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
    assertCount(
        bruteForce(20, seq -> ngramOccurrences(seq, gram)),
        corpus.count("--view", "tokens", "--step", "20", ids(" quasar nebula")),
        "bigram at step 20");
    int[] the = tokenizer.encode(" the");
    assertCount(
        bruteForce(5, seq -> ngramOccurrences(seq, the)),
        corpus.count("--view", "tokens", "--step", "5", ids(" the")),
        "one token at step 5");
  }

  @Test
  void encodeCountsTheTextsTokensAndEchoesTheText() {
    String text = " quasar nebula";
    JsonNode row =
        CliRun.of(
                "count",
                "--index",
                corpus.index.toString(),
                "--view",
                "tokens",
                "--encode",
                text,
                "--step",
                "20",
                "--format",
                "json")
            .ok()
            .onlyJsonObject();
    assertEquals(text, row.get("query").textValue());
    assertEquals("tokens", row.get("view").textValue());
    long[] byIds = corpus.count("--view", "tokens", "--step", "20", ids(text));
    assertCount(
        byIds,
        new long[] {row.get("sequences").longValue(), row.get("occurrences").longValue()},
        "--encode");
    assertTrue(byIds[0] > 0, "the bigram is planted before step 20");
  }

  @Test
  void pythiaNumbersCountsTheStudysKeysOverWholeDecodedSequences() {
    long[] twelve = corpus.count("--view", "pythia-numbers", "--step", "38", "12");
    assertCount(bruteForce(38, seq -> studyCount(seq, "12")), twelve, "number 12");
    assertTrue(
        twelve[1] > twelve[0],
        "12 is counted more than once in some sequence: " + Arrays.toString(twelve));

    long[] pair = corpus.count("--view", "pythia-numbers", "--step", "38", "7-12");
    assertCount(bruteForce(38, seq -> studyCount(seq, "7-12")), pair, "pair 7-12");
    assertTrue(pair[0] > 0, "the pair occurs");
    assertCount(
        pair,
        corpus.count("--view", "pythia-numbers", "--step", "38", "12-7"),
        "a pair in either order");
    assertCount(
        pair,
        corpus.count("--view", "pythia-numbers", "--step", "38", "012 7"),
        "as int() writes it");
  }

  /**
   * The study's count of a key in one sequence, from the sequence decoded whole by the tokenizer
   * (not from the index's runs). The rule itself is pinned against an independent scanner and
   * Python's {@code re} in the indexer's {@code PythiaNumbersTest}; this checks that the index
   * counts it over whole sequences, step by step.
   */
  private static int studyCount(int[] sequence, String key) {
    String line = PythiaNumbers.line(tokenizer.decode(sequence, 0, sequence.length));
    return (int) PythiaNumbers.terms(line).stream().filter(key::equals).count();
  }
}
