package org.stepindex.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.stepindex.indexer.base.Csv;
import org.stepindex.query.rows.JsonRows;
import org.stepindex.query.rows.Row;

/**
 * Prints result rows as an aligned table, JSON lines (through {@link JsonRows}, as the server
 * writes them), or CSV. Rows are buffered for the table (column widths) and streamed otherwise:
 * written through a buffer that is flushed when full and at least every {@value #FLUSH_MILLIS} ms,
 * so a large batch starts printing at once without paying a flush per row.
 */
final class RowWriter {
  private static final long FLUSH_MILLIS = 50;

  private final PrintWriter out;
  private final FormatOption.Format format;
  private final List<String> columns;
  private final JsonRows json;
  private final List<List<Object>> buffered = new ArrayList<>();
  private final StringBuilder line = new StringBuilder();
  private long lastFlush = System.nanoTime();

  RowWriter(PrintWriter out, FormatOption.Format format, List<String> columns) {
    this.out = out;
    this.format = format;
    this.columns = List.copyOf(columns);
    this.json = format == FormatOption.Format.json ? new JsonRows(out) : null;
    if (format == FormatOption.Format.csv) {
      Csv.appendRow(line, this.columns);
      out.append(line);
    }
  }

  /**
   * Adds one row (its columns must be this writer's; a null value is left out of JSON and blank
   * elsewhere).
   */
  void row(Row row) {
    List<Object> values = row.values();
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException("expected " + columns.size() + " values");
    }
    switch (format) {
      case json -> json.write(row);
      case csv -> {
        line.setLength(0);
        Csv.appendRow(line, values);
        out.append(line);
      }
      case table -> buffered.add(nullsAsBlank(values));
    }
    long now = System.nanoTime();
    if (now - lastFlush > FLUSH_MILLIS * 1_000_000) {
      flush();
      lastFlush = now;
    }
  }

  /** Prints the buffered table, if any, and flushes. */
  void finish() {
    if (format == FormatOption.Format.table) {
      printTable();
    }
    flush();
  }

  private void flush() {
    if (json != null) {
      json.flush();
    }
    out.flush();
  }

  private void printTable() {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = columns.get(c).length();
      for (List<Object> row : buffered) {
        widths[c] = Math.max(widths[c], String.valueOf(row.get(c)).length());
      }
    }
    printTableRow(new ArrayList<>(columns), widths);
    for (List<Object> row : buffered) {
      printTableRow(row, widths);
    }
  }

  private void printTableRow(List<?> row, int[] widths) {
    StringBuilder text = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      Object value = row.get(c);
      String cell = String.valueOf(value);
      boolean right = value instanceof Number;
      if (c > 0) {
        text.append("  ");
      }
      text.append(
          right
              ? " ".repeat(widths[c] - cell.length()) + cell
              : cell + " ".repeat(widths[c] - cell.length()));
    }
    out.write(text.toString().stripTrailing());
    out.write('\n');
  }

  private static List<Object> nullsAsBlank(List<Object> values) {
    List<Object> copy = new ArrayList<>(values);
    copy.replaceAll(v -> v == null ? "" : v);
    return copy;
  }
}
