package org.stepindex.eval.correlate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stepindex.eval.tasks.Operation;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.Json;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;

/**
 * "At checkpoint stepN, is the model better on the operands it has seen more often?" (Pythia paper
 * §3.3, after Razeghi et al. 2022).
 *
 * <p>For each (model, step, k, op) group of arithmetic instances, and each first operand {@code x1}
 * in it: the accuracy over all second operands {@code x2} asked (for a time-unit conversion, its
 * copies), joined with the frequency of {@code x1} (of the study's key {@code "x1-unit"} for a
 * conversion in {@code pythia-numbers}) in the sequences that checkpoint {@code stepN} has seen
 * (steps {@code [0, N)}), in the chosen view, as occurrences or as sequences ({@link Measure}). Per
 * group: Spearman's ρ between frequency and accuracy over the operands ({@link Spearman}) and the
 * performance gap Δ ({@link PerformanceGap}).
 *
 * <p>Counting is batched: one {@link FrequencyIndex#timeline} per distinct operand over all
 * distinct steps, so the index is walked once per operand however many checkpoints, models and k
 * there are.
 */
public final class ArithmeticCorrelation {
  /** Per-operand rows. */
  public static final String ITEMS_FILE = "arithmetic-frequency.csv";

  /** Accuracy per operand-count bin ({@link OperandBins}), the study's figures. */
  public static final String BINS_FILE = "arithmetic-bins.csv";

  /**
   * Columns of {@link #BINS_FILE}: {@code low} exclusive, {@code high} inclusive, {@code label}
   * where it is drawn.
   */
  public static final List<String> BIN_COLUMNS =
      List.of("model", "step", "k", "op", "bin", "label", "low", "high", "operands", "accuracy");

  /** Per-group statistics, as CSV. */
  public static final String SUMMARY_CSV = "arithmetic-summary.csv";

  /** Per-group statistics, as JSON. */
  public static final String SUMMARY_JSON = "arithmetic-summary.json";

  /** Columns of {@link #ITEMS_FILE}. */
  public static final List<String> ITEM_COLUMNS =
      List.of("model", "step", "k", "op", "x1", "frequency", "accuracy", "n");

  /** Columns of {@link #SUMMARY_CSV}. */
  public static final List<String> SUMMARY_COLUMNS =
      List.of("model", "step", "k", "op", "operands", "spearman", "delta");

  private ArithmeticCorrelation() {}

  /**
   * How to count operands.
   *
   * @param view {@code pythia-numbers} (the default), {@code text} or {@code tokens}; see {@link
   *     OperandQueries}
   * @param measure occurrences (the default) or sequences
   * @param tokenizer the tokenizer.json for the {@code tokens} view, or null for the one the
   *     manifest names
   */
  public record Options(String view, Measure measure, Path tokenizer) {
    /** The defaults: the {@code pythia-numbers} view, occurrences. */
    public static Options defaults() {
      return new Options("pythia-numbers", Measure.OCCURRENCES, null);
    }
  }

  /**
   * One operand in one group.
   *
   * @param model the model
   * @param step the checkpoint step
   * @param k few-shot examples
   * @param op the operation
   * @param x1 the first operand
   * @param frequency its frequency in steps {@code [0, step)}
   * @param accuracy the fraction of its instances answered correctly
   * @param n its instances (second operands asked)
   */
  public record Item(
      String model, long step, int k, String op, long x1, long frequency, double accuracy, int n) {}

  /**
   * The statistics of one group.
   *
   * @param model the model
   * @param step the checkpoint step
   * @param k few-shot examples
   * @param op the operation
   * @param operands distinct first operands in the group
   * @param spearman ρ between frequency and accuracy over the operands; NaN when undefined
   * @param delta Δ in percentage points; NaN for fewer than two operands
   */
  public record Summary(
      String model, long step, int k, String op, int operands, double spearman, double delta) {}

  /**
   * The operands of one group whose frequency falls in one {@link OperandBins} bin.
   *
   * @param model the model
   * @param step the checkpoint step
   * @param k few-shot examples
   * @param op the operation
   * @param bin the bin
   * @param operands how many operands fall in it
   * @param accuracy the mean of their accuracies, as the study's figure averages its points
   */
  public record Bin(
      String model, long step, int k, String op, int bin, int operands, double accuracy) {}

