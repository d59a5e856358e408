package org.stepindex.bench.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.stepindex.bench.query.BenchReport.Build;
import org.stepindex.bench.query.BenchReport.Row;
import org.stepindex.bench.query.BenchReport.Timing;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.TextPacker;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.BuildResult;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;

/**
 * Runs the benchmark: synthesizes a corpus, builds the step index (default view, and optionally all
 * views) and the naive Lucene index, checks that stepindex, naive Lucene and the scan agree on
 * every count it will time, then times each operation with each method and judges the issue's
 * targets.
 *
 * <p>Operations, each cycling through its cases in a fixed shuffled order (the scan, timed fewer
 * times, sees the first few): counts of words and phrases at checkpoints (shard boundaries) and at
 * steps inside shards, sequence-level co-occurrence at checkpoints, the first query of a
 * never-asked phrase (stepindex walks every shard's postings and caches the result; later queries
 * of it are the warm rows), word and phrase timelines of 154 steps, and all pairs at all 154 steps,
 * which naive Lucene answers with a boolean query per pair per step.
 */
public final class Benchmark {
  /** Sequences of real text read to draw the workload from. */
  private static final int SAMPLED_SEQUENCES = 2_000;

  /** The scan is slow; fewer calls than this would make its median meaningless. */
  static final int MIN_SCAN_SAMPLES = 3;

  private static final int MIN_SAMPLES = 5;
  private static final long SHUFFLE_SEED = 7;

  /** Operations, in report order. */
  public static final String TERM_AT_CHECKPOINT = "term @ checkpoint";

  public static final String TERM_INSIDE = "term @ step inside a shard";
  public static final String PHRASE_AT_CHECKPOINT = "phrase @ checkpoint";
  public static final String PHRASE_INSIDE = "phrase @ step inside a shard";
  public static final String COOCCUR_AT_CHECKPOINT = "co-occurrence @ checkpoint";
  public static final String PHRASE_FIRST_QUERY = "phrase, first query (cold)";

  /** Operation name: a word never asked before, at the last step (one term seek per shard). */
  public static final String TERM_FIRST_QUERY = "term, first query (cold)";

  public static final String TERM_TIMELINE = "term timeline";
  public static final String PHRASE_TIMELINE = "phrase timeline";
  public static final String PAIRS_TIMELINE = "pairs x checkpoints";

  private final BenchOptions options;
  private final Consumer<String> progress;

