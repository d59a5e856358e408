package org.stepindex.bench.query;

import java.util.List;
import java.util.Locale;

/**
 * A text-view query the benchmark counts: a word, a phrase, or the sequence-level co-occurrence of
 * two of them.
 *
 * @param first the lower-case words of the word or phrase (of the first side of a co-occurrence)
 * @param second the words of the second side of a co-occurrence; empty for a single word or phrase
 */
public record BenchQuery(List<String> first, List<String> second) {

  public BenchQuery {
    first = List.copyOf(first);
    second = List.copyOf(second);
    if (first.isEmpty()) {
      throw new IllegalArgumentException("a query needs at least one word");
    }
  }

  /**
   * A word or phrase given as text: white-space separated words, with or without surrounding double
   * quotes.
   *
   * @param text e.g. {@code the}, {@code plus 7} or {@code "quasar nebula"}
   * @return the query
   */
  public static BenchQuery of(String text) {
    return new BenchQuery(words(text), List.of());
  }

  /**
   * Sequences containing both {@code a} and {@code b}, each a word or phrase as for {@link #of}.
   *
   * @param a one side
   * @param b the other side
   * @return the co-occurrence query
   */
  public static BenchQuery pair(String a, String b) {
    return new BenchQuery(words(a), words(b));
  }

  /** Whether this is a co-occurrence of two sides. */
  public boolean isPair() {
    return !second.isEmpty();
  }

  /** Whether this is a phrase of two or more words (not a pair). */
  public boolean isPhrase() {
    return !isPair() && first.size() > 1;
  }

  /** The first side in stepindex's text query syntax: the word, or the phrase in double quotes. */
  public String firstText() {
    return queryText(first);
  }

  /** The second side in stepindex's text query syntax. */
  public String secondText() {
    return queryText(second);
  }

  /** A short human label, e.g. {@code "plus 7"} or {@code zorblax & vorpal}. */
  public String label() {
    return isPair() ? firstText() + " & " + secondText() : firstText();
  }

  private static String queryText(List<String> words) {
    return words.size() == 1 ? words.getFirst() : "\"" + String.join(" ", words) + "\"";
  }

  private static List<String> words(String text) {
    String bare = text.replace("\"", " ").strip().toLowerCase(Locale.ROOT);
    return bare.isEmpty() ? List.of() : List.of(bare.split("\\s+"));
  }
}
