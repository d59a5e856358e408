package org.stepindex.eval.report;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * A chart with the name its files get and a caption, rendered to PNG (for the HTML page and the PNG
 * file) and to SVG (JFreeSVG draws the same chart into an SVG document).
 *
 * @param name the file name without extension, e.g. {@code arithmetic-pythia-70m-k2-plus}
 * @param caption what the figure shows, for the HTML page
 * @param chart the chart
 */
public record Figure(String name, String caption, JFreeChart chart) {
  /** Width of the rendered figure, in pixels. */
  public static final int WIDTH = 800;

  /** Height of the rendered figure, in pixels. */
  public static final int HEIGHT = 500;

  /** The figure as PNG bytes. */
  public byte[] png() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory stream does not fail
    }
    return out.toByteArray();
  }

  /** The figure as a standalone SVG document. */
  public String svg() {
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
    return g2.getSVGDocument();
  }
}
