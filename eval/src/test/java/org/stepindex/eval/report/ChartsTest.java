package org.stepindex.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.junit.jupiter.api.Test;

/**
 * {@link Charts}' value axes never collapse onto a row of equal values (the ±5E-9 ticks of an
 * all-zero series).
 */
class ChartsTest {
  private static Range range(JFreeChart chart) {
    return ((XYPlot) chart.getPlot()).getRangeAxis().getRange();
  }

  @Test
  void allZeroAndConstantSeriesGetAReadableRange() {
    double[] x = {1, 10, 100};
    JFreeChart zeros =
        Charts.logX(
            "t", "x", "y", List.of(new Charts.Series("a", x, new double[] {0, 0, 0})), true, false);
    assertEquals(new Range(0, 1), range(zeros));
    JFreeChart constant =
        Charts.linear(
            "t",
            "x",
            "y",
            List.of(new Charts.LinearSeries("a", x, new double[] {0.4, 0.4, 0.4})),
            true,
            null);
    Range r = range(constant);
    assertEquals(0.2, r.getLowerBound(), 1e-12);
    assertEquals(0.6, r.getUpperBound(), 1e-12);
    JFreeChart panels =
        Charts.panels(
            "t",
            "y",
            List.of(
                new Charts.Panel(
                    "(a) m", List.of(new Charts.Series("step1", x, new double[] {0, 0, 0})))),
            List.of("step1"),
            false);
    assertEquals(
        new Range(0, 1),
        ((org.jfree.chart.plot.CombinedRangeXYPlot) panels.getPlot()).getRangeAxis().getRange());
  }

  @Test
  void varyingValuesKeepTheAutomaticRange() {
    JFreeChart varying =
        Charts.logX(
            "t",
            "x",
            "y",
            List.of(new Charts.Series("a", new double[] {1, 10}, new double[] {0.001, 0.002})),
            true,
            false);
    Range r = range(varying);
    assertTrue(r.getUpperBound() < 0.01 && r.getUpperBound() >= 0.002, r.toString());
  }
}
