package org.stepindex.eval.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.base.Csv;

/**
 * The study's arithmetic bins ({@code term_frequency.py}) and checkpoints: the edges of {@code
 * np.logspace(5, log10(2e8), 20)} as written out by hand from {@code 10 ** linspace}, right-closed
 * intervals, labels truncated to integers, and the mean accuracy per bin.
 */
class StudyBinsTest {
  @Test
  void operandBinsAreRightClosedLogspaceIntervalsLabelledByTheirTruncatedLowerEdge() {
    assertEquals(19, OperandBins.COUNT);
    double ratio =
        Math.pow(
            2e8 / 1e5, 1.0 / 19); // consecutive edges of a logspace differ by a constant factor
    for (int bin = 0; bin < OperandBins.COUNT; bin++) {
      assertEquals(1e5 * Math.pow(ratio, bin), OperandBins.low(bin), 1e-6 * OperandBins.low(bin));
      assertEquals(
          OperandBins.low(bin) * ratio, OperandBins.high(bin), 1e-6 * OperandBins.high(bin));
    }
    assertEquals(
        2e8, OperandBins.high(18), 1); // 10 ** log10(2e8) is 200000000.00000003 in numpy too
    // int() of the edges, as the script's labels: 100000, 149189, 222575, ... (10 ** 5.17373...)
    assertEquals(100_000, OperandBins.label(0));
    assertEquals(149_189, OperandBins.label(1));
    assertEquals(222_575, OperandBins.label(2));
    assertEquals(134_057_641, OperandBins.label(18));
    assertEquals(-1, OperandBins.of(0));
    assertEquals(-1, OperandBins.of(100_000), "the first edge is open");
    assertEquals(0, OperandBins.of(100_001));
    assertEquals(0, OperandBins.of(149_189));
    assertEquals(1, OperandBins.of(149_190));
    assertEquals(18, OperandBins.of(200_000_000), "the last edge is closed");
    assertEquals(-1, OperandBins.of(200_000_001));
  }

  @Test
  void binsAverageTheAccuraciesOfTheirOperandsPerGroup() {
    List<ArithmeticCorrelation.Item> items =
        List.of(
            new ArithmeticCorrelation.Item("m", 13000, 16, "plus", 0, 120_000, 0.2, 50),
            new ArithmeticCorrelation.Item("m", 13000, 16, "plus", 1, 140_000, 0.6, 50),
            new ArithmeticCorrelation.Item("m", 13000, 16, "plus", 2, 150_000, 0.5, 50),
            new ArithmeticCorrelation.Item("m", 13000, 16, "plus", 3, 50, 1.0, 50), // in no bin
            new ArithmeticCorrelation.Item(
                "m", 39000, 16, "plus", 0, 300_000_000, 1.0, 50), // in no bin
            new ArithmeticCorrelation.Item("m", 39000, 16, "plus", 1, 190_000_000, 0.25, 50));
    List<ArithmeticCorrelation.Bin> bins = ArithmeticCorrelation.bins(items);
    assertEquals(
        List.of(
            new ArithmeticCorrelation.Bin("m", 13000, 16, "plus", 0, 2, (0.2 + 0.6) / 2),
            new ArithmeticCorrelation.Bin("m", 13000, 16, "plus", 1, 1, 0.5),
            new ArithmeticCorrelation.Bin("m", 39000, 16, "plus", 18, 1, 0.25)),
        bins);
    Csv.Table table = ArithmeticCorrelation.binTable(bins);
    assertEquals(
        List.of("m", "13000", "16", "plus", "0", "100000"), table.rows().getFirst().subList(0, 6));
  }

  @Test
  void studyCheckpointsAreEvery13000CountedAndEveryOtherShown() {
    assertEquals(11, StudyCheckpoints.COUNTED.size());
    assertEquals(13_000L, StudyCheckpoints.COUNTED.getFirst());
    assertEquals(143_000L, StudyCheckpoints.COUNTED.getLast());
    assertEquals(
        List.of(13_000L, 39_000L, 65_000L, 91_000L, 117_000L, 143_000L), StudyCheckpoints.SHOWN);
    assertEquals(StudyCheckpoints.SHOWN, StudyCheckpoints.toShow(StudyCheckpoints.COUNTED));
    assertEquals(
        List.of(8L, 512L), StudyCheckpoints.toShow(List.of(8L, 512L)), "other data: every step");
  }

  @Test
  void modelsSortBySizeAsTheStudysPanels() {
    List<String> models =
        new java.util.ArrayList<>(
            List.of("pythia-12b", "pythia-1b", "pythia-70m", "pythia-1.4b", "pythia-160m", "mini"));
    models.sort(ModelNames.BY_SIZE);
    assertEquals(
        List.of("pythia-70m", "pythia-160m", "pythia-1b", "pythia-1.4b", "pythia-12b", "mini"),
        models);
  }
}
