package org.stepindex.query.rows;

import java.util.List;

/**
 * One result row with named columns, in column order; the table, CSV and JSON renderings all read
 * it.
 */
public interface Row {
  /** The column names, in order. */
  List<String> columns();

  /**
   * The values in column order: {@link String}, {@link Long}, {@link Integer} or {@link Double};
   * {@link JsonNull} for a key that is there and empty; a map or list of these for a JSON object or
   * array.
   */
  List<Object> values();
}
