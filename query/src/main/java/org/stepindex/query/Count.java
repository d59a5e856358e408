package org.stepindex.query;

/**
 * How often a query matched in a range of training sequences.
 *
 * @param sequences sequences (training examples) in the range with at least one match
 * @param occurrences all matches in the range (overlapping matches of a phrase or n-gram each
 *     count)
 */
public record Count(long sequences, long occurrences) {
  /** No match. */
  public static final Count ZERO = new Count(0, 0);

  /** The sum of two counts over disjoint ranges. */
  public Count plus(Count other) {
    return new Count(sequences + other.sequences, occurrences + other.occurrences);
  }

  /** This count minus a count over a sub-range. */
  public Count minus(Count other) {
    return new Count(sequences - other.sequences, occurrences - other.occurrences);
  }
}
