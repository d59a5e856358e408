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
import java.util.function.Supplier;
import org.stepindex.eval.registry.EvalOptions;
import org.stepindex.eval.registry.EvalTasks;
import org.stepindex.eval.registry.TaskDefinition;
import org.stepindex.eval.registry.TaskRun;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.ProgressListener;
import org.stepindex.indexer.base.StepIndexException;
import picocli.CommandLine;
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
    modelTransformer = EvalCommand.TaskHelp.class,
    description = {
      "Evaluate checkpoints few-shot, greedily (until a newline, at most --max-new-tokens).",
      "",
      "Writes <task>-step<N>.jsonl (one line per instance) and <task>-step<N>.summary.json per checkpoint into --out;"
          + " the step is read from a directory named stepN, or given with --step.",
    },
    footer = {
      "",
      "Examples:",
      "  stepindex eval --task arithmetic --model pythia-1b/step143000 --out results/",
      "  stepindex eval --task triviaqa --data verified-web-dev.json --checkpoints pythia-1b/step* --out results/",
      "  stepindex eval --task crows-pairs --data crows_pairs_anonymized.csv --bias-type gender --checkpoints run/step* --out results/",
      "  stepindex eval --task winobias --data WinoBias/wino/data --model pythia-1b/step143000 --out results/",
      "  stepindex eval --task memorization --data pile/document --steps 0:100 --model pythia-1b/step143000 --out results/",
    })
final class EvalCommand implements Callable<Integer> {
  // The registry's names (EvalTasks.names(); EvalCommandHelpTest checks the two agree).
  @Option(
      names = "--task",
      required = true,
      description = "arithmetic, triviaqa, crows-pairs, winobias, memorization or ngram-agreement.")
  String task;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Models models;

  static final class Models {
    @Option(names = "--model", paramLabel = "DIR", description = "One checkpoint directory.")
    Path model;

    @Option(
        names = "--checkpoints",
        arity = "1..*",
        paramLabel = "DIR",
        description =
            "Several checkpoint directories (e.g. DIR/step*), evaluated in step order, one loaded at a time.")
    List<Path> checkpoints;
  }

