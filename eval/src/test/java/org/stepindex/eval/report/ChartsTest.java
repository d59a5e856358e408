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

  @Test
  void aCheckpointHasOneColourInEveryFigureOfAReport() {
    double[] x = {1, 10};
    double[] y = {0.1, 0.2};
    Charts.colourCheckpoints(List.of(64L, 1L, 8L, 8L));
    try {
      JFreeChart all =
          Charts.logX(
              "t",
              "x",
              "y",
              List.of(
                  new Charts.Series("step 1", x, y),
                  new Charts.Series("step 8", x, y),
                  new Charts.Series("step 64", x, y)),
              true,
              false);
      JFreeChart one =
          Charts.logX("t", "x", "y", List.of(new Charts.Series("step 8", x, y)), true, false);
      java.awt.Paint inAll = ((XYPlot) all.getPlot()).getRenderer().getSeriesPaint(1);
      assertEquals(inAll, ((XYPlot) one.getPlot()).getRenderer().getSeriesPaint(0));
      assertEquals(Charts.color(1, 3), inAll, "the middle of three checkpoints");
    } finally {
      Charts.forget();
    }
    assertEquals(Charts.color(0, 1), Charts.colour("step 8", 0, 1), "outside a report: by place");
  }

  @Test
  void panelsForEightModelsAreWideEnoughAndLongTablesFold() {
    List<Charts.Panel> panels = new java.util.ArrayList<>();
    for (int m = 0; m < 8; m++) {
      panels.add(
          new Charts.Panel(
              "(" + (char) ('a' + m) + ") model",
              List.of(new Charts.Series("step 1", new double[] {1, 10}, new double[] {0.5, 0.6}))));
    }
    Figure figure = new Figure("f", "c", Charts.panels("t", "y", panels, List.of("step 1"), true));
    assertEquals(Figure.PANEL_WIDTH * 8 + 120, figure.width());
    assertEquals(
        Figure.WIDTH,
        new Figure("g", "c", Charts.logX("t", "x", "y", List.of(), true, true)).width());

    List<List<String>> rows = new java.util.ArrayList<>();
    for (int r = 0; r < HtmlPage.FOLD_ROWS + 1; r++) {
      rows.add(List.of(Integer.toString(r)));
    }
    String folded =
        new HtmlPage("p")
            .heading("h")
            .table(new org.stepindex.indexer.base.Csv.Table(List.of("n"), rows), 300, "t.csv")
            .html();
    assertTrue(folded.contains("<details><summary>Table: 26 rows (t.csv)</summary>"), folded);
    String shortTable =
        new HtmlPage("p")
            .heading("h")
            .table(
                new org.stepindex.indexer.base.Csv.Table(List.of("n"), rows.subList(0, 3)),
                300,
                "t.csv")
            .html();
    assertTrue(
        !shortTable.contains("<details>") && shortTable.contains("(0 figures, 1 table)"),
        shortTable);
  }
}
