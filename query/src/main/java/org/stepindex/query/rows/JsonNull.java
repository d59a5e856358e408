package org.stepindex.query.rows;

/**
 * A row value that is there and empty: written as JSON {@code null} and as a blank cell, where a
 * plain {@code null} value leaves its key out of a JSON row. For answers whose keys are always
 * present, such as {@code exposures}' {@code first_step} of a query never seen.
 */
public enum JsonNull {
  /** The one empty value. */
  VALUE;

  /** Blank, as a table or CSV cell shows it. */
  @Override
  public String toString() {
    return "";
  }
}
