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
import org.stepindex.eval.bias.CrowsPairsReader;
import org.stepindex.eval.bias.CrowsPairsTask;
import org.stepindex.eval.bias.WinoBiasItem;
import org.stepindex.eval.bias.WinoBiasPrompts;
import org.stepindex.eval.bias.WinoBiasReader;
import org.stepindex.eval.bias.WinoBiasTask;
import org.stepindex.eval.memorization.MemorizationTask;
import org.stepindex.eval.tasks.ArithmeticOptions;
import org.stepindex.eval.tasks.ArithmeticTask;
import org.stepindex.eval.tasks.ArithmeticTemplate;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.CompletionTask;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.EvalTask;
import org.stepindex.eval.tasks.IdsGenerator;
import org.stepindex.eval.tasks.IntRange;
import org.stepindex.eval.tasks.ModelOpener;
import org.stepindex.eval.tasks.Operation;
import org.stepindex.eval.tasks.ProgressListener;
import org.stepindex.eval.tasks.RunSummary;
import org.stepindex.eval.tasks.ShotCounts;
import org.stepindex.eval.tasks.TextCompleter;
import org.stepindex.eval.tasks.TextScorer;
import org.stepindex.eval.tasks.TriviaQaOptions;
import org.stepindex.eval.tasks.TriviaQaReader;
import org.stepindex.eval.tasks.TriviaQaTask;
import org.stepindex.eval.tasks.TriviaQuestion;
import org.stepindex.eval.tasks.TriviaTemplate;
import org.stepindex.indexer.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;
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
      "arithmetic: 'Q:What is {x1} plus {x2}? A:' and the answer with no space (template pythia) or"
          + " 'Q: What is {x1} plus {x2}?\\nA:' and ' answer' (razeghi), k shots joined with a blank line. Shots are"
          + " the Pythia study's own (lm-evaluation-harness v0.3 with Python's random seeded 42, from every other x1 in"
          + " 0..99 and x2 in 1..50), or with --seed N this tool's draws from the evaluated ranges. --ops adds the"
          + " study's operation inference (infer-plus, infer-times: 'Q:What is {x1} # {x2}? A:') and time-unit"
          + " conversions (min-sec, hour-min, day-hour, week-day, month-week, year-month, decade-year:"
          + " 'Q:What is {x} minutes in seconds? A:', ten copies per x). Correct iff the first \\d{1,5} of the output"
          + " is the answer (the Pythia scorer).",
      "triviaqa: official TriviaQA JSON or JSONL; 'Q:{question} A:' (pythia) or 'Question: {question}?\\nAnswer:'"
          + " (lm-eval); pythia scores as the study's trivia_qa.py (normalize_answer, exact match against the aliases"
          + " left by _remove_prefixes), lm-eval against any alias; shots as the study's harness drew them unless"
          + " --seed.",
      "crows-pairs: crows_pairs_anonymized.csv; each sentence scored from <|endoftext|>; pct_stereotype = share of"
          + " pairs with ll(sent_more) > ll(sent_less), as lm-evaluation-harness's crows_pairs_english.",
      "winobias: WinoBias (pro|anti)_stereotyped_type(1|2).txt[.dev|.test] files or their directory (the study: the"
          + " .test files); template pythia asks each sentence through the two promptsource templates the study"
          + " averaged ('What does p stand for', 'refers_to'), greedy answer, exact match of its first words with the"
          + " referent; template likelihood scores the written [pronoun] against its other-gender form by"
          + " whole-sentence log-likelihood; accuracy pro, anti, pro - anti.",
      "memorization: (32, 32) extractability of the sequences of --steps A:B in --data (a Megatron .bin/.idx):"
          + " 32-token prompt, 32 greedy tokens, score = share reproduced; counts per 512-sequence slice, Poisson fit.",
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
  @Option(names = "--task", required = true, description = "arithmetic, triviaqa, crows-pairs, winobias or memorization.")
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

  @Option(names = "--template", description = "arithmetic: pythia or razeghi; triviaqa: pythia or lm-eval; winobias: pythia (the study's two promptsource templates, generated answers, exact match) or likelihood (written pronoun against its other-gender form) (default: pythia).")
  String template;

  @Option(names = "--seed", paramLabel = "N", description = "Draw shots with this tool's seeded sampler instead of the study's (default: the study's shots, as lm-evaluation-harness v0.3 drew them).")
  Long seed;

  @Option(names = "--max-new-tokens", defaultValue = "16", paramLabel = "N", description = "Generation limit (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(names = "--ops", defaultValue = "plus,times", description = "arithmetic: plus, times, minus, infer-plus, infer-times, min-sec, hour-min, day-hour, week-day, month-week, year-month, decade-year (default: ${DEFAULT-VALUE}).")
  String ops;

  @Option(names = "--x1", defaultValue = "0-99", paramLabel = "A-B", description = "arithmetic: first operand range (default: ${DEFAULT-VALUE}).")
  String x1;

  @Option(names = "--x2", defaultValue = "1-50", paramLabel = "A-B", description = "arithmetic: second operand range (default: ${DEFAULT-VALUE}).")
  String x2;

  @Option(names = "--data", arity = "1..*", paramLabel = "PATH", description = "triviaqa: questions (official JSON or JSONL), several files read as one list in order (the study: train then validation, with --shots-file the train split); crows-pairs: the CSV; winobias: files or a directory; memorization: the training data (.bin/.idx prefix, .idx or directory).")
  List<Path> data;

  @Option(names = "--bias-type", split = ",", paramLabel = "TYPE", description = "crows-pairs: only these bias types, e.g. gender,race-color (prefix match, as lm-eval filters; default: all).")
  List<String> biasTypes = List.of();

  @Option(names = "--steps", paramLabel = "A:B", description = "memorization: the training steps [A, B) whose sequences are tested.")
  String steps;

  @Option(names = "--train-batch-size", defaultValue = "1024", paramLabel = "N", description = "memorization: sequences per training step (default: ${DEFAULT-VALUE}, Pythia's; --batch-size is the generation batch).")
  int trainBatchSize;

  @Option(names = "--seq-length", defaultValue = "2049", paramLabel = "N", description = "memorization: tokens per training sequence (default: ${DEFAULT-VALUE}).")
  int seqLength;

  @Option(names = "--shots-file", paramLabel = "FILE", description = "triviaqa: where shots come from (default: other questions of --data).")
  Path shotsFile;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "triviaqa: only N questions (0: all): the first N of the harness's shuffled order, or of the file with --seed.")
  int limit;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Spec CommandSpec spec;

  /** A run prepared before any model loads, so that bad input fails first. */
  @FunctionalInterface
  private interface Work {
    List<?> run(ProgressListener listener, List<Checkpoint> checkpoints) throws IOException;
  }

  @Override
  public Integer call() throws IOException {
    Work work = work();
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
    String unit = switch (task) {
      case "crows-pairs" -> "pairs";
      case "winobias" -> "sentences";
      case "memorization" -> "sequences";
      default -> "prompts";
    };
    List<?> summaries;
    try (ProgressBar bar =
        ProgressBar.start(
            () -> new ProgressBar.Status(total.get() == 0 ? 0 : (double) done.get() / total.get(),
                String.format(Locale.ROOT, "%s %,d/%,d %s", current.get(), done.get(), total.get(), unit)),
            quiet)) {
      summaries = work.run(listener, checkpoints);
    }
    PrintWriter w = spec.commandLine().getOut();
    print(w, summaries);
    w.println("results in " + out.toAbsolutePath());
    return 0;
  }

  private Work work() throws IOException {
    ModelOpener<TextScorer> scorers = dir -> TextScorer.of(modelOptions.open(dir));
    return switch (task) {
      case "crows-pairs" -> {
        CrowsPairsTask t = new CrowsPairsTask(
            CrowsPairsReader.read(oneData("crows-pairs", "crows_pairs_anonymized.csv"), biasTypes));
        yield (listener, checkpoints) -> new EvalRunner(listener).run(t, scorers, checkpoints, out);
      }
      case "winobias" -> {
        List<WinoBiasItem> items = WinoBiasReader.read(needData("winobias", "WinoBias files or their directory"));
        String method = template == null ? WinoBiasPrompts.METHOD : template.strip().toLowerCase(Locale.ROOT);
        yield switch (method) {
          case WinoBiasPrompts.METHOD -> {
            WinoBiasPrompts t = new WinoBiasPrompts(items, maxNewTokens);
            ModelOpener<TextCompleter> completers = dir -> TextCompleter.of(modelOptions.open(dir));
            yield (listener, checkpoints) -> new EvalRunner(listener).run(t, completers, checkpoints, out);
          }
          case WinoBiasTask.METHOD -> {
            WinoBiasTask t = new WinoBiasTask(items);
            yield (listener, checkpoints) -> new EvalRunner(listener).run(t, scorers, checkpoints, out);
          }
          default -> throw new StepIndexException(
              "unknown WinoBias template '" + template + "'; expected pythia or likelihood");
        };
      }
      case "memorization" -> {
        MemorizationTask t = memorization();
        ModelOpener<IdsGenerator> generators = dir -> IdsGenerator.of(modelOptions.open(dir), modelOptions.batchSize);
        yield (listener, checkpoints) -> new EvalRunner(listener).run(t, generators, checkpoints, out);
      }
      default -> {
        EvalTask t = task();
        yield (listener, checkpoints) ->
            new EvalRunner(listener).run(new CompletionTask(t, modelOptions.batchSize),
                dir -> TextCompleter.of(modelOptions.open(dir)), checkpoints, out);
      }
    };
  }

  private static void print(PrintWriter w, List<?> summaries) {
    if (!summaries.isEmpty() && summaries.getFirst() instanceof RunSummary) {
      w.printf(Locale.ROOT, "%-40s %8s %7s %9s  %s%n", "model", "step", "n", "accuracy", "by k");
    }
    for (Object s : summaries) {
      switch (s) {
        case RunSummary r -> w.printf(Locale.ROOT, "%-40s %8s %7d %9.4f  %s%n", r.model(), step(r.step()), r.n(),
            r.accuracy(), r.byK());
        case CrowsPairsTask.Summary c -> w.printf(Locale.ROOT, "%-40s %8s n=%d pct_stereotype=%.4f%n", c.model(),
            step(c.step()), c.n(), c.pctStereotype());
        case WinoBiasTask.Summary b -> w.printf(Locale.ROOT, "%-40s %8s n=%d pro=%s anti=%s diff=%s%n", b.model(),
            step(b.step()), b.n(), rate(b.all().pro()), rate(b.all().anti()), rate(b.all().diff()));
        case MemorizationTask.Summary m -> w.printf(Locale.ROOT, "%-40s %8s n=%d memorized=%d (%.4f)%s%n", m.model(),
            step(m.step()), m.n(), m.memorized(), m.memorizedFraction(), m.poisson() == null ? ""
                : String.format(Locale.ROOT, " lambda=%.3f dispersion=%s", m.poisson().lambda(),
                    rate(m.poisson().dispersion())));
        default -> w.println(s);
      }
    }
  }

  private static String step(Long step) {
    return step == null ? "?" : step.toString();
  }

  private static String rate(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  private MemorizationTask memorization() {
    Path dataset = oneData("memorization", "the training data (.bin/.idx)");
    if (steps == null) {
      throw new StepIndexException("--task memorization needs --steps A:B (the training steps whose sequences to test)");
    }
    StepRange range = StepRange.parse(steps).requireBoth(steps);
    return new MemorizationTask(dataset, new StepLayout(trainBatchSize, seqLength), range.from(), range.to(),
        MemorizationTask.DEFAULT_SLICE);
  }

  private List<Path> needData(String name, String what) {
    if (data == null || data.isEmpty()) {
      throw new StepIndexException("--task " + name + " needs --data (" + what + ")");
    }
    return data;
  }

  private Path oneData(String name, String what) {
    List<Path> paths = needData(name, what);
    if (paths.size() != 1) {
      throw new StepIndexException("--task " + name + " takes one --data path (" + what + "), not " + paths.size());
    }
    return paths.getFirst();
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
        // several files are one list, in order: the study evaluated train and validation together
        List<TriviaQuestion> questions = new ArrayList<>();
        for (Path file : needData("triviaqa", "TriviaQA JSON or JSONL")) {
          questions.addAll(TriviaQaReader.read(file));
        }
        TriviaQaOptions options = new TriviaQaOptions(shots == null ? TriviaQaOptions.DEFAULT_SHOTS : ShotCounts.parse(shots),
            TriviaTemplate.parse(template == null ? "pythia" : template), seed, maxNewTokens, limit);
        yield new TriviaQaTask(questions, shotsFile == null ? null : TriviaQaReader.read(shotsFile), options);
      }
      default -> throw new StepIndexException(
          "--task must be arithmetic, triviaqa, crows-pairs, winobias or memorization, got '" + task + "'");
    };
  }
}