  /**
   * The join.
   *
   * @param items the per-operand rows, ordered by model, step, k, op, x1
   * @param summaries the per-group statistics, in the same order
   * @param bins the non-empty bins of each group, in the same order, then by bin; operands outside
   *     every bin are in no bin
   */
  public record Result(List<Item> items, List<Summary> summaries, List<Bin> bins) {
    public Result {
      items = List.copyOf(items);
      summaries = List.copyOf(summaries);
      bins = List.copyOf(bins);
    }
  }

  /**
   * What is counted for an operand: the number, or for a time-unit conversion the number and its
   * unit.
   */
  private record Operand(long x1, String unit) {}

  /** The time unit of a conversion task's operation ({@code min-sec} → {@code minute}), or null. */
  private static String unit(String op) {
    for (Operation o : Operation.values()) {
      if (o.word().equals(op) && !o.binary()) {
        return o.unit();
      }
    }
    return null;
  }

  /** A group of instances. */
  private record Group(String model, long step, int k, String op) {}

  private static final Comparator<Group> GROUP_ORDER =
      Comparator.comparing(Group::model)
          .thenComparingLong(Group::step)
          .thenComparingInt(Group::k)
          .thenComparing(Group::op);

  /**
   * Joins the instances with operand frequencies from {@code index}.
   *
   * @throws org.stepindex.indexer.base.StepIndexException when a step is not indexed or the view is
   *     missing
   */
  public static Result run(
      FrequencyIndex index, List<EvalInstances.Arithmetic> instances, Options options) {
    long[] steps =
        instances.stream().mapToLong(EvalInstances.Arithmetic::step).distinct().sorted().toArray();
    Map<Operand, Map<Long, Long>> frequency = new HashMap<>(); // operand → step → frequency
    try (OperandQueries queries = OperandQueries.open(index, options.view(), options.tokenizer())) {
      for (EvalInstances.Arithmetic a : instances) {
        Operand operand = new Operand(a.x1(), unit(a.op()));
        if (!frequency.containsKey(operand)) {
          Count[] timeline = index.timeline(queries.query(operand.x1(), operand.unit()), steps);
          Map<Long, Long> byStep = new HashMap<>();
          for (int i = 0; i < steps.length; i++) {
            byStep.put(steps[i], options.measure().of(timeline[i]));
          }
          frequency.put(operand, byStep);
        }
      }
    }

    Map<Group, TreeMap<Long, int[]>> groups = new TreeMap<>(GROUP_ORDER); // x1 → {correct, total}
    for (EvalInstances.Arithmetic a : instances) {
      int[] tally =
          groups
              .computeIfAbsent(new Group(a.model(), a.step(), a.k(), a.op()), g -> new TreeMap<>())
              .computeIfAbsent(a.x1(), x -> new int[2]);
      tally[0] += a.correct() ? 1 : 0;
      tally[1]++;
    }

    List<Item> items = new ArrayList<>();
    List<Summary> summaries = new ArrayList<>();
    for (Map.Entry<Group, TreeMap<Long, int[]>> entry : groups.entrySet()) {
      Group g = entry.getKey();
      List<PerformanceGap.Item> gapItems = new ArrayList<>();
      for (Map.Entry<Long, int[]> operand : entry.getValue().entrySet()) {
        long x1 = operand.getKey();
        int[] tally = operand.getValue();
        double accuracy = (double) tally[0] / tally[1];
        long f = frequency.get(new Operand(x1, unit(g.op()))).get(g.step());
        items.add(new Item(g.model(), g.step(), g.k(), g.op(), x1, f, accuracy, tally[1]));
        gapItems.add(new PerformanceGap.Item(x1, f, accuracy));
      }
      double[] f = gapItems.stream().mapToDouble(PerformanceGap.Item::frequency).toArray();
      double[] acc = gapItems.stream().mapToDouble(PerformanceGap.Item::accuracy).toArray();
      summaries.add(
          new Summary(
              g.model(),
              g.step(),
              g.k(),
              g.op(),
              gapItems.size(),
              Spearman.rho(f, acc),
              PerformanceGap.delta(gapItems)));
    }
    return new Result(items, summaries, bins(items));
  }

