package org.stepindex.query.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Small datasets written token by token, for the cases a generator cannot make: an id outside the
 * vocabulary at a chosen sequence, a sequence of the wrong length. The tokenizer is a real
 * byte-level BPE {@code tokenizer.json}.
 */
final class HandMadeData {
  static final List<String> WORDS =
      List.of("alpha", "beta", "gamma", "delta", "plus", "is", "7", "12");

  /**
   * What {@link #tokenizer} wrote: the file, the ids of its words (" word" spaced), and an id it
   * does not have.
   */
  record Vocabulary(Path file, int[] wordIds, int outsideId) {}

  private HandMadeData() {}

  /**
   * Writes a tokenizer with {@link #WORDS}, plus {@code extraWords} (which make it another
   * tokenizer).
   */
  static Vocabulary tokenizer(Path file, String... extraWords) {
    List<String> words = new ArrayList<>(WORDS);
    words.addAll(List.of(extraWords));
    Map<String, Integer> ids = ByteLevelBpeWriter.write(file, words);
    int[] wordIds = WORDS.stream().mapToInt(w -> ids.get(" " + w)).toArray();
    try (HfTokenizer tokenizer = HfTokenizer.load(file)) {
      int outside = tokenizer.vocabSize(); // the first id past the end; still fits uint16
      if (tokenizer.contains(outside)) {
        throw new AssertionError("id " + outside + " is in the vocabulary");
      }
      return new Vocabulary(file, wordIds, outside);
    }
  }

  /**
   * {@code count} sequences of {@code length} ids drawn from the vocabulary's words, the same for
   * the same seed.
   */
  static int[][] sequences(Vocabulary vocabulary, int count, int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[][] sequences = new int[count][length];
    for (int[] sequence : sequences) {
      for (int i = 0; i < length; i++) {
        sequence[i] = vocabulary.wordIds()[random.nextInt(vocabulary.wordIds().length)];
      }
    }
    return sequences;
  }

  /**
   * Writes {@code prefix.bin} / {@code prefix.idx} (uint16), creating the directory, and returns
   * the prefix.
   */
  static Path write(Path prefix, int[][] sequences) {
    try {
      Files.createDirectories(prefix.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (MegatronWriter writer = MegatronWriter.create(prefix, TokenDType.UINT16)) {
      for (int[] sequence : sequences) {
        writer.addSequence(sequence, 0, sequence.length);
      }
    }
    return prefix;
  }
}
