package org.stepindex.eval.registry;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.stepindex.eval.correlate.ArithmeticCorrelation;
import org.stepindex.eval.correlate.EvalInstances;
import org.stepindex.eval.correlate.Measure;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.eval.tasks.ArithmeticOptions;
import org.stepindex.eval.tasks.ArithmeticTask;
import org.stepindex.eval.tasks.ArithmeticTemplate;
import org.stepindex.eval.tasks.EvalTask;
import org.stepindex.eval.tasks.IntRange;
import org.stepindex.eval.tasks.Operation;
import org.stepindex.eval.tasks.ShotCounts;
import org.stepindex.query.FrequencyIndex;

/**
 * Few-shot arithmetic ({@link ArithmeticTask}), correlated per first operand ({@link
 * ArithmeticCorrelation}).
 */
final class ArithmeticDefinition extends FewShotDefinition {
  @Override
  public String name() {
    return ArithmeticTask.NAME;
  }

  @Override
  public String help() {
    return "arithmetic: 'Q:What is {x1} plus {x2}? A:' and the answer with no space (template pythia) or"
        + " 'Q: What is {x1} plus {x2}?\\nA:' and ' answer' (razeghi), k shots joined with a blank line. Shots are"
        + " the Pythia study's own (lm-evaluation-harness v0.3 with Python's random seeded 42, from every other x1 in"
        + " 0..99 and x2 in 1..50), or with --seed N this tool's draws from the evaluated ranges. --ops adds the"
        + " study's operation inference (infer-plus, infer-times: 'Q:What is {x1} # {x2}? A:') and time-unit"
        + " conversions (min-sec, hour-min, day-hour, week-day, month-week, year-month, decade-year:"
        + " 'Q:What is {x} minutes in seconds? A:', ten copies per x). Correct iff the first \\d{1,5} of the output"
        + " is the answer (the Pythia scorer).";
  }

  @Override
  EvalTask task(EvalOptions o) {
    return new ArithmeticTask(
        new ArithmeticOptions(
            Operation.parseList(o.ops()),
            IntRange.parse(o.x1()),
            IntRange.parse(o.x2()),
            o.shots() == null ? ShotCounts.PYTHIA_ARITHMETIC : ShotCounts.parse(o.shots()),
            ArithmeticTemplate.parse(o.template() == null ? "pythia" : o.template()),
            o.seed(),
            o.maxNewTokens()));
  }

  @Override
  public Optional<Correlation> correlation() {
    return Optional.of(new OperandFrequency());
  }

  /** Accuracy per first operand against its frequency at each checkpoint; Spearman's ρ and Δ. */
  private static final class OperandFrequency implements Correlation {
    @Override
    public void run(Path indexDir, Path eval, CorrelateOptions o, Path out, PrintWriter w) {
      ArithmeticCorrelation.Options options =
          new ArithmeticCorrelation.Options(o.view(), Measure.parse(o.measure()), o.tokenizer());
      List<EvalInstances.Arithmetic> instances =
          EvalInstances.arithmetic(EvalInstances.files(eval, EvalInstances.ARITHMETIC));
      try (FrequencyIndex index = FrequencyIndex.open(indexDir)) {
        ArithmeticCorrelation.Result result = ArithmeticCorrelation.run(index, instances, options);
        List<Path> written = ArithmeticCorrelation.write(result, options, out);
        w.printf(
            Locale.ROOT,
            "%-24s %8s %3s %6s %9s %9s %8s%n",
            "model",
            "step",
            "k",
            "op",
            "operands",
            "spearman",
            "delta");
        for (ArithmeticCorrelation.Summary s : result.summaries()) {
          w.printf(
              Locale.ROOT,
              "%-24s %8d %3d %6s %9d %9s %8s%n",
              s.model(),
              s.step(),
              s.k(),
              s.op(),
              s.operands(),
              SummaryLines.number(s.spearman(), "%.3f"),
              SummaryLines.number(s.delta(), "%.1f"));
        }
        written.forEach(p -> w.println("wrote " + p));
      }
    }

    @Override
    public ReportSection reportSection() {
      return ReportSection.ARITHMETIC_FREQUENCY;
    }
  }
}
