package org.stepindex.query.rows;

import java.util.List;

/** One result row with named columns, in column order; the table, CSV and JSON renderings all read it. */
public interface Row {
  /** The column names, in order. */
  List<String> columns();

  /** The values in column order: {@link String}, {@link Long} or {@link Integer}. */
  List<Object> values();
}
