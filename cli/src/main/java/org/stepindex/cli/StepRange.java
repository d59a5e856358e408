package org.stepindex.cli;

import org.stepindex.indexer.base.StepIndexException;

/**
 * A {@code --steps A:B} value: training steps {@code [A, B)}, either end may be left out ({@code
 * 13000:}, {@code :143000}); each command decides what an open end means.
 *
 * @param from the first step, or null when left out
 * @param to the end step (exclusive), or null when left out
 */
record StepRange(Long from, Long to) {

  /** Parses {@code A:B}; anything else is a one-line user error. */
  static StepRange parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
      throw invalid(text);
    }
    return new StepRange(
        step(text, text.substring(0, colon)), step(text, text.substring(colon + 1)));
  }

  /** Both ends, for commands that need a closed range. */
  StepRange requireBoth(String text) {
    if (from == null || to == null) {
      throw invalid(text);
    }
    return this;
  }

  private static Long step(String whole, String part) {
    String s = part.strip();
    if (s.isEmpty()) {
      return null;
    }
    if (!s.chars().allMatch(Character::isDigit) || s.length() > 18) {
      throw invalid(whole);
    }
    return Long.parseLong(s);
  }

  private static StepIndexException invalid(String text) {
    return new StepIndexException(
        "--steps must be A:B with whole, non-negative step numbers (e.g. 0:13000; an end"
            + " may be left out where the command allows it), got '"
            + text
            + "'");
  }
}
