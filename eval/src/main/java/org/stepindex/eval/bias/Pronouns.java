package org.stepindex.eval.bias;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The other-gender form of an English third-person pronoun, as WinoBias's pro- and
 * anti-stereotypical files swap them: he ↔ she, him → her, his → her, himself ↔ herself, hers →
 * his, and her → him or his.
 *
 * <p>"her" is both the object and the possessive form. When the caller knows the answer (the same
 * sentence in the paired WinoBias file says him or his) it passes it; otherwise "her" is read as
 * possessive (→ his) iff a word follows it that is not one of the closed-class words an object
 * pronoun is typically followed by (articles, prepositions, particles, conjunctions, wh-words:
 * "gave her a tip", "asked her to", "told her that"). An adjective right after an object ("keep her
 * safe") is read as possessive by this rule; the paired file settles those.
 */
public final class Pronouns {
  /** The pronouns a WinoBias sentence may have in brackets, lower case. */
  public static final Set<String> ALL =
      Set.of("he", "she", "him", "her", "his", "hers", "himself", "herself");

  private static final Map<String, String> FLIP =
      Map.of(
          "he", "she", "she", "he", "him", "her", "his", "her", "hers", "his", "himself", "herself",
          "herself", "himself");

  private static final Set<String> OBJECT_FOLLOWERS =
      Set.of(
          "a",
          "an",
          "the",
          "this",
          "that",
          "these",
          "those",
          "some",
          "any",
          "all",
          "to",
          "for",
          "with",
          "about",
          "at",
          "in",
          "on",
          "of",
          "from",
          "by",
          "into",
          "onto",
          "out",
          "up",
          "down",
          "off",
          "over",
          "back",
          "away",
          "around",
          "through",
          "again",
          "and",
          "or",
          "but",
          "nor",
          "because",
          "since",
          "as",
          "so",
          "if",
          "when",
          "while",
          "after",
          "before",
          "until",
          "though",
          "although",
          "than",
          "what",
          "how",
          "why",
          "where",
          "whether",
          "who",
          "which",
          "too",
          "now",
          "then",
          "there",
          "here",
          "once",
          "twice",
          "anything",
          "something",
          "nothing",
          "everything",
          "one",
          "not",
          "yet",
          "still",
          "later",
          "soon",
          "today",
          "tomorrow",
          "yesterday",
          "well",
          "alone",
          "home",
          "instead",
          "first",
          "enough",
          "very");

  private Pronouns() {}

  /** Whether {@code word} is one of {@link #ALL}, in any case. */
  public static boolean isPronoun(String word) {
    return ALL.contains(word.toLowerCase(Locale.ROOT));
  }

  /**
   * The other-gender form of {@code pronoun}, in its capitalisation.
   *
   * @param pronoun one of {@link #ALL}, in any case
   * @param nextWord the word after it, or null at the end of the sentence (only "her" looks at it)
   * @param knownMale for "her", its male form as the paired sentence has it ({@code him} or {@code
   *     his}), or null
   */
  public static String flip(String pronoun, String nextWord, String knownMale) {
    String lower = pronoun.toLowerCase(Locale.ROOT);
    String other;
    if (lower.equals("her")) {
      if (knownMale != null && Set.of("him", "his").contains(knownMale.toLowerCase(Locale.ROOT))) {
        other = knownMale.toLowerCase(Locale.ROOT);
      } else {
        other = possessive(nextWord) ? "his" : "him";
      }
    } else {
      other = FLIP.get(lower);
      if (other == null) {
        throw new IllegalArgumentException("not a gendered pronoun: " + pronoun);
      }
    }
    return matchCase(pronoun, other);
  }

  /** Whether "her" followed by {@code nextWord} is read as the possessive. */
  static boolean possessive(String nextWord) {
    if (nextWord == null || nextWord.isEmpty() || !Character.isLetter(nextWord.codePointAt(0))) {
      return false;
    }
    return !OBJECT_FOLLOWERS.contains(nextWord.toLowerCase(Locale.ROOT));
  }

  private static String matchCase(String model, String word) {
    if (model.length() > 1 && model.equals(model.toUpperCase(Locale.ROOT))) {
      return word.toUpperCase(Locale.ROOT);
    }
    if (Character.isUpperCase(model.charAt(0))) {
      return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
    return word;
  }
}
