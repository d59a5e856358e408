package org.stepindex.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts: XY plots with a logarithmic x axis ({@link LogAxis}), one series per
 * checkpoint or term, coloured along a viridis-like ramp in series order so that early and late
 * checkpoints are told apart at a glance.
 */
public final class Charts {
  /** Anchors of the colour ramp (matplotlib's viridis at 0, ¼, ½, ¾, 1). */
  private static final Color[] RAMP = {
    new Color(0x44, 0x01, 0x54),
    new Color(0x3b, 0x52, 0x8b),
    new Color(0x21, 0x91, 0x8c),
    new Color(0x5e, 0xc9, 0x62),
    new Color(0xfd, 0xe7, 0x25)
  };

  /**
   * The checkpoints of the report being drawn, in step order: a series named {@code step N} takes
   * its colour from N's place among them, so that a checkpoint has one colour in every figure of a
   * report, whichever checkpoints a figure shows. Set by {@link Report#write} for one report, whose
   * charts are drawn on its thread; empty otherwise, and then colours follow series order.
   */
  private static final ThreadLocal<List<Long>> CHECKPOINTS = ThreadLocal.withInitial(List::of);

  private Charts() {}

  /**
   * Colours {@code step N} series by N's place among {@code steps} on this thread, until {@link
   * #forget}.
   */
  static void colourCheckpoints(List<Long> steps) {
    CHECKPOINTS.set(steps.stream().distinct().sorted().toList());
  }

  /** Ends {@link #colourCheckpoints}. */
  static void forget() {
    CHECKPOINTS.remove();
  }

  /**
   * The colour of series {@code i} of {@code n} named {@code name}: its checkpoint's, else by
   * place.
   */
  static Color colour(String name, int i, int n) {
    List<Long> steps = CHECKPOINTS.get();
    if (name.startsWith("step ") && !steps.isEmpty()) {
      try {
        int at = steps.indexOf(Long.parseLong(name.substring(5).strip()));
        if (at >= 0) {
          return color(at, steps.size());
        }
      } catch (NumberFormatException e) {
        // not a checkpoint's series: coloured by place
      }
    }
    return color(i, n);
  }

