package org.stepindex.eval.correlate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Text-view queries in Lucene's classic syntax built from literal phrases: each phrase quoted,
 * {@code "} and {@code \} inside escaped with a backslash, the phrases joined with {@code OR}. A
 * phrase without a letter or digit is left out, since the text view's analyzer reduces it to no
 * words and it could never match.
 */
public final class PhraseQueries {
  private PhraseQueries() {}

  /**
   * {@code phrase} as one quoted, escaped phrase: {@code say "hi"} becomes {@code "say \"hi\""}.
   */
  public static String quote(String phrase) {
    return '"' + phrase.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /**
   * The query matching any of {@code phrases}: {@code "a b" OR "c"}.
   *
   * @return the query, or the empty string when no phrase has a letter or digit
   */
  public static String anyOf(List<String> phrases) {
    return phrases.stream()
        .filter(PhraseQueries::hasWord)
        .distinct()
        .map(PhraseQueries::quote)
        .collect(Collectors.joining(" OR "));
  }

  private static boolean hasWord(String phrase) {
    return phrase.codePoints().anyMatch(Character::isLetterOrDigit);
  }
}
