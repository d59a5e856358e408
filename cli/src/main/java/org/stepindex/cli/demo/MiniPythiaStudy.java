package org.stepindex.cli.demo;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.stepindex.corpora.StudyCorpus;
import org.stepindex.eval.agreement.NextTokenModel;
import org.stepindex.eval.agreement.NgramAgreementTask;
import org.stepindex.eval.bias.CrowsPairsReader;
import org.stepindex.eval.bias.CrowsPairsTask;
import org.stepindex.eval.bias.WinoBiasItem;
import org.stepindex.eval.bias.WinoBiasPrompts;
import org.stepindex.eval.bias.WinoBiasReader;
import org.stepindex.eval.bias.WinoBiasTask;
import org.stepindex.eval.correlate.ArithmeticCorrelation;
import org.stepindex.eval.correlate.EntityFile;
import org.stepindex.eval.correlate.EvalInstances;
import org.stepindex.eval.correlate.LogBins;
import org.stepindex.eval.correlate.TermTimelines;
import org.stepindex.eval.correlate.TriviaCorrelation;
import org.stepindex.eval.model.CheckpointNames;
import org.stepindex.eval.model.ModelSession;
import org.stepindex.eval.registry.EvalTasks;
import org.stepindex.eval.report.Report;
import org.stepindex.eval.tasks.ArithmeticOptions;
import org.stepindex.eval.tasks.ArithmeticTask;
import org.stepindex.eval.tasks.ArithmeticTemplate;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.CompletionTask;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.EvalTask;
import org.stepindex.eval.tasks.IntRange;
import org.stepindex.eval.tasks.Operation;
import org.stepindex.eval.tasks.ProgressListener;
import org.stepindex.eval.tasks.TextCompleter;
import org.stepindex.eval.tasks.TextScorer;
import org.stepindex.eval.tasks.TriviaQaOptions;
import org.stepindex.eval.tasks.TriviaQaReader;
import org.stepindex.eval.tasks.TriviaQaTask;
import org.stepindex.eval.tasks.TriviaTemplate;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.entities.QaEntityFile;
import org.stepindex.indexer.intervention.Interventions;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.AddViewOptions;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.ViewAdder;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.trainer.TrainPlan;
import org.stepindex.trainer.TrainRequest;
import org.stepindex.trainer.Trainer;

/**
 * Runs a mini-Pythia study end to end into one directory:
 *
 * <ol>
 *   <li>{@code corpus/}: the study corpus (arithmetic with Zipfian first operands, facts about
 *       invented entities with Zipfian frequencies and their question file, gendered text, bias
 *       files);
 *   <li>{@code index/}: the step-keyed index, shards at the checkpoints; {@code index-swapped/}:
 *       what the intervened run saw;
 *   <li>{@code runs/<size>/stepN}: each model size trained in the exact data order; {@code
 *       runs/<size>-swapped/}: the largest resumed at the intervention step with the pronoun swap;
 *   <li>{@code eval/<run>/}: few-shot arithmetic and QA of every checkpoint, CrowS-Pairs and
 *       WinoBias (the study's generated answers) of both runs from the intervention on; {@code
 *       eval/<run>/likelihood/}: WinoBias by pronoun likelihood, a finer measure for models this
 *       small;
 *   <li>{@code qa-entities/}: the QA pairs' entity and pair files, added to {@code index/} as its
 *       {@code entities} view, through which the QA pairs' relevant sequences are counted;
 *   <li>{@code correlate/}: accuracy joined with frequencies at each checkpoint (Spearman ρ, Δ, QA
 *       bins, timelines);
 *   <li>{@code report/report.html}.
 * </ol>
 *
 * Nothing in the report is tuned: the summary states what this run measured.
 */
public final class MiniPythiaStudy {
  private static final int STAGES = 7;
  private static final String SWAPPED = "-swapped";

  /** WinoBias answers are an occupation of at most three words; the CLI's default limit too. */
  private static final int WINOBIAS_NEW_TOKENS = 16;

  /**
   * Contexts the model is set against the data's n-gram model on at each checkpoint, drawn from the
   * data it saw.
   */
  private static final int AGREEMENT_CONTEXTS = 16;

  private final Path out;
  private final StudyPlan plan;
  private final StudyListener listener;
  private final List<String> summary = new ArrayList<>();

  private MiniPythiaStudy(Path out, StudyPlan plan, StudyListener listener) {
    this.out = out;
    this.plan = plan;
    this.listener = listener;
  }

