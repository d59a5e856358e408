package org.stepindex.eval.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stepindex.eval.correlate.LogBins;
import org.stepindex.eval.correlate.ModelNames;
import org.stepindex.eval.correlate.OutputDir;
import org.stepindex.eval.correlate.TriviaCorrelation;
import org.stepindex.indexer.base.Csv;

/**
 * The TriviaQA section, from the correlate directory's {@value TriviaCorrelation#BINS_FILE} (and
 * {@value TriviaCorrelation#PAIRS_FILE}, copied when present): per k, accuracy per {@link LogBins}
 * bin of relevant sequences drawn at its lower edge × √10, as the study's {@code
 * trivia_qa_term_freq.py}.
 */
final class TriviaSection {
  private TriviaSection() {}

  /**
   * Adds the section when {@code dir} has the TriviaQA correlation; returns 1 if it did, else 0.
   */
  static int write(Path dir, HtmlPage page, OutputDir out) {
    Path binsFile = dir.resolve(TriviaCorrelation.BINS_FILE);
    if (!Files.isRegularFile(binsFile)) {
      return 0;
    }
    Csv.Table bins = Csv.read(binsFile);
    page.heading("TriviaQA: accuracy against relevant training sequences")
        .paragraph(
            "Questions are binned by the number of training sequences, up to the checkpoint's step, that contain a"
                + " question entity and an answer alias; bins (10^i, 10^(i+1)] for i = 0..5, counts outside them in"
                + " the first bin, each drawn at its lower edge × √10, as the study's trivia_qa_term_freq.py. One panel"
                + " per model, one colour per step.");
    // k (as a number) → model → step → points
    Map<String, Map<String, Map<Long, List<double[]>>>> groups =
        new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
    for (Map<String, String> r : bins.records()) {
      int bin = Integer.parseInt(r.get("bin"));
      groups
          .computeIfAbsent(r.get("k"), g -> new TreeMap<>(ModelNames.BY_SIZE))
          .computeIfAbsent(r.get("model"), m -> new TreeMap<>())
          .computeIfAbsent(Long.parseLong(r.get("step")), s -> new ArrayList<>())
          .add(new double[] {LogBins.plotX(bin), Double.parseDouble(r.get("accuracy"))});
    }
    groups.forEach(
        (k, byModel) ->
            Report.addFigure(
                page,
                out,
                new Figure(
                    "triviaqa-k" + k,
                    "TriviaQA accuracy per relevant-sequence bin, k=" + k,
                    Report.panelChart(
                        "TriviaQA, k=" + k,
                        "relevant sequences (bin lower edge × √10)",
                        byModel))));
    page.table(bins, Report.MAX_INLINE_ROWS, TriviaCorrelation.BINS_FILE);
    out.write(TriviaCorrelation.BINS_FILE, bins);
    Path pairs = dir.resolve(TriviaCorrelation.PAIRS_FILE);
    if (Files.isRegularFile(pairs)) {
      out.write(TriviaCorrelation.PAIRS_FILE, Csv.read(pairs));
    }
    return 1;
  }
}
