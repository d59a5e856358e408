package org.stepindex.indexer.views;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The term-frequency counter of the Pythia study, EleutherAI/pythia {@code
 * case-studies/term_frequency/run_freq_count.py}, rule for rule, so that the paper's
 * frequency-versus-accuracy figures (§3.3, Table 4, Figures 4 and 7) can be re-derived from an
 * index.
 *
 * <p><b>The text.</b> The script counts {@code " " + line} for each line of {@code
 * tokenizer.batch_decode(batch)}: one whole training sequence (all its tokens, special tokens kept
 * as their text such as {@code <|endoftext|>}, so a window may span a document boundary), decoded
 * and then cleaned up as the 2023 {@code transformers} {@code clean_up_tokenization} did; {@link
 * #line(String)} makes that line from the decoded sequence.
 *
 * <p><b>Number windows.</b> Every match of {@code (?=( (\d){1,5} ((\w|[P])+\s+){1,3}(\d){1,5}))} at
 * every start position (the lookahead is zero-width, so {@code finditer} tries each position and
 * overlapping windows all count); {@code [P]} is ASCII punctuation ({@code string.punctuation}) and
 * the middle repetition is greedy. In each window {@code re.findall('\d{1,5}', window)} gives its
 * numbers (digits inside the middle words too; a longer run of digits splits into chunks of five),
 * converted with {@code int} (so {@code 007} is {@code 7}) and sorted. Every number adds one to the
 * key {@code "N"} (a number twice in a window counts twice) and every pair of {@code
 * itertools.combinations(numbers, 2)} adds one to {@code "A-B"}, {@code A <= B}.
 *
 * <p><b>Time-unit windows.</b> Every match of {@code (?=( (\d){1,5} ((\w|[P])+\s+){0,3}?(U)))} and
 * of {@code (?=( (U) ((\w|[P])+\s+){0,3}?(\d){1,5}))}, {@code U =
 * minute|hour|day|week|month|year|decade}, both lazy; each number of the window × each unit that
 * {@code re.findall(U, window)} finds adds one to {@code "N-unit"}. A unit is matched as a prefix,
 * as the script does: {@code " 5 minutes"} counts {@code 5-minute}.
 *
 * <p><b>Character classes.</b> Python's {@code \d}, {@code \w} and {@code \s} are Unicode-aware and
 * not Java's; they are {@link PythonClasses}. {@code int} of a chunk is the decimal value of its
 * digits, whatever their script ({@code ١٢} is {@code 12}).
 */
public final class PythiaNumbers {
  /**
   * The time units of the script, in its alternation order (which decides nothing: none is a prefix
   * of another).
   */
  public static final List<String> TIME_UNITS =
      List.of("minute", "hour", "day", "week", "month", "year", "decade");

  private static final String DIGIT = PythonClasses.DIGIT;
  private static final String WORD_OR_PUNCT =
      "[" + PythonClasses.WORD_MEMBERS + PythonClasses.PUNCTUATION_MEMBERS + "]";
  private static final String SPACE = PythonClasses.SPACE;
  private static final String UNIT = String.join("|", TIME_UNITS);
  // Possessive word and space runs match exactly what the script's backtracking runs can match,
  // since a word run is
  // always followed by a space and a space run by a word or a digit, and the classes are disjoint;
  // only the
  // repetition count backtracks, as in the script.
  private static final String MIDDLE = "(?:" + WORD_OR_PUNCT + "++" + SPACE + "++)";
  private static final Pattern NUMBER_WINDOW =
      Pattern.compile("(?=( " + DIGIT + "{1,5} " + MIDDLE + "{1,3}" + DIGIT + "{1,5}))");
  private static final Pattern NUMBER_THEN_UNIT =
      Pattern.compile("(?=( " + DIGIT + "{1,5} " + MIDDLE + "{0,3}?(?:" + UNIT + ")))");
  private static final Pattern UNIT_THEN_NUMBER =
      Pattern.compile("(?=( (?:" + UNIT + ") " + MIDDLE + "{0,3}?" + DIGIT + "{1,5}))");
  private static final Pattern CHUNK = Pattern.compile(DIGIT + "{1,5}");
  private static final Pattern UNITS = Pattern.compile(UNIT);

  /**
   * The clean-up replacements of {@code transformers}' {@code clean_up_tokenization} (2023), in its
   * order.
   */
  private static final String[][] CLEAN_UP = {
    {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"},
    {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}
  };

  private static final Pattern QUERY =
      Pattern.compile(
          "\\s*([0-9]+)\\s*(?:(?:-|\\s)\\s*(?:([0-9]+)|(" + UNIT + ")s?))?\\s*",
          Pattern.CASE_INSENSITIVE);

  /** Keys are {@code str(int(chunk))} of at most five digits. */
  private static final int MAX_KEY_DIGITS = 5;

  private PythiaNumbers() {}

  /**
   * The line the script counts for one training sequence: {@code " " +
   * clean_up_tokenization(decoded)}.
   *
   * @param decoded the whole sequence decoded as Hugging Face's {@code decode(ids,
   *     skip_special_tokens=False)} does ({@link SequenceContent#text()})
   * @return the line
   */
  public static String line(String decoded) {
    String text = decoded;
    for (String[] replacement : CLEAN_UP) {
      text = text.replace(replacement[0], replacement[1]);
    }
    return " " + text;
  }

  /**
   * All keys the script counts in one line, with repetition: number windows in start order (for
   * each, its sorted numbers, then its pairs in {@code combinations} order), then windows of the
   * first time-unit pattern, then of the second.
   *
   * @param line a line as {@link #line(String)} makes it
   * @return the keys; the number of times a key appears is its count in the line
   */
  public static List<String> terms(String line) {
    List<String> terms = new ArrayList<>();
    for (Window window : windows(line)) {
      terms.addAll(window.terms());
    }
    return terms;
  }

  /**
   * One window the script matched and the keys it counted there ({@link #windows}).
   *
   * @param start where the window starts in the line (its leading space)
   * @param end where it ends, exclusive
   * @param terms the keys counted in it, with repetition
   */
  public record Window(int start, int end, List<String> terms) {
    public Window {
      terms = List.copyOf(terms);
    }
  }

  /**
   * The windows of one line in the order {@link #terms} counts them, each with where it lies, so
   * that a key's occurrences can be shown in their text ({@code find --view pythia-numbers}). A
   * window that counts no key (a time-unit window whose number is not followed by a unit it finds)
   * is left out.
   *
   * @param line a line as {@link #line(String)} makes it
   * @return the windows; their terms, concatenated, are {@link #terms}
   */
  public static List<Window> windows(String line) {
    List<Window> windows = new ArrayList<>();
    Matcher m = NUMBER_WINDOW.matcher(line);
    while (m.find()) {
      List<String> terms = new ArrayList<>();
      int[] numbers = numbers(m.group(1));
      for (int number : numbers) {
        terms.add(Integer.toString(number));
      }
      for (int a = 0; a < numbers.length; a++) {
        for (int b = a + 1; b < numbers.length; b++) {
          terms.add(numbers[a] + "-" + numbers[b]);
        }
      }
      add(windows, m, terms);
    }
    for (Pattern pattern : new Pattern[] {NUMBER_THEN_UNIT, UNIT_THEN_NUMBER}) {
      m = pattern.matcher(line);
      while (m.find()) {
        List<String> terms = new ArrayList<>();
        String window = m.group(1);
        int[] numbers = numbers(window);
        List<String> units = new ArrayList<>();
        Matcher u = UNITS.matcher(window);
        while (u.find()) {
          units.add(u.group());
        }
        for (int number : numbers) {
          for (String unit : units) {
            terms.add(number + "-" + unit);
          }
        }
        add(windows, m, terms);
      }
    }
    return windows;
  }

  private static void add(List<Window> windows, Matcher m, List<String> terms) {
    if (!terms.isEmpty()) {
      windows.add(new Window(m.start(1), m.end(1), terms));
    }
  }

  /** {@code sorted(int(i) for i in re.findall('\d{1,5}', window))}. */
  private static int[] numbers(String window) {
    int[] numbers = new int[8];
    int count = 0;
    Matcher m = CHUNK.matcher(window);
    while (m.find()) {
      int value = 0;
      for (int i = m.start(); i < m.end(); i += Character.charCount(window.codePointAt(i))) {
        value = value * 10 + Character.digit(window.codePointAt(i), 10);
      }
      if (count == numbers.length) {
        numbers = Arrays.copyOf(numbers, 2 * count);
      }
      numbers[count++] = value;
    }
    numbers = Arrays.copyOf(numbers, count);
    Arrays.sort(numbers);
    return numbers;
  }

  /**
   * Turns a user's query for the {@code pythia-numbers} view into the script's key: a number as
   * {@code int} writes it, a pair of numbers (hyphen or white space between, either order) as
   * {@code "A-B"} with {@code A <= B}, a number and a time unit (singular or plural, any case) as
   * {@code "N-unit"}.
   *
   * @param query e.g. {@code "12"}, {@code "12-7"}, {@code "7 12"}, {@code "12-minute"} or {@code
   *     "12 minutes"}
   * @return e.g. {@code "12"}, {@code "7-12"}, {@code "7-12"}, {@code "12-minute"}, {@code
   *     "12-minute"}
   * @throws StepIndexException if the query is none of these, or a number has more than five digits
   *     (the script's keys never do)
   */
  public static String normalizeQuery(String query) {
    Matcher m = QUERY.matcher(query == null ? "" : query);
    if (!m.matches()) {
      throw new StepIndexException(
          "pythia-numbers query '"
              + query
              + "' is not a number, a pair of numbers or a number and a time unit;"
              + " write e.g. '12', '7-12' or '12-minute' (ASCII digits; units "
              + String.join(", ", TIME_UNITS)
              + ")");
    }
    int a = key(m.group(1), query);
    if (m.group(2) != null) {
      int b = key(m.group(2), query);
      return Math.min(a, b) + "-" + Math.max(a, b);
    }
    return m.group(3) != null ? a + "-" + m.group(3).toLowerCase(Locale.ROOT) : Integer.toString(a);
  }

  private static int key(String digits, String query) {
    String value = digits.replaceFirst("^0+(?=.)", "");
    if (value.length() > MAX_KEY_DIGITS) {
      throw new StepIndexException(
          "pythia-numbers query '"
              + query
              + "' has a number of more than five digits; the study's counter splits"
              + " digit runs into chunks of five, so ask for a number below 100000");
    }
    return Integer.parseInt(value);
  }
}