  /**
   * One series of points.
   *
   * @param name the legend entry
   * @param x x values, all positive (the x axis is logarithmic)
   * @param y y values
   */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("x and y differ in length");
      }
      for (double v : x) {
        if (!(v > 0)) {
          throw new IllegalArgumentException(
              "x value " + v + " of series " + name + " cannot be on a log axis");
        }
      }
    }
  }

  /**
   * A chart with a log x axis.
   *
   * @param title the title
   * @param xLabel the x axis label (should say what was shifted, if anything)
   * @param yLabel the y axis label
   * @param series the series, in legend order; colours follow this order
   * @param lines whether to join each series' points with lines (points are always drawn)
   * @param unitY whether y is a fraction, drawn on a fixed [0, 1] axis
   * @return the chart
   */
  public static JFreeChart logX(
      String title,
      String xLabel,
      String yLabel,
      List<Series> series,
      boolean lines,
      boolean unitY) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : series) {
      XYSeries xy = new XYSeries(s.name(), true, true);
      for (int i = 0; i < s.x().length; i++) {
        xy.add(s.x()[i], s.y()[i]);
      }
      data.addSeries(xy);
    }
    LogAxis xAxis = new LogAxis(xLabel);
    xAxis.setBase(10);
    xAxis.setSmallestValue(0.5);
    // Ticks at whole powers of ten, labelled as plain numbers: "10^0.5" ticks help nobody read a
    // count.
    xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    xAxis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
    NumberAxis yAxis = new NumberAxis(yLabel);
    if (unitY) {
      yAxis.setRange(-0.02, 1.02);
    } else {
      yAxis.setAutoRangeIncludesZero(true);
      steady(yAxis, series.stream().map(Series::y).toList());
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(lines, true);
    for (int i = 0; i < series.size(); i++) {
      styleSeries(renderer, i, colour(series.get(i).name(), i, series.size()));
    }
    return chart(title, new XYPlot(data, xAxis, yAxis, renderer));
  }

  /**
   * One panel of a {@link #panels} chart.
   *
   * @param name the panel's x axis label, e.g. {@code (a) pythia-1b}
   * @param series its series; a series' colour follows its name's place in the chart's legend
   */
  public record Panel(String name, List<Series> series) {
    public Panel {
      series = List.copyOf(series);
    }
  }

  /**
   * Panels side by side, one per model as in the Pythia study's figures, each with its own log x
   * axis and one shared y axis; a series has the same colour in every panel (one colour per
   * checkpoint), and the legend lists each name once.
   *
   * @param title the title
   * @param yLabel the shared y axis label
   * @param panels the panels, left to right
   * @param legend every series name, in legend and colour order
   * @param unitY whether y is a fraction, drawn on a fixed [0, 1] axis
   * @return the chart
   */
  public static JFreeChart panels(
      String title, String yLabel, List<Panel> panels, List<String> legend, boolean unitY) {
    NumberAxis yAxis = new NumberAxis(yLabel);
    if (unitY) {
      yAxis.setRange(-0.02, 1.02);
    } else {
      yAxis.setAutoRangeIncludesZero(true);
      steady(yAxis, panels.stream().flatMap(p -> p.series().stream()).map(Series::y).toList());
    }
    CombinedRangeXYPlot combined = new CombinedRangeXYPlot(yAxis);
    for (Panel panel : panels) {
      XYSeriesCollection data = new XYSeriesCollection();
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
      for (Series s : panel.series()) {
        XYSeries xy = new XYSeries(s.name(), true, true);
        for (int i = 0; i < s.x().length; i++) {
          xy.add(s.x()[i], s.y()[i]);
        }
        styleSeries(
            renderer,
            data.getSeriesCount(),
            colour(s.name(), legend.indexOf(s.name()), legend.size()));
        data.addSeries(xy);
      }
      LogAxis xAxis = new LogAxis(panel.name());
      xAxis.setBase(10);
      xAxis.setSmallestValue(0.5);
      xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      xAxis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
      XYPlot plot = new XYPlot(data, xAxis, null, renderer);
      plot.setBackgroundPaint(Color.WHITE);
      plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
      plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
      combined.add(plot);
    }
    LegendItemCollection items = new LegendItemCollection();
    for (int i = 0; i < legend.size(); i++) {
      LegendItem item = new LegendItem(legend.get(i), colour(legend.get(i), i, legend.size()));
      item.setShape(new Ellipse2D.Double(-3, -3, 6, 6));
      items.add(item);
    }
    combined.setFixedLegendItems(items);
    return chart(title, combined);
  }

  /**
   * A chart with linear axes, for values that can be zero: checkpoint steps of a late intervention,
   * memorized counts, Q-Q points. Series are coloured along the ramp unless named in {@code grey},
   * drawn as a thin grey line (a reference such as y = x).
   *
   * @param title the title
   * @param xLabel the x axis label
   * @param yLabel the y axis label
   * @param series the series, in legend order
   * @param lines whether to join each series' points with lines
   * @param grey the name of a reference series drawn grey without points, or null
   * @return the chart
   */
  public static JFreeChart linear(
      String title,
      String xLabel,
      String yLabel,
      List<LinearSeries> series,
      boolean lines,
      String grey) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (LinearSeries s : series) {
      XYSeries xy = new XYSeries(s.name(), false, true);
      for (int i = 0; i < s.x().length; i++) {
        xy.add(s.x()[i], s.y()[i]);
      }
      data.addSeries(xy);
    }
    NumberAxis xAxis = new NumberAxis(xLabel);
    xAxis.setAutoRangeIncludesZero(false);
    xAxis.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.ROOT));
    NumberAxis yAxis = new NumberAxis(yLabel);
    yAxis.setAutoRangeIncludesZero(true);
    steady(yAxis, series.stream().map(LinearSeries::y).toList());
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(lines, true);
    int coloured = (int) series.stream().filter(s -> !s.name().equals(grey)).count();
    int c = 0;
    for (int i = 0; i < series.size(); i++) {
      if (series.get(i).name().equals(grey)) {
        renderer.setSeriesPaint(i, Color.GRAY);
        renderer.setSeriesLinesVisible(i, true);
        renderer.setSeriesShapesVisible(i, false);
        renderer.setSeriesStroke(i, new BasicStroke(1f));
      } else {
        styleSeries(renderer, i, colour(series.get(i).name(), c++, coloured));
      }
    }
    return chart(title, new XYPlot(data, xAxis, yAxis, renderer));
  }

  /**
   * One series of points on linear axes; x values may be zero or negative, and may repeat (Q-Q
   * points).
   *
   * @param name the legend entry
   * @param x x values
   * @param y y values
   */
  public record LinearSeries(String name, double[] x, double[] y) {
    public LinearSeries {
      if (x.length != y.length) {
        throw new IllegalArgumentException("x and y differ in length");
      }
    }
  }

  /**
   * Keeps a value axis readable when its values do not vary: JFreeChart widens an all-equal series
   * to its minimum auto range (1e-8), which draws ticks of ±5E-9 around a row of zeros. Such values
   * get the range [0, 1] (all zero, or none at all) or half their value on either side; values that
   * vary keep the automatic range.
   */
  static void steady(NumberAxis axis, List<double[]> values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] ys : values) {
      for (double y : ys) {
        if (Double.isFinite(y)) {
          min = Math.min(min, y);
          max = Math.max(max, y);
        }
      }
    }
    if (min > max || (min == 0 && max == 0)) {
      axis.setRange(0, 1);
    } else if (max - min <= 1e-9 * Math.max(Math.abs(min), Math.abs(max))) {
      double half = Math.abs(min) / 2;
      axis.setRange(min - half, max + half);
    }
  }

  /** Every chart's frame: white plot with light grid lines, bold title, legend. */
  private static JFreeChart chart(String title, XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** A data series: round points, a 1.5 px line, the given colour. */
  private static void styleSeries(XYLineAndShapeRenderer renderer, int i, Color color) {
    renderer.setSeriesPaint(i, color);
    renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
    renderer.setSeriesStroke(i, new BasicStroke(1.5f));
  }

  /** The colour of series {@code i} of {@code n}: evenly spaced along the ramp. */
  static Color color(int i, int n) {
    double t =
        n <= 1
            ? 0
            : (double) i
                / (n - 1)
                * 0.92; // stop short of the pale yellow end, hard to see on white
    double pos = t * (RAMP.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, RAMP.length - 1);
    double f = pos - lo;
    return new Color(
        mix(RAMP[lo].getRed(), RAMP[hi].getRed(), f),
        mix(RAMP[lo].getGreen(), RAMP[hi].getGreen(), f),
        mix(RAMP[lo].getBlue(), RAMP[hi].getBlue(), f));
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round(a + (b - a) * f);
  }
}
