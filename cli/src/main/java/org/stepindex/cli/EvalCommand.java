package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.stepindex.eval.tasks.ArithmeticOptions;
import org.stepindex.eval.tasks.ArithmeticTask;
import org.stepindex.eval.tasks.ArithmeticTemplate;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.EvalTask;
import org.stepindex.eval.tasks.IntRange;
import org.stepindex.eval.tasks.Operation;
import org.stepindex.eval.tasks.ProgressListener;
import org.stepindex.eval.tasks.RunSummary;
import org.stepindex.eval.tasks.ShotCounts;
import org.stepindex.eval.tasks.TriviaQaOptions;
import org.stepindex.eval.tasks.TriviaQaReader;
import org.stepindex.eval.tasks.TriviaQaTask;
import org.stepindex.eval.tasks.TriviaTemplate;
import org.stepindex.indexer.StepIndexException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex eval}: few-shot evaluation of one or several checkpoints. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate checkpoints few-shot, greedily (until a newline, at most --max-new-tokens).",
      "",
      "arithmetic: 'Q:What is {x1} plus {x2}? A:' (template pythia) or 'Q: What is {x1} plus {x2}?\\nA:' (razeghi),"
          + " k shots joined with a blank line, drawn with --seed from other x1 values; correct iff the first"
          + " \\d{1,5} of the output is the answer (the Pythia scorer).",
      "triviaqa: official TriviaQA JSON or JSONL; 'Q:{question} A:' (pythia) or 'Question: {question}?\\nAnswer:'"
          + " (lm-eval); exact match after SQuAD normalization against any alias.",
      "",
      "Writes <task>-step<N>.jsonl (one line per instance) and <task>-step<N>.summary.json per checkpoint into --out;"
          + " the step is read from a directory named stepN, or given with --step.",
    },
    footer = {
      "",
      "Examples:",
      "  stepindex eval --task arithmetic --model pythia-1b/step143000 --out results/",
      "  stepindex eval --task triviaqa --data verified-web-dev.json --checkpoints pythia-1b/step* --out results/",
    })
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--task", required = true, description = "arithmetic or triviaqa.")
  String task;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Models models;

  static final class Models {
    @Option(names = "--model", paramLabel = "DIR", description = "One checkpoint directory.")
    Path model;

    @Option(names = "--checkpoints", arity = "1..*", paramLabel = "DIR", description = "Several checkpoint directories (e.g. DIR/step*), evaluated in step order, one loaded at a time.")
    List<Path> checkpoints;
  }

  @Mixin ModelOptions modelOptions;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--step", paramLabel = "N", description = "The checkpoint's training step, when its directory is not named stepN (only with --model).")
  Long step;

  @Option(names = "--shots", paramLabel = "K,K", description = "Shot counts (default: 0,2,4,8,16 for arithmetic, 4 for triviaqa).")
  String shots;

  @Option(names = "--template", description = "arithmetic: pythia or razeghi; triviaqa: pythia or lm-eval (default: pythia).")
  String template;

  @Option(names = "--seed", defaultValue = "1234", description = "Seed for drawing shots (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-new-tokens", defaultValue = "16", paramLabel = "N", description = "Generation limit (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(names = "--ops", defaultValue = "plus,times", description = "arithmetic: plus, times, minus (default: ${DEFAULT-VALUE}).")
  String ops;

  @Option(names = "--x1", defaultValue = "0-99", paramLabel = "A-B", description = "arithmetic: first operand range (default: ${DEFAULT-VALUE}).")
  String x1;

  @Option(names = "--x2", defaultValue = "1-50", paramLabel = "A-B", description = "arithmetic: second operand range (default: ${DEFAULT-VALUE}).")
  String x2;

  @Option(names = "--data", paramLabel = "FILE", description = "triviaqa: questions (official JSON or JSONL).")
  Path data;

  @Option(names = "--shots-file", paramLabel = "FILE", description = "triviaqa: where shots come from (default: other questions of --data).")
  Path shotsFile;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "triviaqa: only the first N questions (0: all).")
  int limit;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    EvalTask evalTask = task();
    List<Checkpoint> checkpoints = checkpoints();
    AtomicLong done = new AtomicLong();
    AtomicLong total = new AtomicLong();
    AtomicReference<String> current = new AtomicReference<>("");
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void progress(long d, long t) {
            done.set(d);
            total.set(t);
          }

          @Override
          public void checkpointStarted(Checkpoint checkpoint, int index, int count) {
            current.set("checkpoint " + (index + 1) + "/" + count + " (" + checkpoint.dir().getFileName() + ")");
          }
        };
    EvalRunner runner = new EvalRunner(modelOptions::open, modelOptions.batchSize, listener);
    List<RunSummary> summaries;
    try (ProgressBar bar =
        ProgressBar.start(
            () -> new ProgressBar.Status(total.get() == 0 ? 0 : (double) done.get() / total.get(),
                String.format(Locale.ROOT, "%s %,d/%,d prompts", current.get(), done.get(), total.get())),
            quiet)) {
      summaries = runner.run(evalTask, checkpoints, out);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "%-40s %8s %7s %9s  %s%n", "model", "step", "n", "accuracy", "by k");
    for (RunSummary s : summaries) {
      w.printf(Locale.ROOT, "%-40s %8s %7d %9.4f  %s%n", s.model(), s.step() == null ? "?" : s.step(), s.n(),
          s.accuracy(), s.byK());
    }
    w.println("results in " + out.toAbsolutePath());
    return 0;
  }

  private List<Checkpoint> checkpoints() {
    if (models.model != null) {
      return List.of(step != null ? new Checkpoint(models.model, step) : Checkpoint.of(models.model));
    }
    if (step != null) {
      throw new StepIndexException("--step goes with --model; with --checkpoints the steps come from the names stepN");
    }
    List<Checkpoint> list = new ArrayList<>(models.checkpoints.stream().map(Checkpoint::of).toList());
    list.sort(Comparator.comparing(c -> c.step() == null ? Long.MAX_VALUE : c.step()));
    return list;
  }

  private EvalTask task() throws IOException {
    return switch (task) {
      case "arithmetic" -> new ArithmeticTask(new ArithmeticOptions(Operation.parseList(ops), IntRange.parse(x1),
          IntRange.parse(x2), shots == null ? ShotCounts.PYTHIA_ARITHMETIC : ShotCounts.parse(shots),
          ArithmeticTemplate.parse(template == null ? "pythia" : template), seed, maxNewTokens));
      case "triviaqa" -> {
        if (data == null) {
          throw new StepIndexException("--task triviaqa needs --data FILE (TriviaQA JSON or JSONL)");
        }
        TriviaQaOptions options = new TriviaQaOptions(shots == null ? TriviaQaOptions.DEFAULT_SHOTS : ShotCounts.parse(shots),
            TriviaTemplate.parse(template == null ? "pythia" : template), seed, maxNewTokens, limit);
        yield new TriviaQaTask(TriviaQaReader.read(data), shotsFile == null ? null : TriviaQaReader.read(shotsFile), options);
      }
      default -> throw new StepIndexException("--task must be arithmetic or triviaqa, got '" + task + "'");
    };
  }
}
