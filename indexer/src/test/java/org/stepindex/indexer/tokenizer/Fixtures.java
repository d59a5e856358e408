package org.stepindex.indexer.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Word lists and the Hugging Face reference tokenizer shared by the tokenizer tests. */
final class Fixtures {

  /**
   * Words that stress the writer: numbers 0..999 (so "123", "12" and "23" compete for the same
   * bytes), prefixes of each other ("he", "her", "hers"), non-ASCII letters and symbols of 2, 3 and
   * 4 UTF-8 bytes, and punctuation runs.
   */
  static final List<String> WORDS;

  static {
    List<String> words =
        new ArrayList<>(
            List.of(
                "plus", "minus", "times", "the", "he", "she", "him", "her", "hers", "his", "man",
                "woman", "Barack", "Obama", "a", "é", "café", "naïve", "Zürich", "日本語", "€", "😀",
                "--", "...", "'", "?", "ß"));
    IntStream.range(0, 1000).mapToObj(Integer::toString).forEach(words::add);
    WORDS = List.copyOf(words);
  }

  private Fixtures() {}

  /** Opens Hugging Face's own tokenizer on a file, independently of {@link HfTokenizer}. */
  static HuggingFaceTokenizer reference(Path tokenizerJson) {
    try {
      return HuggingFaceTokenizer.newInstance(
          tokenizerJson,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long[] widen(int[] ids, int from, int to) {
    return IntStream.range(from, to).mapToLong(i -> ids[i]).toArray();
  }

  static int[] narrow(long[] ids) {
    return java.util.Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
  }
}
