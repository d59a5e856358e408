package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.stepindex.indexer.base.StepIndexException;

/**
 * An arithmetic task's operation, named by the word in options and output files. Besides Razeghi et
 * al.'s operations these are the Pythia study's other tasks ({@code
 * case-studies/term_frequency/task.py}): operation inference, where the prompt says {@code #} and
 * the answer is the sum or the product, and the seven time-unit conversions, which have one operand
 * ({@code "Q:What is {x} minutes in seconds? A:"}).
 */
public enum Operation {
  /** {@code x1 + x2}. */
  PLUS("plus", "plus", 0),
  /** {@code x1 - x2}; negative when x2 is larger. */
  MINUS("minus", "minus", 0),
  /** {@code x1 * x2}. */
  TIMES("times", "times", 0),
  /** The study's {@code OperationInferenceAdd}: {@code x1 # x2}, answered {@code x1 + x2}. */
  INFER_PLUS("infer-plus", "#", 0),
  /** The study's {@code OperationInferenceMult}: {@code x1 # x2}, answered {@code x1 * x2}. */
  INFER_TIMES("infer-times", "#", 0),
  /** {@code x minutes in seconds}, answered {@code 60x}. */
  MINUTES_SECONDS("min-sec", "minutes in seconds", 60),
  /** {@code x hours in minutes}, answered {@code 60x}. */
  HOURS_MINUTES("hour-min", "hours in minutes", 60),
  /** {@code x days in hours}, answered {@code 24x}. */
  DAYS_HOURS("day-hour", "days in hours", 24),
  /** {@code x weeks in days}, answered {@code 7x}. */
  WEEKS_DAYS("week-day", "weeks in days", 7),
  /** {@code x months in weeks}, answered {@code 4x}. */
  MONTHS_WEEKS("month-week", "months in weeks", 4),
  /** {@code x years in months}, answered {@code 12x}. */
  YEARS_MONTHS("year-month", "years in months", 12),
  /** {@code x decades in years}, answered {@code 10x}. */
  DECADES_YEARS("decade-year", "decades in years", 10);

  /**
   * How many test documents the study's time-unit dataset has for each x: ten copies of the one
   * question ({@code numerical_reasoning_time_unit_conversion.py}); a conversion's x2 numbers the
   * copy, 1 to 10.
   */
  public static final int TIME_UNIT_COPIES = 10;

  private final String word;
  private final String phrase;
  private final int factor;

  Operation(String word, String phrase, int factor) {
    this.word = word;
    this.phrase = phrase;
    this.factor = factor;
  }

  /**
   * The word in options and output files: {@code plus}, {@code infer-times}, {@code min-sec}, ...
   */
  public String word() {
    return word;
  }

  /** Whether the operation has two operands; a time-unit conversion has one. */
  public boolean binary() {
    return factor == 0;
  }

  /**
   * The time unit a conversion starts from, as the study's counter names it ({@code minute}, ...,
   * {@code decade}), so that its x is correlated with the {@code pythia-numbers} key {@code
   * "x-unit"}.
   *
   * @throws IllegalStateException for a binary operation
   */
  public String unit() {
    if (binary()) {
      throw new IllegalStateException(word + " has no time unit");
    }
    return phrase.substring(0, phrase.indexOf(' ') - 1); // "minutes in seconds" -> "minute"
  }

  /**
   * What the question asks after "What is ": {@code 12 plus 7}, {@code 12 # 7}, {@code 12 minutes
   * in seconds}.
   */
  public String phrase(int x1, int x2) {
    return binary() ? x1 + " " + phrase + " " + x2 : x1 + " " + phrase;
  }

  /** The exact result; a conversion ignores {@code x2}. */
  public long apply(int x1, int x2) {
    return switch (this) {
      case PLUS, INFER_PLUS -> (long) x1 + x2;
      case MINUS -> (long) x1 - x2;
      case TIMES, INFER_TIMES -> (long) x1 * x2;
      default -> (long) x1 * factor;
    };
  }

  /**
   * The operation named {@code word} (case-insensitive).
   *
   * @throws StepIndexException if no operation has that name
   */
  public static Operation parse(String word) {
    for (Operation op : values()) {
      if (op.word.equalsIgnoreCase(word.strip())) {
        return op;
      }
    }
    throw new StepIndexException(
        "unknown arithmetic operation '" + word + "'; expected one of " + names());
  }

  /**
   * A comma-separated list of operations, such as {@code plus,times}.
   *
   * @throws StepIndexException on an unknown name, an empty list or a repeated operation
   */
  public static List<Operation> parseList(String words) {
    List<Operation> ops = new ArrayList<>();
    for (String w : words.split(",", -1)) {
      if (w.isBlank()) {
        throw new StepIndexException(
            "empty operation in '" + words + "'; expected e.g. plus,times");
      }
      ops.add(parse(w));
    }
    return ops;
  }

  private static String names() {
    return Arrays.stream(values()).map(Operation::word).collect(Collectors.joining(", "));
  }
}
