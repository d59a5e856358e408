package org.stepindex.cli;

import java.util.Locale;

/**
 * One pinned value of a regression case, as its file writes it: exact text (counts, sizes, hashes,
 * and floats that Java computes from exact inputs), or a float computed by libtorch with the
 * tolerance it is compared within, written {@code VALUE ± TOLERANCE}.
 *
 * @param text the value as written (for a float, its number alone)
 * @param tolerance the largest difference that still matches; 0 for an exact value
 */
record Pinned(String text, double tolerance) {
  /** Separates a float from its tolerance in a file. */
  static final String PLUS_MINUS = " ± ";

  /** An exact value: it matches only the same text. */
  static Pinned exact(Object value) {
    return new Pinned(String.valueOf(value), 0);
  }

  /**
   * A float computed by libtorch, written with six significant digits (enough to show any move
   * beyond the tolerance).
   *
   * @param value the value measured
   * @param tolerance the largest difference that still matches (one that fits float32 sums in
   *     another order)
   */
  static Pinned within(double value, double tolerance) {
    return new Pinned(String.format(Locale.ROOT, "%.6g", value), tolerance);
  }

  /** A count, exact: {@code N sequences, M occurrences}. */
  static Pinned count(long sequences, long occurrences) {
    return exact(sequences + " sequences, " + occurrences + " occurrences");
  }

  /** Reads a value as a file writes it. */
  static Pinned parse(String written) {
    int at = written.indexOf(PLUS_MINUS);
    if (at < 0) {
      return exact(written);
    }
    return new Pinned(
        written.substring(0, at), Double.parseDouble(written.substring(at + PLUS_MINUS.length())));
  }

  /**
   * Whether {@code actual} matches this expected value: equal text, or a number within the
   * tolerance.
   */
  boolean matches(Pinned actual) {
    if (tolerance == 0) {
      return text.equals(actual.text);
    }
    try {
      return Math.abs(Double.parseDouble(text) - Double.parseDouble(actual.text)) <= tolerance;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The value as a file writes it. */
  String written() {
    return tolerance == 0
        ? text
        : text + PLUS_MINUS + String.format(Locale.ROOT, "%.1g", tolerance);
  }
}
