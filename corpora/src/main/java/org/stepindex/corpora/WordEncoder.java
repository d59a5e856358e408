package org.stepindex.corpora;

import java.util.Map;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns corpus text into token ids without the native tokenizer, for text in which every word is
 * one token of a {@link org.stepindex.indexer.tokenizer.ByteLevelBpeWriter} vocabulary.
 *
 * <p>It cuts the text as GPT-2's pre-tokenizer does for text made of words, single spaces before
 * words, and newlines: an optional space and then a run of letters, of digits, or of other
 * non-space characters; each newline alone (in {@code "\n\n"} the regex's {@code \s+(?!\S)} takes
 * the first newline and {@code \s+} the second, so each is its own byte token). Each piece must be
 * a token; anything else (two spaces, a space before a newline, an unknown word) is a bug in the
 * generator and fails at once. Tests check the result against the Hugging Face tokenizer itself.
 */
final class WordEncoder {
  private static final Pattern PIECE =
      Pattern.compile(
          " ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\n", Pattern.UNICODE_CHARACTER_CLASS);

  private final Map<String, Integer> ids;
  private final int newline;

  /**
   * @param ids token text → id, each word bare and with a leading space (as {@code
   *     ByteLevelBpeWriter.write} returns)
   * @param newline the id of the byte token for {@code "\n"}
   */
  WordEncoder(Map<String, Integer> ids, int newline) {
    this.ids = ids;
    this.newline = newline;
  }

  /** Sends the ids of {@code text} to {@code out}, in order. */
  void encode(String text, IntConsumer out) {
    Matcher m = PIECE.matcher(text);
    int at = 0;
    while (at < text.length()) {
      m.region(at, text.length());
      if (!m.lookingAt()) {
        throw new IllegalStateException(
            "study corpus text is not single-spaced words at offset " + at + ": " + text);
      }
      String piece = m.group();
      Integer id = piece.equals("\n") ? Integer.valueOf(newline) : ids.get(piece);
      if (id == null) {
        throw new IllegalStateException(
            "'" + piece + "' is not a token of the study vocabulary: " + text);
      }
      out.accept(id);
      at = m.end();
    }
  }
}