  private Benchmark(BenchOptions options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  /**
   * Runs the benchmark.
   *
   * @param options what to run
   * @param progress receives a line as each phase starts
   * @return the report
   * @throws StepIndexException if the work directory is not new or empty, or the methods disagree
   *     on a count
   */
  public static BenchReport run(BenchOptions options, Consumer<String> progress) {
    Path dir = options.workDir();
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("stepindex-bench-");
      } else if (Files.exists(dir) && !isEmptyDirectory(dir)) {
        throw new StepIndexException(
            dir + " exists and is not an empty directory; give 'bench --out' a new one");
      }
    } catch (IOException e) {
      throw new StepIndexException("cannot create a work directory: " + e.getMessage(), e);
    }
    try {
      return new Benchmark(options, progress).run(dir);
    } finally {
      if (options.workDir() == null) {
        deleteQuietly(dir);
      }
    }
  }

  private BenchReport run(Path dir) {
    SynthOptions synth = options.corpus();
    StepLayout layout = new StepLayout(synth.batchSize(), synth.seqLength());
    Path dataPrefix;
    Path tokenizer;
    List<PlantedTerm> planted;
    String source;
    if (options.text() == null) {
      progress.accept(
          String.format(
              Locale.ROOT,
              "synthesizing %,d sequences x %d tokens, %d per step, into %s",
              synth.sequences(),
              synth.seqLength(),
              synth.batchSize(),
              dir));
      SyntheticCorpus.Result corpus = SyntheticCorpus.write(dir.resolve("corpus"), synth);
      dataPrefix = corpus.dataPrefix();
      tokenizer = corpus.tokenizer();
      planted = corpus.planted();
      source = "synthetic, seed " + synth.seed();
    } else {
      RealText text = options.text();
      progress.accept(
          String.format(
              Locale.ROOT,
              "encoding the text under %s into %,d sequences x %d tokens",
              text.inputs(),
              synth.sequences(),
              synth.seqLength()));
      dataPrefix = dir.resolve("corpus").resolve("document");
      tokenizer = text.tokenizer();
      TextPacker.Result packed =
          TextPacker.pack(
              text.inputs(),
              tokenizer,
              dataPrefix,
              synth.seqLength(),
              synth.sequences() * synth.seqLength(),
              options.threads(),
              synth.seed(),
              line -> progress.accept("  " + line));
      if (packed.sequences() < synth.sequences()) {
        throw new StepIndexException(
            String.format(
                Locale.ROOT,
                "the text under %s makes %,d sequences of %d tokens;"
                    + " give more text or fewer --sequences",
                text.inputs(),
                packed.sequences(),
                synth.seqLength()));
      }
      planted = List.of();
      source =
          String.format(
              Locale.ROOT,
              "real text: %,d files under %s, encoded with %s",
              packed.files(),
              text.inputs(),
              tokenizer);
    }

    List<Build> builds = new ArrayList<>();
    Path indexDir = dir.resolve("index-text");
    builds.add(buildStepIndex(dataPrefix, tokenizer, layout, indexDir, List.of("text")));
    if (options.allViews()) {
      // The three views the README's figures were measured with; bigrams has its own figures in
      // bench --scale.
      builds.add(
          buildStepIndex(
              dataPrefix,
              tokenizer,
              layout,
              dir.resolve("index-all-views"),
              List.of("text", "tokens", "pythia-numbers")));
    }
    Path naiveDir = dir.resolve("index-naive-lucene");
    progress.accept("building naive Lucene (one index, text + step field)");
    NaiveLuceneMethod.BuildTime naiveBuild =
        NaiveLuceneMethod.build(dataPrefix, tokenizer, layout, naiveDir, options.threads());
    builds.add(
        Build.of(
            "naive Lucene",
            "text + step",
            naiveBuild.tokens(),
            naiveBuild.seconds(),
            bytes(naiveDir)));

    try (FrequencyIndex index = FrequencyIndex.open(indexDir);
        NaiveLuceneMethod naive = NaiveLuceneMethod.open(naiveDir);
        ScanMethod scan =
            options.text() == null
                ? new ScanMethod(dataPrefix, tokenizer, layout)
                : ScanMethod.withTextViewWords(dataPrefix, tokenizer, layout)) {
      StepIndexMethod stepindex = new StepIndexMethod(index);
      Workload workload =
          options.text() == null
              ? Workload.forCorpus(index.coveredEnd(), planted, options.shardSchedule())
              : Workload.forText(
                  index.coveredEnd(),
                  TextSample.read(dataPrefix, tokenizer, synth.sequences(), SAMPLED_SEQUENCES),
                  options.shardSchedule(),
                  synth.seed());
      progress.accept("checking that stepindex, naive Lucene and the scan agree on every count");
      CorrectnessGuard guard = new CorrectnessGuard(scan, workload, planted);
      guard.checkScan(workload);
      guard.checkAll(stepindex, workload);
      guard.checkAll(naive, workload);

      List<Row> rows = new Timer(stepindex, naive, scan).rows(workload, guard);
      BenchReport.Corpus about =
          new BenchReport.Corpus(
              source,
              synth.sequences(),
              synth.seqLength(),
              synth.batchSize(),
              workload.lastStep(),
              index.manifest().data().tokens(),
              workload.shardSchedule(),
              workload.checkpoints().length,
              String.format(
                  Locale.ROOT,
                  "%d steps evenly spaced over [0, %d]",
                  workload.timelineSteps().length,
                  workload.lastStep()));
      return new BenchReport(
          about, builds, rows, Targets.judge(builds.getFirst(), rows), guard.checked());
    }
  }

  private Build buildStepIndex(
      Path dataPrefix, Path tokenizer, StepLayout layout, Path dir, List<String> views) {
    String names = String.join(",", views);
    progress.accept("building stepindex (" + names + "), shards at " + options.shardSchedule());
    BuildResult result =
        IndexBuilder.build(
            new BuildOptions(
                dataPrefix,
                tokenizer,
                dir,
                layout,
                views,
                options.shardSchedule(),
                0,
                -1,
                options.threads()),
            new BuildProgress());
    return Build.of("stepindex", names, result.tokens(), result.seconds(), bytes(dir));
  }

  /** Times every operation with every method. */
  private final class Timer {
    private final List<CountMethod> methods;
    private final List<Sampler> samplers;

    Timer(StepIndexMethod stepindex, NaiveLuceneMethod naive, ScanMethod scan) {
      long budget = (long) (options.seconds() * 1e9);
      int max = options.queries();
      Sampler fast = new Sampler(budget / 5, budget, Math.min(MIN_SAMPLES, max), max);
      // The guard's pass already compiled the scan's code; a warm-up would cost seconds per call.
      Sampler slow = new Sampler(0, 2 * budget, Math.min(MIN_SCAN_SAMPLES, max), max);
      this.methods = List.of(stepindex, naive, scan);
      this.samplers = List.of(fast, fast, slow);
    }

    List<Row> rows(Workload w, CorrectnessGuard guard) {
      long[] timeline = w.timelineSteps();
      List<Row> rows = new ArrayList<>();
      rows.add(time(TERM_AT_CHECKPOINT, grid(w.terms(), w.checkpoints())));
      rows.add(time(TERM_INSIDE, grid(w.terms(), w.insideSteps())));
      rows.add(time(PHRASE_AT_CHECKPOINT, grid(w.phrases(), w.checkpoints())));
      rows.add(time(PHRASE_INSIDE, grid(w.phrases(), w.insideSteps())));
      rows.add(time(COOCCUR_AT_CHECKPOINT, grid(w.pairs(), w.checkpoints())));
      rows.add(firstQueries(TERM_FIRST_QUERY, w.coldTerms(), w, guard));
      rows.add(firstQueries(PHRASE_FIRST_QUERY, w.coldPhrases(), w, guard));
      rows.add(time(TERM_TIMELINE, timelines(w.terms(), timeline)));
      rows.add(time(PHRASE_TIMELINE, timelines(w.phrases(), timeline)));
      Cases all =
          new Cases(
              w.pairs().size() + " pairs x " + timeline.length + " steps, one call",
              List.of(
                  m ->
                      m.timelines(w.pairs(), timeline).stream().mapToLong(Benchmark::total).sum()));
      rows.add(time(PAIRS_TIMELINE, all));
      return rows;
    }

    private Row time(String operation, Cases cases) {
      Timing[] timings = new Timing[methods.size()];
      for (int i = 0; i < methods.size(); i++) {
        CountMethod method = methods.get(i);
        progress.accept("timing " + operation + " with " + method.name());
        timings[i] =
            samplers
                .get(i)
                .measure(cases.calls.size(), c -> cases.calls.get(c).applyAsLong(method));
      }
      return Row.of(operation, cases.description, timings[0], timings[1], timings[2]);
    }

    /**
     * Each cold query is asked of stepindex exactly once, so every call finds its caches empty; its
     * answers are checked afterwards. The baselines cache nothing and are timed as usual.
     */
    private Row firstQueries(
        String operation, List<BenchQuery> cold, Workload w, CorrectnessGuard guard) {
      progress.accept("timing " + operation + " with stepindex");
      long[] nanos = new long[cold.size()];
      for (int i = 0; i < cold.size(); i++) {
        long t0 = System.nanoTime();
        Count count = methods.getFirst().count(cold.get(i), w.lastStep());
        nanos[i] = System.nanoTime() - t0;
        guard.check(methods.getFirst().name(), cold.get(i), w.lastStep(), count);
      }
      Cases cases = grid(cold, new long[] {w.lastStep()});
      Timing[] timings = {Sampler.timing(nanos), null, null};
      for (int i = 1; i < methods.size(); i++) {
        CountMethod method = methods.get(i);
        progress.accept("timing " + operation + " with " + method.name());
        for (BenchQuery query : cold) {
          guard.check(method.name(), query, w.lastStep(), method.count(query, w.lastStep()));
        }
        timings[i] =
            samplers
                .get(i)
                .measure(cases.calls.size(), c -> cases.calls.get(c).applyAsLong(method));
      }
      return Row.of(operation, cases.description, timings[0], timings[1], timings[2]);
    }
  }

  /** The calls of one operation, and what they are. */
  private record Cases(String description, List<ToLongFunction<CountMethod>> calls) {}

  /** Each query at each step, in a fixed shuffled order. */
  private static Cases grid(List<BenchQuery> queries, long[] steps) {
    List<ToLongFunction<CountMethod>> calls = new ArrayList<>();
    for (BenchQuery query : queries) {
      for (long step : steps) {
        calls.add(m -> m.count(query, step).occurrences());
      }
    }
    Collections.shuffle(calls, new Random(SHUFFLE_SEED));
    String what =
        queries.getFirst().isPair() ? "pairs" : queries.getFirst().isPhrase() ? "phrases" : "terms";
    return new Cases(queries.size() + " " + what + " x " + steps.length + " steps", calls);
  }

  /** One timeline per query. */
  private static Cases timelines(List<BenchQuery> queries, long[] steps) {
    List<ToLongFunction<CountMethod>> calls = new ArrayList<>();
    for (BenchQuery query : queries) {
      calls.add(m -> total(m.timeline(query, steps)));
    }
    return new Cases(queries.size() + " queries, " + steps.length + " steps per call", calls);
  }

  private static long total(Count[] counts) {
    long sum = 0;
    for (Count count : counts) {
      sum += count.occurrences();
    }
    return sum;
  }

  /** Bytes of all files under {@code dir}. */
  static long bytes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(Benchmark::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      AtomicFiles.deleteTree(dir);
    } catch (IOException e) {
      System.err.println("stepindex: warning: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
