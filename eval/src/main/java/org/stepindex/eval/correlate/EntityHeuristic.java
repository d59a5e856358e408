package org.stepindex.eval.correlate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guesses the entities of a question when the user gives no entity file. A stand-in for the entity
 * linker Kandpal et al. (2022) used; it finds the names a trivia question is about, not every
 * entity. The rule:
 *
 * <ol>
 *   <li><b>Quoted spans</b>: the text inside straight ({@code "…"}) or curly ({@code “…”}) double
 *       quotes.
 *   <li><b>Capitalized spans</b>: the question is cut into words at white space; leading and
 *       trailing punctuation is stripped from each word (and a trailing possessive {@code 's}). A
 *       word is capitalized when its first letter is upper case. A span is a maximal run of
 *       capitalized words; a run ends after a word that carried trailing punctuation ({@code
 *       ,;:.?!)} and the like, or a possessive) and before one with leading punctuation, so {@code
 *       Paris, France} is two spans. Words inside quotes belong to the quoted span and are not
 *       reused.
 *   <li>A span that starts a sentence (the question's first word, or the word after a {@code .?!})
 *       drops its first word when that word is a question word or a stop word ({@link #STOP_WORDS},
 *       case-insensitive): "Who wrote Hamlet" gives "Hamlet", "The Beatles" at a sentence start
 *       gives "Beatles", "Which US President" gives "US President". A span that becomes empty, or
 *       is a single stop word, is dropped.
 *   <li>Spans equal to the answer or one of its aliases (case-insensitive, ignoring surrounding
 *       white space) are removed, since co-occurrence of the answer with itself says nothing;
 *       duplicates are removed, first kept.
 * </ol>
 */
public final class EntityHeuristic {
  /** Question words and stop words dropped from the start of a sentence-initial span. */
  public static final Set<String> STOP_WORDS =
      Set.of(
          "who",
          "whom",
          "whose",
          "what",
          "which",
          "where",
          "when",
          "why",
          "how",
          "the",
          "a",
          "an",
          "in",
          "on",
          "at",
          "of",
          "for",
          "by",
          "to",
          "from",
          "with",
          "this",
          "that",
          "these",
          "those",
          "is",
          "was",
          "are",
          "were",
          "do",
          "does",
          "did",
          "name",
          "according",
          "during",
          "after",
          "before",
          "since",
          "if",
          "i",
          "it",
          "its",
          "his",
          "her",
          "their",
          "there",
          "as",
          "he",
          "she",
          "they",
          "we",
          "you");

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"|“([^”]+)”");

  private EntityHeuristic() {}

  /**
   * The entities of {@code question}, in order of appearance.
   *
   * @param question the question text
   * @param answers the answer and its aliases, removed from the result
   * @return the entities, possibly none
   */
  public static List<String> entities(String question, List<String> answers) {
    Set<String> excluded = new LinkedHashSet<>();
    answers.forEach(a -> excluded.add(a.strip().toLowerCase(Locale.ROOT)));
    Set<String> found = new LinkedHashSet<>();
    StringBuilder rest = new StringBuilder();
    Matcher quoted = QUOTED.matcher(question);
    int last = 0;
    List<String> quotedSpans = new ArrayList<>();
    while (quoted.find()) {
      String span = (quoted.group(1) != null ? quoted.group(1) : quoted.group(2)).strip();
      if (!span.isEmpty()) {
        quotedSpans.add(span);
      }
      // The quoted words are replaced by a break, so that no capitalized span runs across a
      // quotation.
      rest.append(question, last, quoted.start()).append(" , ");
      last = quoted.end();
    }
    rest.append(question.substring(last));
    List<String> spans = new ArrayList<>(quotedSpans);
    spans.addAll(capitalizedSpans(rest.toString()));
    for (String span : spans) {
      String key = span.toLowerCase(Locale.ROOT);
      boolean duplicate = found.stream().anyMatch(f -> f.equalsIgnoreCase(span));
      if (!excluded.contains(key) && !duplicate) {
        found.add(span);
      }
    }
    return List.copyOf(found);
  }

  /** Maximal runs of capitalized words, as described in the class comment (rules 2 and 3). */
  static List<String> capitalizedSpans(String text) {
    List<String> spans = new ArrayList<>();
    List<String> run = new ArrayList<>();
    boolean runAtSentenceStart = false;
    boolean sentenceStart = true;
    for (String raw : text.strip().split("\\s+")) {
      if (raw.isEmpty()) {
        continue;
      }
      String word = stripPunctuation(raw);
      boolean endsRun = !raw.endsWith(word) || word.isEmpty();
      if (!raw.startsWith(word)) {
        flush(spans, run, runAtSentenceStart); // "(Paris" starts a new run
      }
      boolean endsSentence = raw.matches(".*[.?!][\"')\\]]*$");
      if (!word.isEmpty() && isCapitalized(word)) {
        if (run.isEmpty()) {
          runAtSentenceStart = sentenceStart;
        }
        run.add(word);
      } else {
        flush(spans, run, runAtSentenceStart);
      }
      if (endsRun) {
        flush(spans, run, runAtSentenceStart);
      }
      sentenceStart = endsSentence;
    }
    flush(spans, run, runAtSentenceStart);
    return spans;
  }

  private static void flush(List<String> spans, List<String> run, boolean atSentenceStart) {
    if (run.isEmpty()) {
      return;
    }
    int from =
        atSentenceStart && STOP_WORDS.contains(run.getFirst().toLowerCase(Locale.ROOT)) ? 1 : 0;
    List<String> words = run.subList(from, run.size());
    boolean onlyStopWord =
        words.size() == 1 && STOP_WORDS.contains(words.getFirst().toLowerCase(Locale.ROOT));
    if (!words.isEmpty() && !onlyStopWord) {
      spans.add(String.join(" ", words));
    }
    run.clear();
  }

  private static boolean isCapitalized(String word) {
    for (int i = 0; i < word.length(); ) {
      int c = word.codePointAt(i);
      if (Character.isLetter(c)) {
        return Character.isUpperCase(c) || Character.isTitleCase(c);
      }
      i += Character.charCount(c);
    }
    return false;
  }

  /**
   * The word without leading and trailing non-letters-or-digits, and without a trailing possessive
   * 's.
   */
  private static String stripPunctuation(String raw) {
    int start = 0;
    int end = raw.length();
    while (start < end && !Character.isLetterOrDigit(raw.codePointAt(start))) {
      start += Character.charCount(raw.codePointAt(start));
    }
    while (end > start && !Character.isLetterOrDigit(raw.codePointBefore(end))) {
      end -= Character.charCount(raw.codePointBefore(end));
    }
    String word = raw.substring(start, end);
    if (word.endsWith("'s") || word.endsWith("’s")) {
      word = word.substring(0, word.length() - 2);
    }
    return word;
  }
}