  @Mixin ModelOptions modelOptions;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--step",
      paramLabel = "N",
      description =
          "The checkpoint's training step, when its directory is not named stepN (only with --model).")
  Long step;

  @Option(
      names = "--shots",
      paramLabel = "K,K",
      description = "Shot counts (default: 0,2,4,8,16 for arithmetic, 4 for triviaqa).")
  String shots;

  @Option(
      names = "--template",
      description =
          "arithmetic: pythia or razeghi; triviaqa: pythia or lm-eval; winobias: pythia (the study's two promptsource templates, generated answers, exact match) or likelihood (written pronoun against its other-gender form) (default: pythia).")
  String template;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Draw shots with this tool's seeded sampler instead of the study's (default: the study's shots, as lm-evaluation-harness v0.3 drew them).")
  Long seed;

  @Option(
      names = "--max-new-tokens",
      defaultValue = "16",
      paramLabel = "N",
      description = "Generation limit (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(
      names = "--ops",
      defaultValue = "plus,times",
      description =
          "arithmetic: plus, times, minus, infer-plus, infer-times, min-sec, hour-min, day-hour, week-day, month-week, year-month, decade-year (default: ${DEFAULT-VALUE}).")
  String ops;

  @Option(
      names = "--x1",
      defaultValue = "0-99",
      paramLabel = "A-B",
      description = "arithmetic: first operand range (default: ${DEFAULT-VALUE}).")
  String x1;

  @Option(
      names = "--x2",
      defaultValue = "1-50",
      paramLabel = "A-B",
      description = "arithmetic: second operand range (default: ${DEFAULT-VALUE}).")
  String x2;

  @Option(
      names = "--data",
      arity = "1..*",
      paramLabel = "PATH",
      description =
          "triviaqa: questions (official JSON or JSONL), several files read as one list in order (the study: train then validation, with --shots-file the train split); crows-pairs: the CSV; winobias: files or a directory; memorization: the training data (.bin/.idx prefix, .idx or directory).")
  List<Path> data;

  @Option(
      names = "--bias-type",
      split = ",",
      paramLabel = "TYPE",
      description =
          "crows-pairs: only these bias types, e.g. gender,race-color (prefix match, as lm-eval filters; default: all).")
  List<String> biasTypes = List.of();

  @Option(
      names = "--steps",
      paramLabel = "A:B",
      converter = Steps.Converter.class,
      description =
          "memorization: the training steps A to B-1, [A, B), whose sequences are tested.")
  Steps steps;

  @Option(
      names = "--train-batch-size",
      defaultValue = "1024",
      paramLabel = "N",
      description =
          "memorization: sequences per training step (default: ${DEFAULT-VALUE}, Pythia's; --batch-size is the generation batch).")
  int trainBatchSize;

  @Option(
      names = "--seq-length",
      defaultValue = "2049",
      paramLabel = "N",
      description = "memorization: tokens per training sequence (default: ${DEFAULT-VALUE}).")
  int seqLength;

  @Option(
      names = "--shots-file",
      paramLabel = "FILE",
      description = "triviaqa: where shots come from (default: other questions of --data).")
  Path shotsFile;

  @Option(
      names = "--limit",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "triviaqa: only N questions (0: all): the first N of the harness's shuffled order, or of the file with --seed.")
  int limit;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description =
          "ngram-agreement: the index of the training data (with"
              + " the tokens view), whose n-gram statistics at each checkpoint's step the model is set against."
              + " memorization: also count each sequence's exposures there (its 32-token continuation and its 64 tokens, by"
              + " the step it was trained at and by the checkpoint: four phrase counts a sequence, each growing with how"
              + " often its rarest token occurs; a window of one frequent token repeated, such as a run of spaces in code,"
              + " costs seconds on a large index the first time) and bin the memorized share by them.")
  Path index;

  @Option(
      names = "--contexts",
      paramLabel = "FILE",
      description =
          "ngram-agreement: token contexts, one a line: ids"
              + " ('805 1249 318') or a text. A context seen often costs what next costs: one read of each sequence holding it.")
  Path contexts;

  @Option(
      names = "--sample",
      paramLabel = "N",
      description =
          "ngram-agreement: draw N contexts of "
              + "8 tokens from the data each checkpoint had seen, with --seed (default 0), instead of --contexts.")
  Integer sample;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  boolean quiet;

  @Spec CommandSpec spec;

  /** Brings each registered task's paragraph into the help, after the introduction. */
  static final class TaskHelp implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      List<String> lines = new ArrayList<>(List.of(command.usageMessage().description()));
      List<String> tasks = new ArrayList<>();
      EvalTasks.all().forEach(t -> tasks.add(t.help().replace("%", "%%")));
      tasks.add("");
      lines.addAll(2, tasks);
      command.usageMessage().description(lines.toArray(String[]::new));
      return command;
    }
  }

  @Override
  public Integer call() throws IOException {
    TaskDefinition definition = EvalTasks.byName(task);
    TaskRun run = definition.prepare(options(), modelOptions::open);
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
            current.set(
                "checkpoint "
                    + (index + 1)
                    + "/"
                    + count
                    + " ("
                    + checkpoint.dir().getFileName()
                    + ")");
          }
        };
    String unit = definition.unit();
    List<Object> summaries;
    try (ProgressBar bar =
        ProgressBar.start(
            () ->
                new ProgressBar.Status(
                    total.get() == 0 ? 0 : (double) done.get() / total.get(),
                    String.format(
                        Locale.ROOT,
                        "%s %,d/%,d %s",
                        current.get(),
                        done.get(),
                        total.get(),
                        unit)),
            quiet)) {
      summaries = run.run(listener, checkpoints, out);
    }
    PrintWriter w = spec.commandLine().getOut();
    if (!summaries.isEmpty() && definition.summaryHeader() != null) {
      w.println(definition.summaryHeader());
    }
    summaries.forEach(s -> w.println(definition.summaryLine(s)));
    w.println("results in " + out.toAbsolutePath());
    return 0;
  }

  /** The options' values, for the task to read those it takes. */
  private EvalOptions options() {
    Supplier<long[]> range =
        steps == null
            ? null
            : () -> {
              StepRange r = steps.range().requireBoth(steps.text());
              return new long[] {r.from(), r.to()};
            };
    return new EvalOptions(
        data,
        template,
        shots,
        seed,
        maxNewTokens,
        ops,
        x1,
        x2,
        biasTypes,
        range,
        trainBatchSize,
        seqLength,
        shotsFile,
        limit,
        modelOptions.batchSize,
        index,
        contexts,
        sample);
  }

  private List<Checkpoint> checkpoints() {
    if (models.model != null) {
      return List.of(
          step != null ? new Checkpoint(models.model, step) : Checkpoint.of(models.model));
    }
    if (step != null) {
      throw new StepIndexException(
          "--step goes with --model; with --checkpoints the steps come from the names stepN");
    }
    List<Checkpoint> list =
        new ArrayList<>(models.checkpoints.stream().map(Checkpoint::of).toList());
    list.sort(Comparator.comparing(c -> c.step() == null ? Long.MAX_VALUE : c.step()));
    return list;
  }
}
