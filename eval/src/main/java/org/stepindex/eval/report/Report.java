package org.stepindex.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.stepindex.eval.correlate.ArithmeticCorrelation;
import org.stepindex.eval.correlate.Csv;
import org.stepindex.eval.correlate.LogBins;
import org.stepindex.eval.correlate.ModelNames;
import org.stepindex.eval.correlate.OperandBins;
import org.stepindex.eval.correlate.OutputDir;
import org.stepindex.eval.correlate.StudyCheckpoints;
import org.stepindex.eval.correlate.TermTimelines;
import org.stepindex.eval.correlate.TriviaCorrelation;
import org.stepindex.eval.model.CheckpointNames;
import org.stepindex.eval.tasks.EvalFiles;
import org.stepindex.indexer.StepIndexException;

/**
 * Builds the report of an analysis from the files the eval tasks and the correlate step wrote.
 *
 * <p>Reads, each when present: from the correlate directory {@value ArithmeticCorrelation#ITEMS_FILE},
 * {@value ArithmeticCorrelation#SUMMARY_CSV}, {@value TriviaCorrelation#BINS_FILE} and {@value TermTimelines#FILE};
 * from the eval directory the {@code *.summary.json} files. Writes into the output directory, all at once through
 * {@link OutputDir}:
 *
 * <ul>
 *   <li>{@value #HTML}: one self-contained page, figures embedded as base64 PNG, tables inline;
 *   <li>{@code figures/NAME.png} and {@code figures/NAME.svg} for every figure;
 *   <li>the tables as CSV: the inputs copied, {@value #DELTA_TABLE} and {@value #SPEARMAN_TABLE} (model × op × k rows,
 *       one column per checkpoint), {@value #EVAL_TABLE}.
 * </ul>
 *
 * <p>With named runs (or the eval directory alone) it adds the bias section ({@link BiasSection}: CrowS-Pairs and
 * WinoBias per checkpoint, a line per run) and the memorization section ({@link MemorizationSection}: Poisson fit,
 * Q-Q figure and per-slice counts over training).
 *
 * <p>Figures follow the Pythia study's: one panel per model, one colour per checkpoint (only the study's shown
 * checkpoints, {@link StudyCheckpoints#SHOWN}, when the data has them all). Arithmetic, per op × k: accuracy per
 * operand against its frequency + 1 on a log axis (the shift keeps operands never seen on the plot), and the study's
 * binned figure ({@code term_frequency.py}: mean accuracy of the operands per {@link OperandBins} bin, drawn at the
 * bin's label); TriviaQA, per k: accuracy per {@link LogBins} bin drawn at its lower edge × √10, as
 * {@code trivia_qa_term_freq.py}; cumulative counts of the chosen terms against the step on a log axis (step 0 is left
 * out: nothing has been seen there, and log 0 is undefined).
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
   * @param runs eval output directories of named training runs (e.g. {@code original}, {@code intervened}), in
   *     legend order, for the bias and memorization sections (and the accuracy table when {@code evalDir} is null);
   *     when empty, {@code evalDir} is read for them as run
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

    /** The runs the bias and memorization sections read. */
    Map<String, Path> runsToRead() {
      return !runs.isEmpty() || evalDir == null ? runs : Map.of("eval", evalDir);
    }
  }

  /**
   * Writes the report into {@code outDir}.
   *
   * @return the files written, the HTML page first
   * @throws StepIndexException when no input is found or an input is malformed
   */
  public static List<Path> write(Inputs inputs, Path outDir) {
    System.setProperty("java.awt.headless", "true");
    HtmlPage page = new HtmlPage(inputs.title());
    try (OutputDir out = OutputDir.open(outDir)) {
      int sections = 0;
      List<Path> evalDirs = inputs.evalDir() != null ? List.of(inputs.evalDir()) : List.copyOf(inputs.runs().values());
      if (!evalDirs.isEmpty()) {
        sections += evalSection(evalDirs, page, out);
      }
      sections += BiasSection.write(inputs.runsToRead(), page, out);
      sections += MemorizationSection.write(inputs.runsToRead(), page, out);
      if (inputs.correlateDir() != null) {
        sections += arithmeticSection(inputs.correlateDir(), page, out);
        sections += triviaSection(inputs.correlateDir(), page, out);
        sections += timelineSection(inputs.correlateDir(), page, out);
      }
      if (sections == 0) {
        List<String> looked = new ArrayList<>();
        if (inputs.correlateDir() != null) {
          looked.add("no correlate results in " + inputs.correlateDir());
        }
        if (inputs.evalDir() != null) {
          looked.add("no *.summary.json in " + inputs.evalDir());
        }
        inputs.runs().forEach((name, dir) -> looked.add("no bias or memorization summary in " + dir));
        throw new StepIndexException("nothing to report: "
            + (looked.isEmpty() ? "give --correlate, --eval or --run" : String.join(", ", looked)));
      }
      out.write(HTML, page.html());
      List<Path> files = new ArrayList<>(out.commit());
      Path html = files.removeLast();
      files.addFirst(html);
      return files;
    }
  }

  /** The accuracy summaries of {@code --eval}, or else of every named run. */
  private static int evalSection(List<Path> evalDirs, HtmlPage page, OutputDir out) {
    List<Path> files = new ArrayList<>();
    for (Path evalDir : evalDirs) {
      try {
        files.addAll(EvalFiles.list(evalDir, null, EvalFiles.SUMMARY));
      } catch (IOException e) {
        throw new StepIndexException("cannot list " + evalDir + ": " + e.getMessage(), e);
      }
    }
    ObjectMapper json = new ObjectMapper();
    List<List<String>> rows = new ArrayList<>();
    for (Path file : files) {
      JsonNode s;
      try {
        s = json.readTree(file.toFile());
      } catch (IOException e) {
        throw new StepIndexException(file + " is not a readable eval summary: " + e.getMessage(), e);
      }
      if (!s.path("accuracy").isNumber()) {
        continue; // bias and memorization summaries have sections of their own
      }
      StringBuilder byK = new StringBuilder();
      if (s.has("byK")) {
        s.get("byK").properties().forEach(k -> byK.append(byK.isEmpty() ? "" : " ").append(k.getKey()).append('=')
            .append(Csv.number(k.getValue().asDouble())));
      }
      rows.add(
          List.of(s.path("task").asText(), CheckpointNames.modelLabel(s.path("model").asText()),
              s.path("step").isNumber() ? s.get("step").asText() : "", s.path("n").asText(),
              Csv.number(s.path("accuracy").asDouble(Double.NaN)), byK.toString()));
    }
    if (rows.isEmpty()) {
      return 0;
    }
    // Task, model, then step as a number: file names sort step128 before step16.
    rows.sort(Comparator.<List<String>, String>comparing(r -> r.get(0)).thenComparing(r -> r.get(1))
        .thenComparingLong(r -> r.get(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(r.get(2))));
    Csv.Table table = new Csv.Table(List.of("task", "model", "step", "n", "accuracy", "accuracy_by_k"), rows);
    out.write(EVAL_TABLE, table);
    page.heading("Eval accuracy per checkpoint").table(table, MAX_INLINE_ROWS, EVAL_TABLE);
    return 1;
  }

  private static int arithmeticSection(Path dir, HtmlPage page, OutputDir out) {
    Path items = dir.resolve(ArithmeticCorrelation.ITEMS_FILE);
    Path summary = dir.resolve(ArithmeticCorrelation.SUMMARY_CSV);
    if (!Files.isRegularFile(items) || !Files.isRegularFile(summary)) {
      return 0;
    }
    Csv.Table itemTable = Csv.read(items);
    Csv.Table summaryTable = Csv.read(summary);
    page.heading("Arithmetic: accuracy against operand frequency")
        .paragraph(
            "Each point is one first operand x1: its accuracy over all x2 at a checkpoint, against how often x1"
                + " occurs in the training data seen up to that checkpoint's step. One panel per model, one colour"
                + " per step.");
    var groups = byOpModelStep(itemTable, r -> Double.parseDouble(r.get("frequency")) + 1);
    groups.forEach((g, byModel) -> addFigure(page, out, new Figure("arithmetic-k" + g.get(0) + "-" + slug(g.get(1)),
        "Arithmetic accuracy per operand against its frequency: " + g.get(1) + ", k=" + g.get(0),
        panelChart(g.get(1) + ", k=" + g.get(0), "operand frequency + 1", byModel))));
    Path binsFile = dir.resolve(ArithmeticCorrelation.BINS_FILE);
    if (Files.isRegularFile(binsFile)) {
      Csv.Table bins = Csv.read(binsFile);
      var binned = byOpModelStep(bins, r -> Double.parseDouble(r.get("label")));
      page.paragraph("The study's binned figure (term_frequency.py): operands binned by frequency into the 19"
          + " right-closed intervals of np.logspace(5, log10(2e8), 20), the mean accuracy of each bin drawn at its"
          + " lower edge; operands outside (10^5, 2e8] are in no bin.");
      binned.forEach((g, byModel) -> addFigure(page, out, new Figure(
          "arithmetic-bins-k" + g.get(0) + "-" + slug(g.get(1)),
          "Arithmetic accuracy per operand-frequency bin (the study's figure): " + g.get(1) + ", k=" + g.get(0),
          panelChart(g.get(1) + ", k=" + g.get(0) + ", binned", "operand frequency (bin lower edge)", byModel))));
      out.write(ArithmeticCorrelation.BINS_FILE, bins);
    }
    String delta = "Δ = (mean accuracy of the ⌈n/10⌉ most frequent operands − that of the ⌈n/10⌉ least frequent) × 100,"
        + " in percentage points (Pythia paper, Table 4: the 100 x1 ranked by count at the checkpoint, top 10 minus"
        + " bottom 10, at k = 0, 4, 16). Empty: fewer than two operands.";
    Csv.Table deltaTable = StepPivot.pivot(summaryTable, List.of("model", "op", "k"), "delta", v -> fixed(v, 1));
    Csv.Table rhoTable = StepPivot.pivot(summaryTable, List.of("model", "op", "k"), "spearman", v -> fixed(v, 3));
    page.heading("Performance gap Δ per checkpoint").paragraph(delta).table(deltaTable, MAX_INLINE_ROWS, DELTA_TABLE);
    page.heading("Spearman's ρ between operand frequency and accuracy")
        .paragraph("Average ranks for ties. Empty: undefined (fewer than two operands, or constant frequency or"
            + " accuracy).")
        .table(rhoTable, MAX_INLINE_ROWS, SPEARMAN_TABLE);
    out.write(DELTA_TABLE, deltaTable);
    out.write(SPEARMAN_TABLE, rhoTable);
    out.write(ArithmeticCorrelation.ITEMS_FILE, itemTable);
    out.write(ArithmeticCorrelation.SUMMARY_CSV, summaryTable);
    return 1;
  }

  private static int triviaSection(Path dir, HtmlPage page, OutputDir out) {
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
    groups.forEach((k, byModel) -> addFigure(page, out, new Figure("triviaqa-k" + k,
        "TriviaQA accuracy per relevant-sequence bin, k=" + k,
        panelChart("TriviaQA, k=" + k, "relevant sequences (bin lower edge × √10)", byModel))));
    page.table(bins, MAX_INLINE_ROWS, TriviaCorrelation.BINS_FILE);
    out.write(TriviaCorrelation.BINS_FILE, bins);
    Path pairs = dir.resolve(TriviaCorrelation.PAIRS_FILE);
    if (Files.isRegularFile(pairs)) {
      out.write(TriviaCorrelation.PAIRS_FILE, Csv.read(pairs));
    }
    return 1;
  }

  private static int timelineSection(Path dir, HtmlPage page, OutputDir out) {
    Path file = dir.resolve(TermTimelines.FILE);
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    Csv.Table table = Csv.read(file);
    Map<String, List<double[]>> byTerm = new TreeMap<>();
    for (Map<String, String> r : table.records()) {
      long step = Long.parseLong(r.get("step"));
      if (step > 0) {
        byTerm.computeIfAbsent(r.get("view") + ": " + r.get("term"), t -> new ArrayList<>())
            .add(new double[] {step, Double.parseDouble(r.get("occurrences"))});
      }
    }
    List<Charts.Series> series = new ArrayList<>();
    byTerm.forEach((term, points) -> series.add(series(term, points)));
    page.heading("Frequency timelines")
        .paragraph("Cumulative occurrences of each term in the sequences seen by each checkpoint.");
    addFigure(page, out, new Figure("term-timelines", "Cumulative occurrences by training step",
        Charts.logX("Term frequency over training", "training step (log scale)", "occurrences", series, true, false)));
    page.table(table, MAX_INLINE_ROWS, TermTimelines.FILE);
    out.write(TermTimelines.FILE, table);
    return 1;
  }

  /** The rows' (x, accuracy) points by (k, op), then model (smallest first), then step. */
  private static Map<List<String>, Map<String, Map<Long, List<double[]>>>> byOpModelStep(
      Csv.Table table, ToDoubleFunction<Map<String, String>> x) {
    Map<List<String>, Map<String, Map<Long, List<double[]>>>> groups = new TreeMap<>(StepPivot::compareKeys);
    for (Map<String, String> r : table.records()) {
      groups
          .computeIfAbsent(List.of(r.get("k"), r.get("op")), g -> new TreeMap<>(ModelNames.BY_SIZE))
          .computeIfAbsent(r.get("model"), m -> new TreeMap<>())
          .computeIfAbsent(Long.parseLong(r.get("step")), s -> new ArrayList<>())
          .add(new double[] {x.applyAsDouble(r), Double.parseDouble(r.get("accuracy"))});
    }
    return groups;
  }

  /** One panel per model, one line per shown step, a step's colour the same in every panel. */
  private static JFreeChart panelChart(String title, String xLabel, Map<String, Map<Long, List<double[]>>> byModel) {
    List<Long> steps = byModel.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
    List<Long> shown = StudyCheckpoints.toShow(steps);
    List<Charts.Panel> panels = new ArrayList<>();
    char letter = 'a';
    for (Map.Entry<String, Map<Long, List<double[]>>> model : byModel.entrySet()) {
      Map<Long, List<double[]>> bySteps = new TreeMap<>(model.getValue());
      bySteps.keySet().retainAll(shown);
      panels.add(new Charts.Panel("(" + letter++ + ") " + model.getKey() + ", " + xLabel, stepSeries(bySteps)));
    }
    List<String> legend = shown.stream().map(s -> "step " + s).toList();
    return Charts.panels(title, "accuracy", panels, legend, true);
  }

  private static List<Charts.Series> stepSeries(Map<Long, List<double[]>> bySteps) {
    List<Charts.Series> series = new ArrayList<>();
    bySteps.forEach((step, points) -> series.add(series("step " + step, points)));
    return series;
  }

  private static Charts.Series series(String name, List<double[]> points) {
    List<double[]> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(p -> p[0]));
    return new Charts.Series(
        name, sorted.stream().mapToDouble(p -> p[0]).toArray(), sorted.stream().mapToDouble(p -> p[1]).toArray());
  }

  static void addFigure(HtmlPage page, OutputDir out, Figure figure) {
    byte[] png = figure.png();
    String pngFile = FIGURES + figure.name() + ".png";
    String svgFile = FIGURES + figure.name() + ".svg";
    out.write(pngFile, png);
    out.write(svgFile, figure.svg());
    page.figure(figure, png, pngFile, svgFile);
  }

  private static String fixed(String number, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", Double.parseDouble(number));
  }

  /** A file-name-safe form of a label. */
  static String slug(String label) {
    String s = label.replaceAll("[^A-Za-z0-9._-]+", "_");
    return s.isEmpty() ? "_" : s;
  }
}
