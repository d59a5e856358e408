package org.stepindex.eval.tasks;

import org.stepindex.indexer.base.StepIndexException;

/**
 * The integers {@code min..max}, both included.
 *
 * @param min the smallest value
 * @param max the largest value, at least {@code min}
 */
public record IntRange(int min, int max) {

  /**
   * @throws StepIndexException if the range is empty
   */
  public IntRange {
    if (min > max) {
      throw new StepIndexException(
          "empty range " + min + "-" + max + ": the first number must not exceed the second");
    }
  }

  /**
   * Parses {@code MIN-MAX} (e.g. {@code 0-99}) or a single number.
   *
   * @throws StepIndexException if the text is not a range of non-negative integers or the range is
   *     empty
   */
  public static IntRange parse(String text) {
    String s = text.strip();
    int dash = s.indexOf('-');
    try {
      if (dash < 0) {
        int v = Integer.parseInt(s);
        return new IntRange(v, v);
      }
      return new IntRange(
          Integer.parseInt(s.substring(0, dash).strip()),
          Integer.parseInt(s.substring(dash + 1).strip()));
    } catch (NumberFormatException e) {
      throw new StepIndexException(
          "bad range '" + text + "'; expected MIN-MAX of non-negative integers, e.g. 0-99");
    }
  }

  /** How many integers the range holds. */
  public int size() {
    return max - min + 1;
  }

  /** Whether {@code v} lies in the range. */
  public boolean contains(int v) {
    return v >= min && v <= max;
  }

  /** Whether every value of {@code other} is in this range. */
  public boolean contains(IntRange other) {
    return min <= other.min && other.max <= max;
  }

  @Override
  public String toString() {
    return min + "-" + max;
  }
}
