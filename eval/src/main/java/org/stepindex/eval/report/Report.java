package org.stepindex.eval.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;
import org.stepindex.eval.correlate.ArithmeticCorrelation;
import org.stepindex.eval.correlate.LogBins;
import org.stepindex.eval.correlate.OperandBins;
import org.stepindex.eval.correlate.OutputDir;
import org.stepindex.eval.correlate.StudyCheckpoints;
import org.stepindex.eval.correlate.TermTimelines;
import org.stepindex.eval.correlate.TriviaCorrelation;
import org.stepindex.eval.tasks.EvalFiles;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Builds the report of an analysis from the files the eval tasks and the correlate step wrote.
 *
 * <p>Reads, each when present: from the correlate directory {@value
 * ArithmeticCorrelation#ITEMS_FILE}, {@value ArithmeticCorrelation#SUMMARY_CSV}, {@value
 * TriviaCorrelation#BINS_FILE} and {@value TermTimelines#FILE}; from the eval directory the {@code
 * *.summary.json} files. Writes into the output directory, all at once through {@link OutputDir}:
 *
 * <ul>
 *   <li>{@value #HTML}: one self-contained page, figures embedded as base64 PNG, tables inline;
 *   <li>{@code figures/NAME.png} and {@code figures/NAME.svg} for every figure;
 *   <li>the tables as CSV: the inputs copied, {@value #DELTA_TABLE} and {@value #SPEARMAN_TABLE}
 *       (model × op × k rows, one column per checkpoint), {@value #EVAL_TABLE}.
 * </ul>
 *
 * <p>The page is the sections the eval tasks bring ({@link ReportSection}, in the order the caller
 * gives them: the task registry's, {@code org.stepindex.eval.registry.EvalTasks#reportSections}),
 * then the timelines: accuracy per checkpoint ({@link AccuracySection}); with named runs (or the
 * eval directory alone) bias ({@link BiasSection}: CrowS-Pairs and WinoBias per checkpoint, a line
 * per run) and memorization ({@link MemorizationSection}: Poisson fit, Q-Q figure and per-slice
 * counts over training); from the correlate directory arithmetic ({@link ArithmeticSection}),
 * TriviaQA ({@link TriviaSection}) and the timelines ({@link TimelineSection}).
 *
 * <p>Figures follow the Pythia study's: one panel per model, one colour per checkpoint (only the
 * study's shown checkpoints, {@link StudyCheckpoints#SHOWN}, when the data has them all).
 * Arithmetic, per op × k: accuracy per operand against its frequency + 1 on a log axis (the shift
 * keeps operands never seen on the plot), and the study's binned figure ({@code term_frequency.py}:
 * mean accuracy of the operands per {@link OperandBins} bin, drawn at the bin's label); TriviaQA,
 * per k: accuracy per {@link LogBins} bin drawn at its lower edge × √10, as {@code
 * trivia_qa_term_freq.py}; cumulative counts of the chosen terms against the step on a log axis
 * (step 0 is left out: nothing has been seen there, and log 0 is undefined).
 */
public final class Report {
  /** The HTML page. */
  public static final String HTML = "report.html";

  /** Δ per model × op × k (rows) and checkpoint (columns). */
  public static final String DELTA_TABLE = "delta-table.csv";

  /** Spearman's ρ per model × op × k (rows) and checkpoint (columns). */
  public static final String SPEARMAN_TABLE = "spearman-table.csv";

  /** The eval summaries as one table. */
  public static final String EVAL_TABLE = "eval-accuracy.csv";

  /** Rows of a table shown inline at most; the CSV file always has them all. */
  static final int MAX_INLINE_ROWS = 300;

  private static final String FIGURES = "figures/";

  private Report() {}

  /**
   * Where the report's inputs are.
   *
   * @param correlateDir the directory the correlate step wrote into, or null
   * @param evalDir the eval output directory with {@code *.summary.json}, or null
   * @param title the report's title
   * @param runs eval output directories of named training runs (e.g. {@code original}, {@code
   *     intervened}), in legend order, for the bias and memorization sections (and the accuracy
   *     table when {@code evalDir} is null); when empty, {@code evalDir} is read for them as run
   *     {@code eval}
   */
  public record Inputs(Path correlateDir, Path evalDir, String title, Map<String, Path> runs) {
    public Inputs {
      runs = Collections.unmodifiableMap(new LinkedHashMap<>(runs));
    }

    /** Inputs without named runs. */
    public Inputs(Path correlateDir, Path evalDir, String title) {
      this(correlateDir, evalDir, title, Map.of());
    }

    /**
     * The directories whose accuracy summaries are tabled: {@code evalDir}, or else every named
     * run's.
     */
    List<Path> evalDirs() {
      return evalDir != null ? List.of(evalDir) : List.copyOf(runs.values());
    }

    /** The runs the bias and memorization sections read. */
    Map<String, Path> runsToRead() {
      return !runs.isEmpty() || evalDir == null ? runs : Map.of("eval", evalDir);
    }
  }

  /**
   * Writes the report into {@code outDir}.
   *
   * @param inputs where the inputs are
   * @param taskSections the eval tasks' sections in the order the page shows them (the registry's,
   *     which sits above this package and so is passed in); the timelines of chosen terms, no
   *     task's, follow them
   * @param outDir where the report goes
   * @return the files written, the HTML page first
   * @throws StepIndexException when no input is found or an input is malformed
   */
  public static List<Path> write(Inputs inputs, List<ReportSection> taskSections, Path outDir) {
    System.setProperty("java.awt.headless", "true");
    HtmlPage page = new HtmlPage(inputs.title());
    Charts.colourCheckpoints(checkpoints(inputs));
    try (OutputDir out = OutputDir.open(outDir)) {
      int sections = 0;
      for (ReportSection section :
          Stream.concat(taskSections.stream(), Stream.of(ReportSection.TIMELINES)).toList()) {
        sections += section.write(inputs, page, out);
      }
      if (sections == 0) {
        List<String> looked = new ArrayList<>();
        if (inputs.correlateDir() != null) {
          looked.add("no correlate results in " + inputs.correlateDir());
        }
        if (inputs.evalDir() != null) {
          looked.add("no *.summary.json in " + inputs.evalDir());
        }
        inputs
            .runs()
            .forEach(
                (name, dir) ->
                    looked.add("no bias, memorization or ngram-agreement summary in " + dir));
        throw new StepIndexException(
            "nothing to report: "
                + (looked.isEmpty()
                    ? "give --correlate, --eval or --run"
                    : String.join(", ", looked)));
      }
      out.write(HTML, page.html());
      List<Path> files = new ArrayList<>(out.commit());
      Path html = files.removeLast();
      files.addFirst(html);
      return files;
    } finally {
      Charts.forget();
    }
  }

  /**
   * Every checkpoint step the inputs' summaries name, so that each checkpoint has one colour in
   * every figure.
   */
  private static List<Long> checkpoints(Inputs inputs) {
    List<Path> dirs = new ArrayList<>(inputs.evalDirs());
    dirs.addAll(inputs.runsToRead().values());
    List<Long> steps = new ArrayList<>();
    for (Path dir : dirs) {
      try {
        for (Path file : EvalFiles.list(dir, null, EvalFiles.SUMMARY)) {
          EvalFiles.parse(file).map(EvalFiles.Name::step).ifPresent(steps::add);
        }
      } catch (IOException e) {
        throw new StepIndexException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    return steps;
  }

  /** One panel per model, one line per shown step, a step's colour the same in every panel. */
  static JFreeChart panelChart(
      String title, String xLabel, Map<String, Map<Long, List<double[]>>> byModel) {
    List<Long> steps =
        byModel.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
    List<Long> shown = StudyCheckpoints.toShow(steps);
    List<Charts.Panel> panels = new ArrayList<>();
    char letter = 'a';
    for (Map.Entry<String, Map<Long, List<double[]>>> model : byModel.entrySet()) {
      Map<Long, List<double[]>> bySteps = new TreeMap<>(model.getValue());
      bySteps.keySet().retainAll(shown);
      panels.add(
          new Charts.Panel(
              "(" + letter++ + ") " + model.getKey() + ", " + xLabel, stepSeries(bySteps)));
    }
    List<String> legend = shown.stream().map(s -> "step " + s).toList();
    return Charts.panels(title, "accuracy", panels, legend, true);
  }

  private static List<Charts.Series> stepSeries(Map<Long, List<double[]>> bySteps) {
    List<Charts.Series> series = new ArrayList<>();
    bySteps.forEach((step, points) -> series.add(series("step " + step, points)));
    return series;
  }

  static Charts.Series series(String name, List<double[]> points) {
    List<double[]> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(p -> p[0]));
    return new Charts.Series(
        name,
        sorted.stream().mapToDouble(p -> p[0]).toArray(),
        sorted.stream().mapToDouble(p -> p[1]).toArray());
  }

  static void addFigure(HtmlPage page, OutputDir out, Figure figure) {
    byte[] png = figure.png();
    String pngFile = FIGURES + figure.name() + ".png";
    String svgFile = FIGURES + figure.name() + ".svg";
    out.write(pngFile, png);
    out.write(svgFile, figure.svg());
    page.figure(figure, png, pngFile, svgFile);
  }

  /** A file-name-safe form of a label. */
  static String slug(String label) {
    String s = label.replaceAll("[^A-Za-z0-9._-]+", "_");
    return s.isEmpty() ? "_" : s;
  }
}
