package org.stepindex.bench.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.data.TextPacker;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.AddViewOptions;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.BuildResult;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.IndexLayout;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.store.ViewAdder;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.History;

/**
 * {@code bench --scale}: how cold counts grow with the data. For each multiple of a base size it
 * synthesizes the corpus, builds the default index and adds an entities view with declared pairs,
 * checks the counts it will time against independent paths (and, at the smallest size, against a
 * scan of the {@code .bin}), then times cold queries at the last step: each timed call is a
 * different query, never asked before in this process, with no on-disk match cache, on an index
 * opened anew for the operation (a first half of other queries of the same kind runs untimed on
 * another instance, so the JIT has compiled the path). Text-view phrases are timed before the
 * bigrams view is added (the postings walk) and after (term statistics and bigram phrases), the
 * latter checked against the former. Growth is each p50 over the smallest size's.
 */
public final class ScaleBench {
  /** Sequences of real text read to draw the workload from. */
  private static final int SAMPLED_SEQUENCES = 2_000;

  /** Operation names, in report order. */
  public static final String TERM = "term";

  public static final String ENTITY = "entity";
  public static final String PHRASE = "2-word phrase (bigrams view)";
  public static final String LONG_PHRASE = "3-word phrase (bigrams view)";
  public static final String PHRASE_TEXT = "2-word phrase (text view only)";
  public static final String DECLARED = "declared entity pair";
  public static final String AD_HOC_ENTITIES = "ad-hoc entity pair";
  public static final String AD_HOC_WORDS = "ad-hoc pair of mid-frequency words";
  public static final String OPEN_DATA = "open the training data (once a process)";
  public static final String FIND =
      "find: first " + HistoryBench.FIND_ROWS + " rows of a frequent word";
  public static final String NEXT = "next: a context seen <= 10,000 times";
  public static final String EXPOSURES = "memorization exposures of a sequence";

  /** Sequences whose exposures are timed per size (each counted once, never asked before). */
  private static final int EXPOSURE_SEQUENCES = 20;

  /** Cold runs of each history operation per size (each opens the index and the data anew). */
  private static final int HISTORY_RUNS = 5;

  /**
   * The baseline of a term-statistics operation: the same queries, read from each shard instead of
   * the table.
   */
  public static final String SHARD_BY_SHARD = ", shard by shard";

  /** {@link #open}'s choice: through the term statistics table, or shard by shard. */
  private static final boolean TABLE = true;

  private static final boolean SHARD_BY_SHARD_ONLY = false;

  /**
   * The operations answered from the term statistics table, each timed again against its baseline.
   */
  public static final List<String> FROM_TABLE = List.of(TERM, ENTITY, DECLARED, PHRASE);

  /**
   * A row timed with the index's files dropped from the page cache and the index opened anew before
   * each query.
   */
  public static final String FROM_DISK = ", from disk";

  private final ScaleOptions options;
  private final Consumer<String> progress;

  /**
   * The real text's dataset, packed once (or given packed) for every size; null for the synthetic
   * corpus.
   */
  private Path realData;

  /**
   * The words of the real text the workload is drawn from, read once from the first size's prefix.
   */
  private TextSample sample;

  /**
   * The word {@code find} is timed for, and the context {@code next} is (null without a tokens
   * view): chosen once.
   */
  private String findWord;

  private int[] nextContext;

