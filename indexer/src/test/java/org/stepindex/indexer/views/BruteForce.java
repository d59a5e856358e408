package org.stepindex.indexer.views;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Slow, obviously-correct counts to check the views against, written independently of the
 * production code: regular expressions and all-pairs loops instead of scanners.
 */
final class BruteForce {
  /**
   * A word as UAX#29 segments the generated texts (see {@link RandomText}): letters and digits,
   * with runs like {@code 1,000} and {@code 3.5} kept whole.
   */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}]+(?:[.,]\\p{Nd}+)*");

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

  /** Python's {@code str.isspace} characters: what {@code \s} matches in a {@code str} pattern. */
  private static final String PY_SPACES =
      "\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
          + "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

  private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final String[] UNITS = {
    "minute", "hour", "day", "week", "month", "year", "decade"
  };

  /**
   * The Pythia study's counts of one line ({@code run_freq_count.py}), by a scanner instead of
   * regular expressions: from every space, read a number of one to five digits and a space, then
   * whole words (word or punctuation characters) each followed by its whole run of spaces; a greedy
   * window takes the most words (up to three) that a digit follows, a lazy one the fewest (up to
   * three) that a unit follows. Reading whole runs is what the script's backtracking amounts to,
   * since the character classes are disjoint.
   */
  static Map<String, Integer> pythiaCounts(String line) {
    Map<String, Integer> counts = new HashMap<>();
    int[] cps = line.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      if (cps[i] != ' ') {
        continue;
      }
      int afterNumber = numberThenSpace(cps, i + 1);
      if (afterNumber >= 0) {
        int[] words = wordEnds(cps, afterNumber);
        for (int r = words.length; r >= 1; r--) {
          int end = digitsEnd(cps, words[r - 1]);
          if (end > words[r - 1]) {
            List<Integer> numbers = numbersIn(cps, i, end);
            for (int a = 0; a < numbers.size(); a++) {
              counts.merge(Integer.toString(numbers.get(a)), 1, Integer::sum);
              for (int b = a + 1; b < numbers.size(); b++) {
                counts.merge(numbers.get(a) + "-" + numbers.get(b), 1, Integer::sum);
              }
            }
            break;
          }
        }
        int[] starts = prepend(afterNumber, words);
        for (int start : starts) {
          String unit = unitAt(cps, start);
          if (unit != null) {
            timeWindow(counts, cps, i, start + unit.length());
            break;
          }
        }
      }
      String unit = unitAt(cps, i + 1);
      int afterUnit = i + 1 + (unit == null ? 0 : unit.length());
      if (unit != null && afterUnit < cps.length && cps[afterUnit] == ' ') {
        for (int start : prepend(afterUnit + 1, wordEnds(cps, afterUnit + 1))) {
          int end = digitsEnd(cps, start);
          if (end > start) {
            timeWindow(counts, cps, i, end);
            break;
          }
        }
      }
    }
    return counts;
  }

  private static void timeWindow(Map<String, Integer> counts, int[] cps, int from, int to) {
    int[] window = Arrays.copyOfRange(cps, 0, to);
    List<String> units = new ArrayList<>();
    for (int k = from; k < to; ) {
      String unit = unitAt(window, k);
      if (unit != null) {
        units.add(unit);
      }
      k += unit == null ? 1 : unit.length();
    }
    for (int number : numbersIn(cps, from, to)) {
      for (String unit : units) {
        counts.merge(number + "-" + unit, 1, Integer::sum);
      }
    }
  }

  /** The end of "1 to 5 digits, then a space" at {@code at} (past the space), or -1. */
  private static int numberThenSpace(int[] cps, int at) {
    int k = at;
    while (k < cps.length && Character.getType(cps[k]) == Character.DECIMAL_DIGIT_NUMBER) {
      k++;
    }
    return k > at && k - at <= 5 && k < cps.length && cps[k] == ' ' ? k + 1 : -1;
  }

  /**
   * Where each of up to three consecutive "word, then spaces" units starting at {@code at} ends.
   */
  private static int[] wordEnds(int[] cps, int at) {
    List<Integer> ends = new ArrayList<>();
    int k = at;
    while (ends.size() < 3) {
      int w = k;
      while (w < cps.length && isWordOrPunct(cps[w])) {
        w++;
      }
      int s = w;
      while (s < cps.length && PY_SPACES.indexOf(cps[s]) >= 0) {
        s++;
      }
      if (w == k || s == w) {
        break;
      }
      ends.add(s);
      k = s;
    }
    return ends.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] prepend(int first, int[] rest) {
    int[] all = new int[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static boolean isWordOrPunct(int cp) {
    int type = Character.getType(cp);
    boolean letter =
        type == Character.UPPERCASE_LETTER
            || type == Character.LOWERCASE_LETTER
            || type == Character.TITLECASE_LETTER
            || type == Character.MODIFIER_LETTER
            || type == Character.OTHER_LETTER;
    boolean number =
        type == Character.DECIMAL_DIGIT_NUMBER
            || type == Character.LETTER_NUMBER
            || type == Character.OTHER_NUMBER;
    return letter || number || (cp < 128 && ASCII_PUNCTUATION.indexOf(cp) >= 0);
  }

  /** The end of up to five digits at {@code at} (at itself when there is no digit). */
  private static int digitsEnd(int[] cps, int at) {
    int k = at;
    while (k < cps.length
        && k - at < 5
        && Character.getType(cps[k]) == Character.DECIMAL_DIGIT_NUMBER) {
      k++;
    }
    return k;
  }

  private static String unitAt(int[] cps, int at) {
    for (String unit : UNITS) {
      if (at + unit.length() <= cps.length && new String(cps, at, unit.length()).equals(unit)) {
        return unit;
      }
    }
    return null;
  }

  /** Digit runs of {@code [from, to)} in chunks of five, as values, sorted. */
  private static List<Integer> numbersIn(int[] cps, int from, int to) {
    List<Integer> numbers = new ArrayList<>();
    int k = from;
    while (k < to) {
      if (Character.getType(cps[k]) != Character.DECIMAL_DIGIT_NUMBER) {
        k++;
        continue;
      }
      int value = 0;
      int digits = 0;
      while (k < to && digits < 5 && Character.getType(cps[k]) == Character.DECIMAL_DIGIT_NUMBER) {
        value = value * 10 + Character.getNumericValue(cps[k]);
        k++;
        digits++;
      }
      numbers.add(value);
    }
    numbers.sort(null);
    return numbers;
  }

  /**
   * Asserts that {@code call} fails with a one-line user error containing {@code expectedPart}.
   * (The layout tests have the same assertion; a shared test-support package would be the place for
   * it.)
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
