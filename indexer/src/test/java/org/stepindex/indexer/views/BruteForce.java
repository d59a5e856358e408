package org.stepindex.indexer.views;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stepindex.indexer.StepIndexException;

/**
 * Slow, obviously-correct counts to check the views against, written independently of the production code: regular
 * expressions and all-pairs loops instead of scanners.
 */
final class BruteForce {
  /**
   * A word as UAX#29 segments the generated texts (see {@link RandomText}): letters and digits, with runs like
   * {@code 1,000} and {@code 3.5} kept whole.
   */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}]+(?:[.,]\\p{Nd}+)*");

  private static final Pattern NUMBER_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]*([0-9]+)[^\\p{L}\\p{Nd}]*");

  private BruteForce() {}

  /** The lower-cased words of a text, in order. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group().toLowerCase(Locale.ROOT));
    }
    return words;
  }

  /** The Pythia term counts of a text: every pair of word positions is tried; nothing is skipped early. */
  static Map<String, Integer> pythiaCounts(String text) {
    String stripped = text.strip();
    String[] words = stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < words.length; i++) {
      for (int j = 0; j < words.length; j++) {
        int between = j - i - 1;
        Matcher a = NUMBER_WORD.matcher(words[i]);
        Matcher b = NUMBER_WORD.matcher(words[j]);
        if (between < 1 || between > 3 || !a.matches() || !b.matches()) {
          continue;
        }
        TreeSet<String> distinct = new TreeSet<>(List.of(a.group(1), b.group(1)));
        for (String number : distinct) {
          counts.merge(number, 1, Integer::sum);
        }
        List<String> pair = new ArrayList<>(List.of(a.group(1), b.group(1)));
        pair.sort(Comparator.comparing((String n) -> new BigInteger(n)).thenComparing(Comparator.naturalOrder()));
        counts.merge(pair.get(0) + "-" + pair.get(1), 1, Integer::sum);
      }
    }
    return counts;
  }

  /**
   * Asserts that {@code call} fails with a one-line user error containing {@code expectedPart}. (The layout tests
   * have the same assertion; a shared test-support package would be the place for it.)
   */
  static void assertOneLineError(Runnable call, String expectedPart) {
    StepIndexException e = assertThrows(StepIndexException.class, call::run);
    assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  /** How many times each element of a list occurs. */
  static Map<String, Integer> histogram(List<String> terms) {
    Map<String, Integer> counts = new HashMap<>();
    for (String term : terms) {
      counts.merge(term, 1, Integer::sum);
    }
    return counts;
  }
}
