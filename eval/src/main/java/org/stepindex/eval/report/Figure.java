package org.stepindex.eval.report;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.svg.SVGGraphics2D;

/**
 * A chart with the name its files get and a caption, rendered to PNG (for the HTML page and the PNG
 * file) and to SVG (JFreeSVG draws the same chart into an SVG document).
 *
 * @param name the file name without extension, e.g. {@code arithmetic-pythia-70m-k2-plus}
 * @param caption what the figure shows, for the HTML page
 * @param chart the chart
 * @param width the rendered width in pixels
 */
public record Figure(String name, String caption, JFreeChart chart, int width) {
  /** Width of the rendered figure, in pixels, unless it holds panels. */
  public static final int WIDTH = 800;

  /**
   * Width of each panel of a figure of panels side by side, so that eight models' panels stay
   * readable.
   */
  static final int PANEL_WIDTH = 230;

  /** A figure as wide as its panels need ({@link #PANEL_WIDTH} each), or {@link #WIDTH}. */
  public Figure(String name, String caption, JFreeChart chart) {
    this(
        name,
        caption,
        chart,
        chart.getPlot() instanceof CombinedRangeXYPlot panels
            ? Math.max(WIDTH, PANEL_WIDTH * panels.getSubplots().size() + 120)
            : WIDTH);
  }

  /** Height of the rendered figure, in pixels. */
  public static final int HEIGHT = 500;

  /** The figure as PNG bytes. */
  public byte[] png() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory stream does not fail
    }
    return out.toByteArray();
  }

  /** The figure as a standalone SVG document. */
  public String svg() {
    SVGGraphics2D g2 = new SVGGraphics2D(width, HEIGHT);
    chart.draw(g2, new Rectangle(0, 0, width, HEIGHT));
    return g2.getSVGDocument();
  }
}