  private ScaleBench(ScaleOptions options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs every size and judges the goals. */
  public static ScaleReport run(ScaleOptions options, Consumer<String> progress) {
    return new ScaleBench(options, progress).run();
  }

  private ScaleReport run() {
    Path packDir = null;
    try {
      String corpus =
          "synthetic: "
              + SyntheticCorpus.fillerWords().size()
              + "-word filler vocabulary, arithmetic,"
              + " planted terms";
      if (options.text() != null && options.text().dataset() != null) {
        realData = options.text().dataset();
        long needed = options.sequences(options.scales()[options.scales().length - 1]);
        try (MegatronDataset data = MegatronDataset.open(realData)) {
          if (data.sequenceCount() < needed) {
            throw new StepIndexException(
                String.format(
                    Locale.ROOT,
                    "%s holds %,d sequences; the largest size needs"
                        + " %,d: give a smaller --base-tokens or --scale",
                    realData,
                    data.sequenceCount(),
                    needed));
          }
        }
        corpus =
            "real text: the pre-tokenized dataset "
                + realData
                + " (tokenizer "
                + options.text().tokenizer()
                + ")";
      } else if (options.text() != null) {
        packDir = workDir(-1);
        realData = packDir.resolve("document");
        TextPacker.Result r = pack(realData);
        corpus =
            String.format(
                Locale.ROOT,
                "real text: %,d files (%,d skipped as not UTF-8 text), %,d bytes of UTF-8"
                    + " under %s, encoded with %s into %,d tokens (%.2f bytes of text a token)",
                r.files(),
                r.skipped(),
                r.textBytes(),
                options.text().inputs(),
                options.text().tokenizer(),
                r.tokens(),
                (double) r.textBytes() / Math.max(1, r.tokens()));
      }
      List<ScaleReport.Size> sizes = sizes();
      return new ScaleReport(corpus, sizes, judge(sizes));
    } finally {
      if (packDir != null && options.workDir() == null) {
        try {
          AtomicFiles.deleteTree(packDir);
        } catch (IOException e) {
          progress.accept("warning: could not delete " + packDir + ": " + e.getMessage());
        }
      }
    }
  }

  /** Encodes the real text once into {@code prefix}, as many tokens as the largest size needs. */
  private TextPacker.Result pack(Path prefix) {
    long needed =
        options.sequences(options.scales()[options.scales().length - 1]) * options.seqLength();
    progress.accept(
        String.format(
            Locale.ROOT,
            "encoding the text under %s with %s (up to %,d tokens)",
            options.text().inputs(),
            options.text().tokenizer(),
            needed));
    TextPacker.Result result =
        TextPacker.pack(
            options.text().inputs(),
            options.text().tokenizer(),
            prefix,
            options.seqLength(),
            needed,
            options.threads(),
            options.seed(),
            line -> progress.accept("  " + line));
    if (result.tokens() < needed) {
      throw new StepIndexException(
          String.format(
              Locale.ROOT,
              "the text under %s makes %,d tokens; the largest size"
                  + " needs %,d: give more text, or a smaller --base-tokens or --scale",
              options.text().inputs(),
              result.tokens(),
              needed));
    }
    return result;
  }

  private List<ScaleReport.Size> sizes() {
    List<ScaleReport.Size> sizes = new ArrayList<>();
    // A quarter of the smallest size, measured and thrown away: the JIT compiles every path before
    // anything counts.
    long warmUp = Math.max(options.batchSize(), options.sequences(options.scales()[0]) / 4);
    for (int i = -1; i < options.scales().length; i++) {
      int scale = i < 0 ? 0 : options.scales()[i];
      Path dir = workDir(scale);
      try {
        ScaleReport.Size size =
            measure(
                scale,
                i < 0 ? warmUp : options.sequences(scale),
                dir,
                sizes.isEmpty() ? null : sizes.getFirst(),
                i == 0);
        if (i >= 0) {
          sizes.add(size);
        }
      } finally {
        if (options.workDir() == null) {
          try {
            AtomicFiles.deleteTree(dir);
          } catch (IOException e) {
            progress.accept("warning: could not delete " + dir + ": " + e.getMessage());
          }
        }
      }
    }
    return sizes;
  }

  private Path workDir(int scale) {
    try {
      if (options.workDir() == null) {
        return Files.createTempDirectory(
            scale < 0 ? "stepindex-scale-text-" : "stepindex-scale-" + scale + "x-");
      }
      Path dir =
          options.workDir().resolve(scale < 0 ? "text" : scale == 0 ? "warm-up" : "scale-" + scale);
      if (Files.exists(dir)) {
        throw new StepIndexException(dir + " exists; give 'bench --out' a new or empty directory");
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StepIndexException("cannot create a work directory: " + e.getMessage(), e);
    }
  }

  /**
   * One size: scale 0 is the warm-up; {@code scan} also checks against a scan of the {@code .bin}.
   */
  private ScaleReport.Size measure(
      int scale, long sequences, Path dir, ScaleReport.Size smallest, boolean scan) {
    Path dataPrefix;
    Path tokenizer;
    ScaleWorkload w;
    if (realData == null) {
      progress.accept(
          String.format(
              Locale.ROOT,
              "%dx: synthesizing %,d sequences x %d tokens (%,d tokens) into %s",
              scale,
              sequences,
              options.seqLength(),
              sequences * options.seqLength(),
              dir));
      SyntheticCorpus.Result corpus =
          SyntheticCorpus.write(
              dir.resolve("corpus"),
              new SynthOptions(
                  sequences, options.seqLength(), options.batchSize(), options.seed()));
      dataPrefix = corpus.dataPrefix();
      tokenizer = corpus.tokenizer();
      w =
          ScaleWorkload.write(
              dir, options.entities(), options.samples(), options.qaPairs(), options.seed());
    } else {
      // Every size indexes a prefix of the one packed text: the steps of its sequences, the last
      // one partial.
      dataPrefix = realData;
      tokenizer = options.text().tokenizer();
      if (sample == null) {
        progress.accept("reading the text's words to draw queries from");
        // From the first size built (the warm-up's), a prefix of every size, so that what is drawn
        // occurs in each.
        sample = TextSample.read(dataPrefix, tokenizer, sequences, SAMPLED_SEQUENCES);
      }
      w =
          ScaleWorkload.fromText(
              dir,
              sample,
              options.entities(),
              options.samples(),
              options.qaPairs(),
              options.seed());
    }
    long toStep =
        realData == null ? -1 : (sequences + options.batchSize() - 1) / options.batchSize();
    Path index = dir.resolve("index");
    progress.accept(
        scale
            + "x: building "
            + String.join(",", options.views())
            + ", shards at "
            + options.shardSchedule());
    BuildResult text =
        IndexBuilder.build(
            new BuildOptions(
                dataPrefix,
                tokenizer,
                index,
                new StepLayout(options.batchSize(), options.seqLength()),
                options.views(),
                options.shardSchedule(),
                0,
                toStep,
                options.threads()),
            new BuildProgress());
    // The default build is its shards and their term statistics table.
    BenchReport.Build textBuild =
        BenchReport.Build.of(
            "stepindex",
            String.join(",", options.views()),
            text.tokens(),
            text.seconds(),
            Benchmark.bytes(IndexLayout.of(index).shards())
                + Benchmark.bytes(IndexLayout.of(index).stats()));
    int declaredPairs = w.declared().size() + w.qaPairs().size() + w.guardPairs().size();
    progress.accept(
        String.format(
            Locale.ROOT,
            "%dx: adding the entities view (%,d entities, %,d declared pairs)",
            scale,
            options.entities() + w.guardNames().size(),
            declaredPairs));
    BenchReport.Build entitiesBuild =
        addView(index, "entities", w.entityFile(), w.pairFile(), "entities + pairs");

    List<ScaleReport.Row> rows = new ArrayList<>();
    Map<String, Count[]> phraseTruth = new LinkedHashMap<>();
    long last;
    long[] guardSteps;
    long checked;
    double qaSeconds;
    int timelineSteps;
    try (FrequencyIndex fi = FrequencyIndex.open(index)) {
      last = fi.coveredEnd();
      progress.accept(scale + "x: checking the counts against independent paths");
      ScaleGuard guard = new ScaleGuard(fi, w, last, last / 2 + 1);
      guardSteps = guard.steps();
      guard.checkInIndex();
      if (scan) {
        progress.accept(scale + "x: checking against a scan of the .bin");
        try (ScanMethod method =
            realData == null
                ? new ScanMethod(dataPrefix, tokenizer, fi.manifest().layout())
                : ScanMethod.withTextViewWords(dataPrefix, tokenizer, fi.manifest().layout())) {
          guard.checkScan(method);
        }
      }
      for (String phrase : w.guardPhrases()) {
        phraseTruth.put(phrase, guard.at(s -> fi.countAt(fi.compile("text", quoted(phrase)), s)));
      }
      checked = guard.checked();
      long[] steps = Workload.evenlySpaced(last, Workload.TIMELINE_STEPS);
      timelineSteps = steps.length;
      progress.accept(
          String.format(
              Locale.ROOT,
              "%dx: %,d QA pairs x %d steps",
              scale,
              w.qaPairs().size(),
              steps.length));
      long t0 = System.nanoTime();
      long sink = 0;
      for (String[] pair : w.qaPairs()) {
        for (Count c : fi.cooccurTimeline("entities", pair[0], pair[1], steps)) {
          sink += c.sequences();
        }
      }
      qaSeconds = (System.nanoTime() - t0) / 1e9;
      progress.accept(
          String.format(
              Locale.ROOT,
              "%dx: QA pass %.2f s (%,d relevant sequence-steps)",
              scale,
              qaSeconds,
              sink));
    }

    rows.add(row(smallest, TERM, w.terms(), index, TABLE, countAt("text", last)));
    rows.add(row(smallest, ENTITY, w.entityIds(), index, TABLE, countAt("entities", last)));
    rows.add(
        row(
            smallest,
            PHRASE_TEXT,
            w.phrases().subList(0, w.phrases().size() / 2),
            index,
            TABLE,
            phraseAt(last)));
    rows.add(row(smallest, DECLARED, w.declared(), index, TABLE, pairAt("entities", last)));
    rows.add(
        row(smallest, AD_HOC_ENTITIES, w.adHocEntities(), index, TABLE, pairAt("entities", last)));
    rows.add(row(smallest, AD_HOC_WORDS, w.adHocWords(), index, TABLE, pairAt("text", last)));

    rows.addAll(historyRows(smallest, scale, index, w, last, sequences));

    progress.accept(scale + "x: adding the bigrams view");
    BenchReport.Build bigramsBuild = addView(index, "bigrams", null, null, "bigrams");
    try (FrequencyIndex fi = FrequencyIndex.open(index)) {
      for (Map.Entry<String, Count[]> e : phraseTruth.entrySet()) {
        for (int i = 0; i < guardSteps.length; i++) {
          checked++;
          Count viaBigrams = fi.countAt(fi.compile("text", quoted(e.getKey())), guardSteps[i]);
          if (!viaBigrams.equals(e.getValue()[i])) {
            throw new StepIndexException(
                String.format(
                    Locale.ROOT,
                    "bench aborted: \"%s\" at step %d counts %s"
                        + " through the bigrams view, %s through the text view",
                    e.getKey(),
                    guardSteps[i],
                    viaBigrams,
                    e.getValue()[i]));
          }
        }
      }
      if (fi.shardsInTermStatsTable() != fi.manifest().shards().size()) {
        throw new StepIndexException(
            "bench aborted: the term statistics table covers "
                + fi.shardsInTermStatsTable()
                + " of "
                + fi.manifest().shards().size()
                + " shards");
      }
    }
    rows.add(
        row(
            smallest,
            PHRASE,
            w.phrases().subList(w.phrases().size() / 2, w.phrases().size()),
            index,
            TABLE,
            phraseAt(last)));
    rows.add(row(smallest, LONG_PHRASE, w.longPhrases(), index, TABLE, phraseAt(last)));
    // The baseline: instances that read every term's statistics from each shard; the same queries,
    // as cold as they were through the table.
    progress.accept(scale + "x: the same term-statistics queries, shard by shard (baseline)");
    rows.addAll(
        fromTableRows(smallest, SHARD_BY_SHARD, w, index, SHARD_BY_SHARD_ONLY, false, last));
    if (PageCache.available()) {
      progress.accept(
          scale
              + "x: the same queries from disk: the index's files dropped from the page cache and the"
              + " index opened anew before each");
      for (boolean table : new boolean[] {true, false}) {
        String suffix = (table ? "" : SHARD_BY_SHARD) + FROM_DISK;
        rows.addAll(fromTableRows(smallest, suffix, w, index, table, true, last));
      }
    } else {
      progress.accept(scale + "x: the page cache cannot be dropped here; no rows from disk");
    }
    Manifest manifest = Manifest.read(index);
    long tokens = manifest.shards().stream().mapToLong(ShardInfo::tokens).sum();
    IndexLayout paths = IndexLayout.of(index);
    long indexBytes =
        Benchmark.bytes(paths.shards())
            + Benchmark.bytes(paths.view("bigrams"))
            + Benchmark.bytes(paths.stats());
    return new ScaleReport.Size(
        scale,
        tokens,
        manifest.shards().stream().mapToLong(ShardInfo::sequences).sum(),
        last,
        manifest.shards().size(),
        textBuild,
        entitiesBuild,
        bigramsBuild,
        Benchmark.bytes(paths.stats()),
        indexBytes,
        options.entities() + w.guardNames().size(),
        declaredPairs,
        checked,
        rows,
        qaSeconds,
        w.qaPairs().size(),
        timelineSteps);
  }

  /**
   * {@code find} and {@code next}, cold ({@link HistoryBench}). The word and the context are chosen
   * at the first size measured (the warm-up) and kept for every size: the workload's most frequent
   * word, and the token ids of the word whose count there, scaled to the largest size, comes
   * closest to 10,000 from below.
   */
  private List<ScaleReport.Row> historyRows(
      ScaleReport.Size smallest,
      int scale,
      Path index,
      ScaleWorkload w,
      long last,
      long sequences) {
    if (findWord == null) {
      chooseHistoryQueries(
          index,
          w,
          last,
          (double) options.sequences(options.scales()[options.scales().length - 1]) / sequences);
    }
    progress.accept(
        scale
            + "x: find and next, cold ("
            + HISTORY_RUNS
            + " runs, each opening the index and data)");
    HistoryBench.Result r = HistoryBench.measure(index, findWord, nextContext, last, HISTORY_RUNS);
    List<ScaleReport.Row> rows = new ArrayList<>();
    rows.add(historyRow(smallest, OPEN_DATA, r.openData(), "the index's training data"));
    rows.add(
        historyRow(
            smallest,
            FIND,
            r.find(),
            String.format(
                Locale.ROOT,
                "'%s' (%,d occurrences), %d rows",
                findWord,
                r.find().occurrences(),
                r.find().rows())));
    if (r.next() != null) {
      rows.add(
          historyRow(
              smallest,
              NEXT,
              r.next(),
              String.format(
                  Locale.ROOT,
                  "[%s] (%,d occurrences), %d next tokens",
                  HistoryBench.ids(nextContext),
                  r.next().occurrences(),
                  r.next().rows())));
      HistoryBench.Measured e =
          HistoryBench.measureExposures(index, last, EXPOSURE_SEQUENCES, options.seed());
      rows.add(
          historyRow(
              smallest,
              EXPOSURES,
              e,
              String.format(
                  Locale.ROOT,
                  "4 phrase counts (32 and 64 tokens) a sequence, %,d occurrences of the windows",
                  e.occurrences())));
    }
    return rows;
  }

  private void chooseHistoryQueries(Path index, ScaleWorkload w, long last, double growth) {
    try (FrequencyIndex fi = FrequencyIndex.open(index);
        History history = new History(fi, null, null)) {
      long best = -1;
      for (String term : w.terms()) {
        long n = fi.countAt(fi.compile("text", term), last).occurrences();
        if (n > best) {
          best = n;
          findWord = term;
        }
      }
      if (!fi.manifest().hasView("tokens")) {
        return;
      }
      double closest = -1;
      for (String term : w.terms()) {
        int[] ids = history.encode(" " + term); // as the word occurs inside running text
        double projected =
            fi.countAt(fi.compile("tokens", HistoryBench.ids(ids)), last).occurrences() * growth;
        if (projected <= 10_000 && projected > closest) {
          closest = projected;
          nextContext = ids;
        }
      }
    }
  }

  private ScaleReport.Row historyRow(
      ScaleReport.Size smallest, String operation, HistoryBench.Measured m, String cases) {
    return timedRow(smallest, operation, m.nanos(), cases + "; " + m.nanos().length + " cold runs");
  }

  private BenchReport.Build addView(
      Path index, String view, Path entities, Path pairs, String label) {
    ViewAdder.Result result =
        ViewAdder.add(
            new AddViewOptions(index, view, entities, pairs, null, null, null, options.threads()),
            new BuildProgress());
    return BenchReport.Build.of(
        "stepindex",
        label + " (added)",
        result.tokens(),
        result.seconds(),
        Benchmark.bytes(IndexLayout.of(index).view(view)));
  }

  /** A query of {@code view}, as a user writes it, counted at step {@code last}. */
  private static BiFunction<FrequencyIndex, String, Count> countAt(String view, long last) {
    return (fi, query) -> fi.countAt(fi.compile(view, query), last);
  }

  /** Words of the text view counted as one quoted phrase at step {@code last}. */
  private static BiFunction<FrequencyIndex, String, Count> phraseAt(long last) {
    return (fi, phrase) -> fi.countAt(fi.compile("text", quoted(phrase)), last);
  }

  /** Two queries of {@code view} in the same sequences, by step {@code last}. */
  private static BiFunction<FrequencyIndex, String[], Count> pairAt(String view, long last) {
    return (fi, pair) -> fi.cooccur(view, pair[0], pair[1], 0, last);
  }

  private static String quoted(String phrase) {
    return "\"" + phrase + "\"";
  }

  /**
   * Times an operation cold: the first half of {@code queries} warms the code path up untimed, on
   * an instance of its own, then each query of the second half is asked once and timed alone on an
   * index opened anew (untimed) for them, after one warm-up query has opened what a first query
   * opens. That instance has mapped next to none of the index's pages, so every size is timed from
   * the same state, whatever the checks before it read: a query timed in the instance the checks
   * used would find more of a small index's pages mapped than of a large one's, and its growth
   * would measure that. Each row says how many page faults its queries took (the median).
   */
  private <Q> ScaleReport.Row row(
      ScaleReport.Size smallest,
      String operation,
      List<Q> queries,
      Path index,
      boolean table,
      BiFunction<FrequencyIndex, Q, Count> call) {
    return time(smallest, operation, queries, index, table, false, call);
  }

  /** A row of {@code nanos}, one a run, as {@code cases} describes them. */
  private ScaleReport.Row timedRow(
      ScaleReport.Size smallest, String operation, long[] nanos, String cases) {
    BenchReport.Timing timing = Sampler.timing(nanos);
    progress.accept(
        String.format(
            Locale.ROOT,
            "  %-40s p50 %10.1f us  p99 %10.1f us  (%s)",
            operation,
            timing.p50Micros(),
            timing.p99Micros(),
            cases));
    double growth =
        smallest == null ? 1 : timing.p50Micros() / smallest.row(operation).timing().p50Micros();
    return new ScaleReport.Row(operation, cases, timing, growth);
  }

  /**
   * The rows of {@link #FROM_TABLE}'s operations again, named with {@code suffix}: {@code table}
   * chooses the term statistics table or shard by shard, and {@code fromDisk} times each query as
   * one meeting an index too large to stay cached (the index's files dropped from the page cache
   * and the index opened anew, untimed, before it) instead of as {@link #row} does.
   */
  private List<ScaleReport.Row> fromTableRows(
      ScaleReport.Size smallest,
      String suffix,
      ScaleWorkload w,
      Path index,
      boolean table,
      boolean fromDisk,
      long last) {
    List<String> phrases = w.phrases().subList(w.phrases().size() / 2, w.phrases().size());
    return List.of(
        time(smallest, TERM + suffix, w.terms(), index, table, fromDisk, countAt("text", last)),
        time(
            smallest,
            ENTITY + suffix,
            w.entityIds(),
            index,
            table,
            fromDisk,
            countAt("entities", last)),
        time(
            smallest,
            DECLARED + suffix,
            w.declared(),
            index,
            table,
            fromDisk,
            pairAt("entities", last)),
        time(smallest, PHRASE + suffix, phrases, index, table, fromDisk, phraseAt(last)));
  }

  private <Q> ScaleReport.Row time(
      ScaleReport.Size smallest,
      String operation,
      List<Q> queries,
      Path index,
      boolean table,
      boolean fromDisk,
      BiFunction<FrequencyIndex, Q, Count> call) {
    int half = queries.size() / 2;
    long sink = 0;
    try (FrequencyIndex fi = open(index, table)) {
      for (Q q : queries.subList(0, half)) {
        sink += call.apply(fi, q).occurrences();
      }
    }
    List<Q> timed = queries.subList(half, queries.size());
    long[] nanos = new long[timed.size()];
    long[] faults = new long[timed.size()];
    if (fromDisk) {
      for (int i = 0; i < timed.size(); i++) {
        PageCache.evict(index);
        try (FrequencyIndex fi = open(index, table)) {
          sink += timeOne(fi, timed.get(i), call, nanos, faults, i);
        }
      }
    } else {
      try (FrequencyIndex fi = open(index, table)) {
        // What a first query opens (the table, a shard) is the instance's cost, not the query's.
        sink += call.apply(fi, queries.getFirst()).occurrences();
        for (int i = 0; i < timed.size(); i++) {
          sink += timeOne(fi, timed.get(i), call, nanos, faults, i);
        }
      }
    }
    if (sink < 0) {
      throw new IllegalStateException("negative count");
    }
    String cases = nanos.length + " queries, each asked once";
    if (faults.length > 0 && faults[0] >= 0) {
      long[] sorted = faults.clone();
      Arrays.sort(sorted);
      cases += "; " + sorted[sorted.length / 2] + " page faults a query (median)";
    }
    return timedRow(smallest, operation, nanos, cases);
  }

  /**
   * Asks {@code q} once, puts its time into {@code nanos[i]} and the page faults it took into
   * {@code faults[i]} (−1 where they cannot be read), and returns its occurrences; its sum keeps
   * the JIT from dropping the work.
   */
  private static <Q> long timeOne(
      FrequencyIndex fi,
      Q q,
      BiFunction<FrequencyIndex, Q, Count> call,
      long[] nanos,
      long[] faults,
      int i) {
    long f0 = PageFaults.taken();
    long t0 = System.nanoTime();
    long occurrences = call.apply(fi, q).occurrences();
    nanos[i] = System.nanoTime() - t0;
    faults[i] = f0 < 0 ? -1 : PageFaults.taken() - f0;
    return occurrences;
  }

  private static FrequencyIndex open(Path index, boolean table) {
    return table ? FrequencyIndex.open(index) : FrequencyIndex.openShardByShard(index);
  }

  private static List<BenchReport.Target> judge(List<ScaleReport.Size> sizes) {
    ScaleReport.Size big = sizes.getLast();
    String at = String.format(Locale.ROOT, " at %,d tokens", big.tokens());
    List<BenchReport.Target> targets = new ArrayList<>();
    for (String op : List.of(ENTITY, PHRASE, DECLARED)) {
      ScaleReport.Row row = big.row(op);
      targets.add(
          new BenchReport.Target(
              "cold " + op + " p50 <= 5 ms",
              String.format(Locale.ROOT, "%.2f ms%s", row.timing().p50Micros() / 1e3, at),
              row.timing().p50Micros() <= 5000));
      if (sizes.size() > 1) {
        targets.add(
            new BenchReport.Target(
                "cold "
                    + op
                    + " growth <= 2x ("
                    + sizes.getFirst().scale()
                    + "x to "
                    + big.scale()
                    + "x)",
                String.format(Locale.ROOT, "%.2fx", row.growth()),
                row.growth() <= 2));
      }
    }
    for (String op : List.of(AD_HOC_WORDS, AD_HOC_ENTITIES)) {
      ScaleReport.Row row = big.row(op);
      targets.add(
          new BenchReport.Target(
              "cold " + op + " p50 <= 50 ms",
              String.format(
                  Locale.ROOT,
                  "%.2f ms%s (growth %.2fx)",
                  row.timing().p50Micros() / 1e3,
                  at,
                  row.growth()),
              row.timing().p50Micros() <= 50_000));
    }
    ScaleReport.Row find = big.row(FIND);
    targets.add(
        new BenchReport.Target(
            "cold find, first " + HistoryBench.FIND_ROWS + " rows, p50 <= 50 ms",
            String.format(
                Locale.ROOT,
                "%.2f ms%s (growth %.2fx)",
                find.timing().p50Micros() / 1e3,
                at,
                find.growth()),
            find.timing().p50Micros() <= 50_000));
    if (sizes.size() > 1) {
      targets.add(
          new BenchReport.Target(
              "cold find growth <= 2x (flat with the data)",
              String.format(Locale.ROOT, "%.2fx", find.growth()),
              find.growth() <= 2));
    }
    if (big.rows().stream().anyMatch(r -> r.operation().equals(NEXT))) {
      ScaleReport.Row next = big.row(NEXT);
      targets.add(
          new BenchReport.Target(
              "cold next, a context seen <= 10,000 times, p50 <= 100 ms",
              String.format(
                  Locale.ROOT,
                  "%.2f ms%s (growth %.2fx)",
                  next.timing().p50Micros() / 1e3,
                  at,
                  next.growth()),
              next.timing().p50Micros() <= 100_000));
    }
    double qa = big.qaSeconds() * 10_000.0 / big.qaPairs() * 154.0 / big.timelineSteps();
    targets.add(
        new BenchReport.Target(
            "10,000 QA pairs x 154 checkpoints <= 10 min",
            String.format(
                Locale.ROOT,
                "%.1f s%s (measured %,d pairs x %d steps: %.1f s)",
                qa,
                at,
                big.qaPairs(),
                big.timelineSteps(),
                big.qaSeconds()),
            qa <= 600));
    double all = (double) big.indexBytes() / big.tokens();
    targets.add(
        new BenchReport.Target(
            "index of "
                + big.textBuild().views()
                + " and bigrams, with its term statistics"
                + " table, <= 6 bytes/token",
            String.format(Locale.ROOT, "%.2f bytes/token%s", all, at),
            all <= 6));
    if (big.textBuild().views().equals("text")) {
      targets.add(
          new BenchReport.Target(
              "default build <= 3 bytes/token",
              String.format(
                  Locale.ROOT, "%.2f bytes/token (text)%s", big.textBuild().bytesPerToken(), at),
              big.textBuild().bytesPerToken() <= 3));
    }
    return targets;
  }
}
