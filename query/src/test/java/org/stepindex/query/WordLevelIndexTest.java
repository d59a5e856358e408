package org.stepindex.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * A corpus whose tokenizer is word-level (no byte-level decoder, so decoding goes through DJL) is
 * indexed and counted exactly like a byte-level one; {@code <|endoftext|>} still separates
 * documents, so no phrase spans it.
 */
class WordLevelIndexTest {
  @TempDir Path tmp;

  @Test
  void wordLevelCorpusCountsMatchBruteForce() throws Exception {
    List<String> words = List.of("alpha", "beta", "gamma", "delta", "12", "7", "plus", "is");
    Path tokenizer = tmp.resolve("tokenizer.json");
    ByteLevelBpeWriter.writeWordLevel(tokenizer, words);
    int eod;
    int[] wordIds = new int[words.size()];
    try (HfTokenizer tok = HfTokenizer.load(tokenizer)) {
      assertFalse(tok.hasFastDecoder(), "a word-level tokenizer must take the DJL decoding path");
      eod = tok.idOf(ByteLevelBpeWriter.END_OF_TEXT).orElseThrow();
      for (int i = 0; i < words.size(); i++) {
        wordIds[i] = tok.idOf(words.get(i)).orElseThrow();
      }
    }
    int batch = 4;
    int length = 24;
    int sequences = 90; // 22 full steps and a partial step of 2 sequences
    SplittableRandom random = new SplittableRandom(3);
    Path prefix = tmp.resolve("document");
    try (MegatronWriter writer = MegatronWriter.create(prefix, TokenDType.UINT16)) {
      int[] seq = new int[length];
      for (int s = 0; s < sequences; s++) {
        for (int i = 0; i < length; i++) {
          seq[i] = random.nextInt(10) == 0 ? eod : wordIds[random.nextInt(wordIds.length)];
        }
        writer.addSequence(seq, 0, length);
      }
    }
    Path dir = tmp.resolve("index");
    IndexBuilder.build(
        new BuildOptions(
            prefix,
            tokenizer,
            dir,
            new StepLayout(batch, length),
            List.of("text", "tokens"),
            "every:5",
            0,
            -1,
            2),
        new BuildProgress());
    BruteForce truth = new BruteForce(prefix, tokenizer, 0, eod);
    try (FrequencyIndex index = FrequencyIndex.open(dir)) {
      for (String[] phrase :
          new String[][] {
            {"alpha"}, {"12"}, {"alpha", "beta"}, {"beta", "beta"}, {"plus", "7", "is"}
          }) {
        String query = phrase.length == 1 ? phrase[0] : "\"" + String.join(" ", phrase) + "\"";
        ViewQuery q = index.compile("text", query);
        for (long step : new long[] {0, 1, 3, 5, 7, 10, 22, 23}) {
          long[] expected = truth.phrase(phrase, 0, Math.min(step * batch, sequences));
          Count actual = index.countAt(q, step);
          assertEquals(expected[0], actual.sequences(), query + " sequences at " + step);
          assertEquals(expected[1], actual.occurrences(), query + " occurrences at " + step);
        }
      }
      int[] gram = {wordIds[0], wordIds[1]};
      Count c = index.countAt(index.compile("tokens", gram[0] + " " + gram[1]), 23);
      long[] expected = truth.ngram(gram, 0, sequences);
      assertEquals(expected[0], c.sequences());
      assertEquals(expected[1], c.occurrences());
    }
  }
}
