package org.stepindex.indexer.layout;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * A test corpus for reading steps: sequences of words drawn at random, each word one token of a
 * byte-level BPE tokenizer ({@code DIR/tokenizer.json}), written as a Megatron dataset ({@code
 * DIR/corpus.bin}, {@code .idx}).
 */
public final class WordCorpus {
  private WordCorpus() {}

  /**
   * Writes the tokenizer and the corpus into {@code dir}.
   *
   * @param dir where to write
   * @param words the words, each drawn as {@code " WORD"} (one token)
   * @param sequences how many sequences
   * @param length tokens per sequence
   * @param seed the seed of the draw
   * @return the sequences written, in order
   */
  public static int[][] write(Path dir, List<String> words, int sequences, int length, long seed) {
    ByteLevelBpeWriter.write(dir.resolve("tokenizer.json"), words);
    int[] ids = new int[words.size()];
    try (HfTokenizer tokenizer = HfTokenizer.load(dir.resolve("tokenizer.json"))) {
      for (int i = 0; i < ids.length; i++) {
        ids[i] = tokenizer.encode(" " + words.get(i))[0];
      }
    }
    Random random = new Random(seed);
    int[][] stored = new int[sequences][length];
    try (MegatronWriter writer = MegatronWriter.create(dir.resolve("corpus"), TokenDType.UINT16)) {
      for (int[] sequence : stored) {
        for (int t = 0; t < length; t++) {
          sequence[t] = ids[random.nextInt(ids.length)];
        }
        writer.addSequence(sequence, 0, length);
      }
    }
    return stored;
  }
}
