package org.stepindex.eval.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.stepindex.indexer.base.Csv;

/**
 * A self-contained HTML page built piece by piece: headings, paragraphs, tables and figures
 * embedded as {@code data:image/png;base64,…}, so the one file can be mailed or archived and still
 * shows everything. All text is HTML-escaped.
 */
public final class HtmlPage {
  /**
   * Tables longer than this are folded (their rows a click away); the CSV file always has them all.
   */
  static final int FOLD_ROWS = 25;

  private final StringBuilder body = new StringBuilder();
  private final String title;

  /**
   * The sections, for the summary at the top: heading, then figures and tables counted under it.
   */
  private final List<String[]> sections = new ArrayList<>();

  private final List<int[]> counts = new ArrayList<>();

  /** Starts a page with the given title (also its first heading). */
  public HtmlPage(String title) {
    this.title = title;
  }

  /** Adds a section heading (listed, with its figures and tables, in the summary at the top). */
  public HtmlPage heading(String text) {
    String anchor = "s" + (sections.size() + 1);
    sections.add(new String[] {anchor, text});
    counts.add(new int[2]);
    body.append("<h2 id=\"").append(anchor).append("\">").append(escape(text)).append("</h2>\n");
    return this;
  }

  private void count(int what) {
    if (!counts.isEmpty()) {
      counts.getLast()[what]++;
    }
  }

  /** Adds a paragraph of plain text. */
  public HtmlPage paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /**
   * Adds a table; at most {@code maxRows} rows are shown, with a note naming the CSV file that has
   * them all.
   */
  public HtmlPage table(Csv.Table table, int maxRows, String csvFile) {
    count(1);
    boolean fold = table.rows().size() > FOLD_ROWS;
    if (fold) {
      body.append("<details><summary>")
          .append(
              escape(
                  String.format(Locale.ROOT, "Table: %,d rows (%s)", table.rows().size(), csvFile)))
          .append("</summary>\n");
    }
    body.append("<table>\n<thead><tr>");
    table.header().forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr></thead>\n<tbody>\n");
    List<List<String>> rows = table.rows();
    for (List<String> row : rows.subList(0, Math.min(maxRows, rows.size()))) {
      body.append("<tr>");
      row.forEach(cell -> body.append("<td>").append(escape(cell)).append("</td>"));
      body.append("</tr>\n");
    }
    body.append("</tbody>\n</table>\n");
    String all =
        rows.size() > maxRows ? "first " + maxRows + " of " + rows.size() + " rows; all" : "also";
    body.append("<p class=\"note\">(")
        .append(escape(all))
        .append(" in <a href=\"")
        .append(escape(csvFile))
        .append("\">")
        .append(escape(csvFile))
        .append("</a>)</p>\n");
    if (fold) {
      body.append("</details>\n");
    }
    return this;
  }

  /** Adds a figure as an embedded PNG, with links to its PNG and SVG files. */
  public HtmlPage figure(Figure figure, byte[] png, String pngFile, String svgFile) {
    count(0);
    body.append("<figure>\n<img alt=\"")
        .append(escape(figure.caption()))
        .append("\" width=\"")
        .append(figure.width())
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png))
        .append("\">\n<figcaption>")
        .append(escape(figure.caption()))
        .append(" (<a href=\"")
        .append(escape(pngFile))
        .append("\">PNG</a>, <a href=\"")
        .append(escape(svgFile))
        .append("\">SVG</a>)</figcaption>\n</figure>\n");
    return this;
  }

  /** The whole document. */
  public String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + escape(title)
        + "</title>\n<style>\n"
        + "body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}\n"
        + "table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em}\n"
        + "th,td{border:1px solid #ccc;padding:2px 8px;text-align:right}\n"
        + "th{background:#f2f2f2}\nfigure{margin:1em 0;overflow-x:auto}\nfigcaption{font-size:0.9em;color:#555}\n"
        + "details{margin:0.5em 0}\nsummary{cursor:pointer;color:#333}\n"
        + ".note{font-size:0.85em;color:#666}\n"
        + "</style>\n</head>\n<body>\n<h1>"
        + escape(title)
        + "</h1>\n"
        + summary()
        + body
        + "</body>\n</html>\n";
  }

  /** What the report holds, at its top: each section with its figures and tables, linked. */
  private String summary() {
    if (sections.isEmpty()) {
      return "";
    }
    StringBuilder list =
        new StringBuilder(
            "<p>What this report measured, section by section (figures first, then"
                + " the tables; every table is also a CSV file beside this page):</p>\n<ul>\n");
    for (int i = 0; i < sections.size(); i++) {
      int[] c = counts.get(i);
      list.append("<li><a href=\"#")
          .append(sections.get(i)[0])
          .append("\">")
          .append(escape(sections.get(i)[1]))
          .append("</a> (")
          .append(plural(c[0], "figure"))
          .append(", ")
          .append(plural(c[1], "table"))
          .append(")</li>\n");
    }
    return list.append("</ul>\n").toString();
  }

  private static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /** Escapes {@code & < > " '} for HTML text and attribute values. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
