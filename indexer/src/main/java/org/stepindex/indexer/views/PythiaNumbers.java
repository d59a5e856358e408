package org.stepindex.indexer.views;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stepindex.indexer.StepIndexException;

/**
 * The term-frequency counter of the Pythia paper, after EleutherAI/pythia
 * {@code case-studies/term_frequency/run_freq_count.py}, so that the paper's frequency-versus-accuracy figures can be
 * re-derived from an index. This is the exact rule implemented here; it restates the paper's description (a number,
 * one to three words, a number) and has not been diffed against the script itself:
 *
 * <ol>
 *   <li>The text is split into <em>words</em> at white space, as Python's {@code str.split()} does it: any run of
 *       characters that are {@linkplain Character#isWhitespace(int) Java white space} or
 *       {@linkplain Character#isSpaceChar(int) Unicode space separators} (no-break spaces included), or U+0085.
 *   <li>A word is a <em>number</em> if, after stripping its leading and trailing characters that are neither a
 *       letter nor a digit ({@link Character#isLetterOrDigit(int)}), what remains is one or more ASCII digits
 *       {@code 0-9}. So {@code (12),} is the number {@code 12}; {@code 3.5}, {@code 12-7}, {@code x12} and
 *       {@code ١٢} (non-ASCII digits) are not numbers. A number keeps its digits as written: {@code 007} is not
 *       {@code 7}.
 *   <li>A <em>window</em> is a pair of numbers at word positions {@code i < j} with one to three words of any kind
 *       between them ({@code 1 <= j - i - 1 <= 3}). Adjacent numbers make no window, nor do numbers four words apart.
 *   <li>Every window counts once each distinct number in it ({@code a} and {@code b} as a set, so {@code 7 plus 7}
 *       counts {@code 7} once) and counts the pair once as the term {@code min-max}, ordered by numeric value and,
 *       between equal values, as strings: {@code 12 plus 7} counts {@code 7-12}, {@code 7 plus 7} counts {@code 7-7}.
 * </ol>
 *
 * <p>A number in several windows is counted once per window: in {@code 1 a 2 b 3}, {@code 2} is counted twice.
 */
public final class PythiaNumbers {
  /** The most words a window may have between its two numbers. */
  private static final int MAX_GAP_WORDS = 3;

  private static final Pattern QUERY = Pattern.compile("\\s*([0-9]+)(?:(?:\\s*-\\s*|\\s+)([0-9]+))?\\s*");

  private PythiaNumbers() {}

  /**
   * All terms that {@code text} counts, in order: windows by the position of their first number, then of their
   * second; for each window its first number, its second number if different, then the pair.
   *
   * @param text a segment of text, with no document boundary inside
   * @return the terms with repetition; the number of times a term appears is its count in {@code text}
   */
  public static List<String> terms(String text) {
    List<String> numbers = new ArrayList<>();
    List<Integer> wordPositions = new ArrayList<>();
    int word = 0;
    int i = 0;
    while (i < text.length()) {
      if (isSpace(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
        continue;
      }
      int start = i;
      while (i < text.length() && !isSpace(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      String number = number(text, start, i);
      if (number != null) {
        numbers.add(number);
        wordPositions.add(word);
      }
      word++;
    }
    List<String> terms = new ArrayList<>();
    for (int a = 0; a < numbers.size(); a++) {
      for (int b = a + 1; b < numbers.size(); b++) {
        int between = wordPositions.get(b) - wordPositions.get(a) - 1;
        if (between > MAX_GAP_WORDS) {
          break;
        }
        if (between >= 1) {
          addWindow(terms, numbers.get(a), numbers.get(b));
        }
      }
    }
    return terms;
  }

  /**
   * Turns a user's query for the {@code pythia-numbers} view into its term: a number stays as written, a pair of
   * numbers separated by a hyphen or white space becomes {@code min-max} as in {@link #terms(String)}.
   *
   * @param query e.g. {@code "12"}, {@code "12-7"} or {@code "12 7"}
   * @return e.g. {@code "12"}, {@code "7-12"}, {@code "7-12"}
   * @throws StepIndexException if the query is not one number or two numbers of ASCII digits
   */
  public static String normalizeQuery(String query) {
    Matcher m = QUERY.matcher(query == null ? "" : query);
    if (!m.matches()) {
      throw new StepIndexException(
          "pythia-numbers query '" + query + "' is not a number or a pair of numbers; write e.g. '12', '7-12' or '7 12'"
              + " (ASCII digits only)");
    }
    return m.group(2) == null ? m.group(1) : pair(m.group(1), m.group(2));
  }

  private static void addWindow(List<String> terms, String a, String b) {
    terms.add(a);
    if (!a.equals(b)) {
      terms.add(b);
    }
    terms.add(pair(a, b));
  }

  private static String pair(String a, String b) {
    return compareNumbers(a, b) <= 0 ? a + "-" + b : b + "-" + a;
  }

  /** Numeric order of two ASCII digit strings of any length, then string order between equal values. */
  private static int compareNumbers(String a, String b) {
    String x = stripLeadingZeros(a);
    String y = stripLeadingZeros(b);
    int byValue = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    return byValue != 0 ? byValue : a.compareTo(b);
  }

  private static String stripLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  /** The number that the word {@code text[start, end)} is, or null. */
  private static String number(String text, int start, int end) {
    while (start < end && !Character.isLetterOrDigit(text.codePointAt(start))) {
      start += Character.charCount(text.codePointAt(start));
    }
    while (end > start && !Character.isLetterOrDigit(text.codePointBefore(end))) {
      end -= Character.charCount(text.codePointBefore(end));
    }
    if (start == end) {
      return null;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return text.substring(start, end);
  }

  private static boolean isSpace(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == 0x85;
  }
}
