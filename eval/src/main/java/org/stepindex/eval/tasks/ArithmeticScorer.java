package org.stepindex.eval.tasks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Pythia arithmetic scorer ({@code task.py}, {@code process_results}): a completion is correct
 * iff the first run of one to five digits in it ({@code re.findall('\d{1,5}', completion)[0]}) is
 * the answer, compared as text. As in Python, a digit is any Unicode decimal digit (general
 * category Nd), so {@code "١9"} is the number {@code "١9"}, not {@code 9}. So {@code " 19\n"} and
 * {@code "The answer is 19"} are right for 19; {@code "1 9"} is wrong (its first number is 1),
 * {@code "019"} is wrong (the model did not write 19), and {@code "19000000"} is wrong (its first
 * number is 19000). For a negative answer (only {@code minus} has them) the number may carry a
 * leading minus sign, so {@code "-5"} is right for -5 and {@code "5"} is not; non-negative answers
 * are scored exactly as in Pythia.
 */
public final class ArithmeticScorer {
  private static final Pattern NUMBER = Pattern.compile("\\p{Nd}{1,5}");
  private static final Pattern SIGNED = Pattern.compile("-?\\p{Nd}{1,5}");

  private ArithmeticScorer() {}

  /**
   * The number the scorer reads from {@code completion}, or the empty string if it holds no digit.
   */
  public static String firstNumber(String completion, boolean signed) {
    Matcher m = (signed ? SIGNED : NUMBER).matcher(completion);
    return m.find() ? m.group() : "";
  }

  /**
   * Whether {@code completion} answers {@code target} (a decimal integer such as {@code "19"} or
   * {@code "-5"}).
   */
  public static boolean correct(String completion, String target) {
    return firstNumber(completion, target.startsWith("-")).equals(target);
  }
}