  /** Runs the study into {@code out}, which must not exist or be empty. */
  public static StudyResult run(Path out, StudyPlan plan, StudyListener listener) {
    requireNew(out);
    try {
      return new MiniPythiaStudy(out, plan, listener).run();
    } catch (IOException e) {
      throw new StepIndexException("study failed writing under " + out + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a directory that exists and holds anything: a study never mixes its files with others.
   */
  public static void requireNew(Path out) {
    if (!Files.exists(out)) {
      return;
    }
    try (var entries = Files.list(out)) {
      if (entries.findAny().isPresent()) {
        throw new StepIndexException(out + " is not empty; give the study a new directory");
      }
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + out + ": " + e.getMessage(), e);
    }
  }

  private StudyResult run() throws IOException {
    long start = System.nanoTime();
    StepLayout layout = new StepLayout(plan.corpus().batchSize(), plan.corpus().seqLength());
    long[] checkpoints = plan.checkpoints();
    String schedule =
        Arrays.stream(checkpoints).mapToObj(Long::toString).collect(Collectors.joining(","));
    String swap = "swap-pronouns@" + plan.interventionStep();

    listener.stage(
        1,
        STAGES,
        String.format(
            Locale.ROOT,
            "synthesizing the corpus: %,d sequences x %d tokens, %d per" + " step (%d steps)",
            plan.corpus().sequences(),
            plan.corpus().seqLength(),
            plan.corpus().batchSize(),
            plan.steps()));
    StudyCorpus.Result corpus = StudyCorpus.write(out.resolve("corpus"), plan.corpus());

    listener.stage(
        2, STAGES, "indexing by step (shards at the checkpoints), and what the swapped run saw");
    Path index = out.resolve("index");
    Path swappedIndex = out.resolve("index-swapped");
    for (Path dir : List.of(index, swappedIndex)) {
      BuildProgress progress = new BuildProgress();
      IndexBuilder.build(
          new BuildOptions(
              corpus.dataPrefix(),
              corpus.tokenizer(),
              dir,
              layout,
              List.of("text", "tokens", "pythia-numbers"),
              schedule,
              0,
              -1,
              plan.threads(),
              dir.equals(swappedIndex) ? swap : null),
          progress);
    }

    Map<String, Path> runs = new LinkedHashMap<>();
    int size = 0;
    for (String preset : plan.presets()) {
      listener.stage(
          3,
          STAGES,
          "training "
              + preset
              + " ("
              + ++size
              + "/"
              + plan.presets().size()
              + ") for "
              + plan.steps()
              + " steps in the exact data order");
      Path dir = out.resolve("runs").resolve(preset);
      train(
          TrainRequest.fresh(corpus.dataPrefix(), corpus.tokenizer(), dir, preset),
          layout,
          schedule,
          null,
          0);
      runs.put(preset, dir);
    }
    String largest = plan.presets().getLast();
    listener.stage(
        4, STAGES, "resuming " + largest + " at step " + plan.interventionStep() + " with " + swap);
    Path swapped = out.resolve("runs").resolve(largest + SWAPPED);
    Path resumeFrom = CheckpointNames.dir(runs.get(largest), plan.interventionStep());
    train(
        new TrainRequest(
            corpus.dataPrefix(),
            corpus.tokenizer(),
            swapped,
            null,
            null,
            resumeFrom.toString(),
            plan.interventionStep(),
            plan.steps(),
            null,
            layout.batchSize(),
            layout.seqLength(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            schedule),
        layout,
        schedule,
        swap,
        plan.interventionStep());
    runs.put(largest + SWAPPED, swapped);

    listener.stage(
        5,
        STAGES,
        "evaluating every checkpoint: few-shot arithmetic and QA, the model against the data's"
            + " n-gram statistics; CrowS-Pairs and WinoBias of both "
            + largest
            + " runs from step "
            + plan.interventionStep());
    Map<String, Path> evalDirs = evaluate(corpus, runs, largest, index);

    listener.stage(6, STAGES, "joining accuracy with frequencies at each checkpoint");
    Path correlate = out.resolve("correlate");
    correlate(index, swappedIndex, corpus, evalDirs, checkpoints);

    listener.stage(7, STAGES, "writing the report");
    List<Path> written =
        Report.write(
            new Report.Inputs(
                correlate, null, "A mini-Pythia, trained and indexed by step", evalDirs),
            EvalTasks.reportSections(),
            out.resolve("report"));
    return new StudyResult(out, written.getFirst(), summary, (System.nanoTime() - start) / 1e9);
  }

  private void train(
      TrainRequest base, StepLayout layout, String schedule, String intervention, long first)
      throws IOException {
    TrainRequest request =
        new TrainRequest(
            base.data(),
            base.tokenizer(),
            base.out(),
            base.preset(),
            base.modelConfig(),
            base.resume(),
            base.startStep(),
            plan.steps(),
            plan.steps(),
            layout.batchSize(),
            layout.seqLength(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            schedule);
    TrainPlan trainPlan = TrainPlan.resolve(request);
    double[] last = {Double.NaN, Double.NaN};
    try (HfTokenizer tok = HfTokenizer.load(base.tokenizer());
        Trainer trainer =
            Trainer.open(
                trainPlan,
                Device.cpu(),
                intervention == null
                    ? null
                    : Interventions.parse(intervention, tok, plan.steps()))) {
      long span = plan.steps() - first;
      trainer.run(
          m -> {
            if (Double.isNaN(last[0])) {
              last[0] = m.loss();
            }
            last[1] = m.loss();
            listener.progress(
                (double) (m.step() + 1 - first) / span,
                String.format(Locale.ROOT, "step %d  loss %.3f", m.step(), m.loss()));
          });
    }
    summary.add(
        String.format(
            Locale.ROOT,
            "%-14s loss %.3f at step %d -> %.3f at step %d",
            base.out().getFileName(),
            last[0],
            first,
            last[1],
            plan.steps() - 1));
  }

  private Map<String, Path> evaluate(
      StudyCorpus.Result corpus, Map<String, Path> runs, String largest, Path index)
      throws IOException {
    Map<String, Path> evalDirs = new LinkedHashMap<>();
    ProgressListener progress =
        (done, total) ->
            listener.progress(total == 0 ? 0 : (double) done / total, done + "/" + total);
    EvalRunner runner = new EvalRunner(progress);
    ArithmeticTask arithmetic =
        new ArithmeticTask(
            new ArithmeticOptions(
                List.of(Operation.PLUS),
                new IntRange(
                    plan.corpus().arithmetic().x1Min(), plan.corpus().arithmetic().x1Max()),
                new IntRange(
                    plan.corpus().arithmetic().x2Min(), plan.corpus().arithmetic().x2Max()),
                plan.arithmeticShots(),
                ArithmeticTemplate.PYTHIA,
                null,
                4));
    EvalTask trivia =
        new TriviaQaTask(
            TriviaQaReader.read(corpus.questions()),
            TriviaQaReader.read(corpus.shots()),
            new TriviaQaOptions(List.of(plan.triviaShots()), TriviaTemplate.PYTHIA, null, 6, 0));
    CrowsPairsTask crows =
        new CrowsPairsTask(CrowsPairsReader.read(corpus.crowsPairs(), List.of()));
    // The study's WinoBias (the report's); models this small rarely name the referent at all, so
    // the pronoun
    // likelihood, which reads the preference without generating, is measured beside it.
    List<WinoBiasItem> winoItems = WinoBiasReader.read(List.of(corpus.winobiasDir()));
    WinoBiasPrompts winobias = new WinoBiasPrompts(winoItems, WINOBIAS_NEW_TOKENS);
    WinoBiasTask winoLikelihood = new WinoBiasTask(winoItems);
    summary.add(
        "methods: the Pythia study's own for arithmetic (its prompts and lm-eval v0.3 shots, drawn from x1"
            + " 0..99 and x2 1..50 although this corpus teaches x1 "
            + plan.corpus().arithmetic().x1Min()
            + ".."
            + plan.corpus().arithmetic().x1Max()
            + "), TriviaQA (exact match on the pruned aliases, v0.3 shots),"
            + " WinoBias (greedy answers to its two promptsource questions, exact match; also by pronoun likelihood),"
            + " pythia-numbers counts and the study's bins");
    NgramAgreementTask agreement = new NgramAgreementTask(index, null, AGREEMENT_CONTEXTS, 1);
    for (Map.Entry<String, Path> run : runs.entrySet()) {
      Path dir = out.resolve("eval").resolve(run.getKey());
      evalDirs.put(run.getKey(), dir);
      List<Checkpoint> all = checkpoints(run.getValue(), 1);
      if (!run.getKey().endsWith(SWAPPED)) {
        runner.run(
            new CompletionTask(arithmetic, plan.evalBatch()),
            d -> TextCompleter.of(session(d)),
            all,
            dir);
        runner.run(
            new CompletionTask(trivia, plan.evalBatch()),
            d -> TextCompleter.of(session(d)),
            all,
            dir);
        List<Object> a = runner.run(agreement, d -> NextTokenModel.of(session(d)), all, dir);
        summary.add(
            agreementLine(
                run.getKey(),
                (NgramAgreementTask.Summary) a.getFirst(),
                (NgramAgreementTask.Summary) a.getLast()));
      }
      if (run.getKey().startsWith(largest)) {
        List<Checkpoint> late = checkpoints(run.getValue(), plan.interventionStep());
        if (run.getKey().endsWith(SWAPPED)) {
          late.addFirst(
              Checkpoint.of(CheckpointNames.dir(runs.get(largest), plan.interventionStep())));
        }
        List<Object> c = runner.run(crows, d -> TextScorer.of(session(d)), late, dir);
        List<Object> w = runner.run(winobias, d -> TextCompleter.of(session(d)), late, dir);
        List<Object> wl =
            runner.run(
                winoLikelihood, d -> TextScorer.of(session(d)), late, dir.resolve("likelihood"));
        CrowsPairsTask.Summary lastCrows = (CrowsPairsTask.Summary) c.getLast();
        WinoBiasTask.ProAnti answers = ((WinoBiasTask.Summary) w.getLast()).all();
        WinoBiasTask.ProAnti likelihood = ((WinoBiasTask.Summary) wl.getLast()).all();
        summary.add(
            String.format(
                Locale.ROOT,
                "%-14s at step %d: CrowS-Pairs pct_stereotype %.3f; WinoBias answers"
                    + " pro %.3f anti %.3f (pro - anti %.3f), by likelihood pro %.3f anti %.3f (pro - anti %.3f)",
                run.getKey(),
                lastCrows.step(),
                lastCrows.pctStereotype(),
                answers.pro(),
                answers.anti(),
                answers.diff(),
                likelihood.pro(),
                likelihood.anti(),
                likelihood.diff()));
      }
    }
    return evalDirs;
  }

  /**
   * Top-1 agreement with the data's n-gram model of each order, at the first and the last
   * checkpoint.
   */
  private static String agreementLine(
      String run, NgramAgreementTask.Summary first, NgramAgreementTask.Summary last) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-14s top-1 agreement with the data's n-gram"
                    + " model (n = 1, 2, 3, 4, inf) at step %d:",
                run,
                first.step()));
    first.orders().forEach(o -> line.append(String.format(Locale.ROOT, " %.2f", o.top1())));
    line.append(String.format(Locale.ROOT, "; at step %d:", last.step()));
    last.orders().forEach(o -> line.append(String.format(Locale.ROOT, " %.2f", o.top1())));
    return line.toString();
  }

  /** The run's checkpoints at or after {@code from}, in step order. */
  private static List<Checkpoint> checkpoints(Path run, long from) throws IOException {
    try (var dirs = Files.list(run)) {
      return new ArrayList<>(
          dirs.filter(Files::isDirectory)
              .map(Checkpoint::of)
              .filter(c -> c.step() != null && c.step() >= from)
              .sorted(Comparator.comparing(Checkpoint::step))
              .toList());
    }
  }

  /**
   * Builds the index's entities view for the QA pairs: each question's entities (named as
   * themselves) and its answer (the aliases), one declared pair per question ({@link
   * QaEntityFile}).
   */
  private Map<String, QaEntityFile.Item> addQaEntityView(
      Path index, List<EvalInstances.Trivia> trivia, Map<String, List<String>> questionEntities) {
    Map<String, QaEntityFile.Item> items = new LinkedHashMap<>();
    for (EvalInstances.Trivia t : trivia) {
      List<String> names = questionEntities.get(t.id());
      if (names != null && !names.isEmpty() && !items.containsKey(t.id())) {
        items.put(
            t.id(),
            new QaEntityFile.Item(
                t.id(),
                names.stream().map(n -> new QaEntityFile.Entity(n, List.of(n))).toList(),
                List.of(new QaEntityFile.Entity(t.targets().getFirst(), t.targets()))));
      }
    }
    Path dir = out.resolve("qa-entities");
    List<Path> files = QaEntityFile.write(List.copyOf(items.values()), dir);
    ViewAdder.add(
        new AddViewOptions(
            index, EntitiesView.NAME, files.get(0), files.get(1), null, null, null, plan.threads()),
        new BuildProgress());
    return items;
  }

  private ModelSession session(Path dir) {
    return ModelSession.open(dir, null, Device.cpu(), DataType.FLOAT32, plan.evalBatch());
  }

  private void correlate(
      Path index,
      Path swappedIndex,
      StudyCorpus.Result corpus,
      Map<String, Path> evalDirs,
      long[] checkpoints)
      throws IOException {
    List<EvalInstances.Arithmetic> arithmetic = new ArrayList<>();
    List<EvalInstances.Trivia> trivia = new ArrayList<>();
    for (Map.Entry<String, Path> run : evalDirs.entrySet()) {
      if (run.getKey().endsWith(SWAPPED)) {
        continue; // the swapped run is evaluated for bias only
      }
      Path dir = run.getValue();
      arithmetic.addAll(
          EvalInstances.arithmetic(EvalInstances.files(dir, EvalInstances.ARITHMETIC)));
      trivia.addAll(EvalInstances.trivia(EvalInstances.files(dir, EvalInstances.TRIVIAQA)));
    }
    Path correlate = out.resolve("correlate");
    Map<String, QaEntityFile.Item> qa =
        addQaEntityView(index, trivia, EntityFile.read(corpus.entities()));
    try (FrequencyIndex fi = FrequencyIndex.open(index)) {
      ArithmeticCorrelation.Options options = ArithmeticCorrelation.Options.defaults();
      ArithmeticCorrelation.Result a = ArithmeticCorrelation.run(fi, arithmetic, options);
      ArithmeticCorrelation.write(a, options, correlate);
      for (ArithmeticCorrelation.Summary s : a.summaries()) {
        if (s.step() == plan.steps() || s.step() == checkpoints[checkpoints.length / 2]) {
          summary.add(
              String.format(
                  Locale.ROOT,
                  "%-14s arithmetic k=%d at step %d: Spearman rho %s, Delta %s"
                      + " (accuracy of the 10%% most frequent x1 minus the 10%% least, x100)",
                  s.model(),
                  s.k(),
                  s.step(),
                  format(s.spearman(), "%.3f"),
                  format(s.delta(), "%.1f")));
        }
      }
      // Relevant sequences through the entities view (term statistics of declared pairs), checked
      // against the text
      // view's phrase co-occurrence of the same names.
      TriviaCorrelation.Result t = TriviaCorrelation.run(fi, trivia, null, qa);
      TriviaCorrelation.Result text =
          TriviaCorrelation.run(fi, trivia, EntityFile.read(corpus.entities()));
      long agree = 0;
      for (int i = 0; i < t.pairs().size(); i++) {
        agree += t.pairs().get(i).relevant().equals(text.pairs().get(i).relevant()) ? 1 : 0;
      }
      summary.add(
          String.format(
              Locale.ROOT,
              "QA relevant sequences through the entities view equal the text view's"
                  + " for %d of %d question-checkpoints",
              agree,
              t.pairs().size()));
      TriviaCorrelation.write(t, correlate);
      for (TriviaCorrelation.Bin b : t.bins()) {
        if (b.step() == plan.steps()) {
          summary.add(
              String.format(
                  Locale.ROOT,
                  "%-14s QA at step %d, bin %d (%s relevant sequences): accuracy %.3f" + " of %d",
                  b.model(),
                  b.step(),
                  b.bin(),
                  LogBins.label(b.bin()),
                  b.accuracy(),
                  b.n()));
        }
      }
      List<TermTimelines.Term> terms =
          List.of(
              new TermTimelines.Term("text", "he"),
              new TermTimelines.Term("text", "she"),
              new TermTimelines.Term(
                  "pythia-numbers", Integer.toString(plan.corpus().arithmetic().x1Min())));
      TermTimelines.write(TermTimelines.count(fi, terms, checkpoints), correlate);
    }
    try (FrequencyIndex original = FrequencyIndex.open(index);
        FrequencyIndex swapped = FrequencyIndex.open(swappedIndex)) {
      for (String word : List.of("he", "she")) {
        long before = original.countAt(original.compile("text", word), plan.steps()).occurrences();
        long after = swapped.countAt(swapped.compile("text", word), plan.steps()).occurrences();
        summary.add(
            String.format(
                Locale.ROOT,
                "\"%s\" seen by the end: %,d in the original data, %,d in the swapped" + " run's",
                word,
                before,
                after));
      }
    }
  }

  private static String format(double value, String pattern) {
    return Double.isNaN(value) ? "undefined" : String.format(Locale.ROOT, pattern, value);
  }
}