  /**
   * The study's binned figure's points: per group of {@code items}, the mean accuracy of the
   * operands whose frequency falls in each {@link OperandBins} bin; an operand in no bin is left
   * out.
   *
   * @param items per-operand rows ordered by group, as {@link Result#items()}
   * @return the non-empty bins, by group, then bin
   */
  public static List<Bin> bins(List<Item> items) {
    Map<Group, double[][]> tallies =
        new TreeMap<>(GROUP_ORDER); // bin → {sum of accuracies, operands}
    for (Item i : items) {
      double[][] tally =
          tallies.computeIfAbsent(
              new Group(i.model(), i.step(), i.k(), i.op()), g -> new double[OperandBins.COUNT][2]);
      int bin = OperandBins.of(i.frequency());
      if (bin >= 0) {
        tally[bin][0] += i.accuracy();
        tally[bin][1]++;
      }
    }
    List<Bin> bins = new ArrayList<>();
    tallies.forEach(
        (g, tally) -> {
          for (int bin = 0; bin < OperandBins.COUNT; bin++) {
            if (tally[bin][1] > 0) {
              bins.add(
                  new Bin(
                      g.model(),
                      g.step(),
                      g.k(),
                      g.op(),
                      bin,
                      (int) tally[bin][1],
                      tally[bin][0] / tally[bin][1]));
            }
          }
        });
    return bins;
  }

  /** The per-operand rows as a table with {@link #ITEM_COLUMNS}. */
  public static Csv.Table itemTable(List<Item> items) {
    List<List<String>> rows = new ArrayList<>();
    for (Item i : items) {
      rows.add(
          List.of(
              i.model(),
              Long.toString(i.step()),
              Integer.toString(i.k()),
              i.op(),
              Long.toString(i.x1()),
              Long.toString(i.frequency()),
              Csv.number(i.accuracy()),
              Integer.toString(i.n())));
    }
    return new Csv.Table(ITEM_COLUMNS, rows);
  }

  /** The bins as a table with {@link #BIN_COLUMNS}. */
  public static Csv.Table binTable(List<Bin> bins) {
    List<List<String>> rows = new ArrayList<>();
    for (Bin b : bins) {
      rows.add(
          List.of(
              b.model(),
              Long.toString(b.step()),
              Integer.toString(b.k()),
              b.op(),
              Integer.toString(b.bin()),
              Long.toString(OperandBins.label(b.bin())),
              Csv.number(OperandBins.low(b.bin())),
              Csv.number(OperandBins.high(b.bin())),
              Integer.toString(b.operands()),
              Csv.number(b.accuracy())));
    }
    return new Csv.Table(BIN_COLUMNS, rows);
  }

  /**
   * The per-group statistics as a table with {@link #SUMMARY_COLUMNS}; an undefined statistic is an
   * empty cell.
   */
  public static Csv.Table summaryTable(List<Summary> summaries) {
    List<List<String>> rows = new ArrayList<>();
    for (Summary s : summaries) {
      rows.add(
          List.of(
              s.model(),
              Long.toString(s.step()),
              Integer.toString(s.k()),
              s.op(),
              Integer.toString(s.operands()),
              Csv.number(s.spearman()),
              Csv.number(s.delta())));
    }
    return new Csv.Table(SUMMARY_COLUMNS, rows);
  }

  /**
   * The per-group statistics as JSON: {@code {"view":…, "measure":…, "groups":[{model, step, k, op,
   * operands, spearman, delta}, …]}}, an undefined statistic as {@code null}.
   */
  public static String summaryJson(Result result, Options options) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("view", options.view());
    root.put("measure", options.measure().label());
    ArrayNode groups = root.putArray("groups");
    for (Summary s : result.summaries()) {
      ObjectNode g = groups.addObject();
      g.put("model", s.model());
      g.put("step", s.step());
      g.put("k", s.k());
      g.put("op", s.op());
      g.put("operands", s.operands());
      putNumber(g, "spearman", s.spearman());
      putNumber(g, "delta", s.delta());
    }
    try {
      return Json.pretty().writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@link #ITEMS_FILE}, {@link #SUMMARY_CSV}, {@link #SUMMARY_JSON} and {@link #BINS_FILE}
   * into {@code dir}, all or none.
   *
   * @return the files written
   */
  public static List<Path> write(Result result, Options options, Path dir) {
    try (OutputDir out = OutputDir.open(dir)) {
      out.write(ITEMS_FILE, itemTable(result.items()));
      out.write(SUMMARY_CSV, summaryTable(result.summaries()));
      out.write(SUMMARY_JSON, summaryJson(result, options));
      out.write(BINS_FILE, binTable(result.bins()));
      return out.commit();
    }
  }

  private static void putNumber(ObjectNode node, String field, double value) {
    if (Double.isNaN(value)) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
