package org.stepindex.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.stepindex.eval.correlate.Csv;

/**
 * Prints result rows with named columns as an aligned table, JSON lines, or CSV. Rows are buffered for the table
 * (column widths) and streamed otherwise, so a large batch starts printing at once.
 */
final class RowWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final FormatOption.Format format;
  private final List<String> columns;
  private final List<List<Object>> buffered = new ArrayList<>();

  RowWriter(PrintWriter out, FormatOption.Format format, List<String> columns) {
    this.out = out;
    this.format = format;
    this.columns = List.copyOf(columns);
    if (format == FormatOption.Format.csv) {
      out.println(String.join(",", columns.stream().map(Csv::field).toList()));
    }
  }

  /** Adds one row, values in column order (null leaves a field out of JSON and blank elsewhere). */
  void row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("expected " + columns.size() + " values");
    }
    switch (format) {
      case json -> out.println(json(values));
      case csv -> {
        List<String> cells = new ArrayList<>();
        for (Object value : values) {
          cells.add(value == null ? "" : Csv.field(String.valueOf(value)));
        }
        out.println(String.join(",", cells));
      }
      case table -> buffered.add(List.of(nullsAsBlank(values)));
    }
    out.flush();
  }

  /** Prints the buffered table, if any. */
  void finish() {
    if (format != FormatOption.Format.table) {
      return;
    }
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
    out.flush();
  }

  private void printTableRow(List<?> row, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      Object value = row.get(c);
      String text = String.valueOf(value);
      boolean right = value instanceof Number;
      if (c > 0) {
        line.append("  ");
      }
      line.append(right ? " ".repeat(widths[c] - text.length()) + text : text + " ".repeat(widths[c] - text.length()));
    }
    out.println(line.toString().stripTrailing());
  }

  private String json(Object[] values) {
    ObjectNode node = JSON.createObjectNode();
    for (int c = 0; c < values.length; c++) {
      Object value = values[c];
      if (value == null) {
        continue;
      }
      switch (value) {
        case Long l -> node.put(columns.get(c), l);
        case Integer i -> node.put(columns.get(c), i);
        case Double d -> node.put(columns.get(c), d);
        default -> node.put(columns.get(c), String.valueOf(value));
      }
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object[] nullsAsBlank(Object[] values) {
    Object[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null) {
        copy[i] = "";
      }
    }
    return copy;
  }
}
