package org.stepindex.indexer.base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 4180 CSV, the one reader and writer of every CSV file stepindex reads or writes (evaluation
 * and report tables, {@code --format csv} rows, CrowS-Pairs files): a header row, then data rows
 * ended by LF; a field is quoted when it holds a comma, a quote, CR or LF, and quotes inside are
 * doubled. Numbers of a table are written with {@link #number(double)}: NaN (an undefined
 * statistic) is an empty field.
 */
public final class Csv {
  private Csv() {}

  /**
   * A table: named columns and rows of cells.
   *
   * @param header the column names
   * @param rows the rows, each as long as the header
   */
  public record Table(List<String> header, List<List<String>> rows) {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException(
              "row " + row + " does not have the " + header.size() + " columns");
        }
      }
    }

    /** The rows as maps from column name to cell, in column order. */
    public List<Map<String, String>> records() {
      List<Map<String, String>> out = new ArrayList<>();
      for (List<String> row : rows) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
          map.put(header.get(c), row.get(c));
        }
        out.add(map);
      }
      return out;
    }

    /** The table as CSV text, lines ended by LF. */
    public String toCsv() {
      StringBuilder out = new StringBuilder();
      appendRow(out, header);
      rows.forEach(row -> appendRow(out, row));
      return out.toString();
    }
  }

  /**
   * A number for a table: integers without a fraction, others with up to 6 significant decimals;
   * NaN is empty.
   */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.6g", value)
        .replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2")
        .replace(".e", "e");
  }

  /**
   * Reads a CSV file written by {@link Table#toCsv()} (or any RFC 4180 file with a header row).
   *
   * @throws StepIndexException when the file is missing, unreadable or malformed
   */
  public static Table read(Path file) {
    return read(file, ',');
  }

  /**
   * Reads a delimited file with a header row, quoted as RFC 4180 says but with another delimiter (a
   * tab for the tab-separated files of the multilingual CrowS-Pairs).
   *
   * @throws StepIndexException when the file is missing, unreadable or malformed
   */
  public static Table read(Path file, char delimiter) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new StepIndexException("no such file: " + file);
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<List<String>> rows = parse(text, file, delimiter);
    if (rows.isEmpty()) {
      throw new StepIndexException(file + " is empty; expected a CSV file with a header row");
    }
    List<String> header = rows.getFirst();
    List<List<String>> data = rows.subList(1, rows.size());
    for (int i = 0; i < data.size(); i++) {
      if (data.get(i).size() != header.size()) {
        throw new StepIndexException(
            file
                + " row "
                + (i + 2)
                + " has "
                + data.get(i).size()
                + " fields, the header has "
                + header.size());
      }
    }
    return new Table(header, data);
  }

  private static List<List<String>> parse(String text, Path file, char delimiter) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
        continue;
      }
      if (c == delimiter) {
        row.add(field.toString());
        field.setLength(0);
        any = true;
        continue;
      }
      switch (c) {
        case '"' -> {
          quoted = true;
          any = true;
        }
        case '\r' -> {}
        case '\n' -> {
          row.add(field.toString());
          rows.add(row);
          row = new ArrayList<>();
          field.setLength(0);
          any = false;
        }
        default -> {
          field.append(c);
          any = true;
        }
      }
    }
    if (quoted) {
      throw new StepIndexException(file + " ends inside a quoted field; the CSV file is truncated");
    }
    if (any) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }

  /**
   * Appends one row to {@code out}, ended by LF: each cell as {@link #field} writes its text
   * ({@link String#valueOf}), a null cell as an empty field. For writers that stream their rows.
   */
  public static void appendRow(StringBuilder out, List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object cell = cells.get(i);
      if (cell != null) {
        out.append(field(String.valueOf(cell)));
      }
    }
    out.append('\n');
  }

  /**
   * One CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break; as it is
   * otherwise.
   */
  public static String field(String cell) {
    if (cell.indexOf(',') >= 0
        || cell.indexOf('"') >= 0
        || cell.indexOf('\n') >= 0
        || cell.indexOf('\r') >= 0) {
      return '"' + cell.replace("\"", "\"\"") + '"';
    }
    return cell;
  }
}
