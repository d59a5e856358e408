package org.stepindex.eval.report;

import java.util.Base64;
import java.util.List;
import org.stepindex.indexer.base.Csv;

/**
 * A self-contained HTML page built piece by piece: headings, paragraphs, tables and figures
 * embedded as {@code data:image/png;base64,…}, so the one file can be mailed or archived and still
 * shows everything. All text is HTML-escaped.
 */
public final class HtmlPage {
  private final StringBuilder body = new StringBuilder();
  private final String title;

  /** Starts a page with the given title (also its first heading). */
  public HtmlPage(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  /** Adds a section heading. */
  public HtmlPage heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
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
    return this;
  }

  /** Adds a figure as an embedded PNG, with links to its PNG and SVG files. */
  public HtmlPage figure(Figure figure, byte[] png, String pngFile, String svgFile) {
    body.append("<figure>\n<img alt=\"")
        .append(escape(figure.caption()))
        .append("\" width=\"")
        .append(Figure.WIDTH)
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
        + "th{background:#f2f2f2}\nfigure{margin:1em 0}\nfigcaption{font-size:0.9em;color:#555}\n"
        + ".note{font-size:0.85em;color:#666}\n"
        + "</style>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
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
